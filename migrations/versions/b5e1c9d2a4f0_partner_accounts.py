"""Partner accounts: a read-only account names the partner whose missions it reads (issue 14 item 1). Created 2026-12-10.

Existing accounts get no partner: only a `partner` account has one.
"""
import sqlalchemy as sa
from alembic import op


revision = 'b5e1c9d2a4f0'
down_revision = 'a7be540a20a5'


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner', sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('partner')
