"""Partner accounts: a read-only account names the partner whose missions it reads (issue 14 item 1)

Revision ID: b5e1c9d2a4f0
Revises: a7be540a20a5
Create Date: 2026-12-10 10:00:00.000000

Existing accounts get no partner: only a `partner` account has one.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5e1c9d2a4f0'
down_revision = 'a7be540a20a5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner', sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('partner')
