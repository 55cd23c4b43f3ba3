"""Rate limit counters. Created 2026-11-28."""
import sqlalchemy as sa
from alembic import op

from revision_helpers import create_table


revision = '2cacbd1c66c8'
down_revision = '1d115f7f4812'


def upgrade():
    create_table('rate_limit_counter', {
        'key': sa.String(length=255), 'count': sa.Integer(), 'expires_at': sa.Float(),
    }, primary_key=('key',))


def downgrade():
    op.drop_table('rate_limit_counter')
