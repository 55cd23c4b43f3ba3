"""rate limit counters

Created 2026-11-28.
"""
from alembic import op
import sqlalchemy as sa


revision = '2cacbd1c66c8'
down_revision = '1d115f7f4812'


def upgrade():
    op.create_table('rate_limit_counter',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )


def downgrade():
    op.drop_table('rate_limit_counter')
