"""The organisation's phones as they last synced (issue 11 item 6, issue 13 item 3). Created 2026-11-29.

One row per (organisation, device id), written by every sync from then on: the list starts
empty and fills as phones sync.
"""
import sqlalchemy as sa
from alembic import op

from revision_helpers import create_table, nullable


revision = '23f25a303872'
down_revision = '3a7c5e2d9b14'


def upgrade():
    create_table('device', {
        'id': sa.Integer(), 'organisation_id': sa.Integer(), 'device_id': sa.String(length=64),
        'last_sync_at': sa.DateTime(), 'last_user_id': sa.Integer(), 'pending': nullable(sa.Integer()),
        'oldest_pending_at': nullable(sa.DateTime()), 'app_version': nullable(sa.String(length=32)),
    }, references={'last_user_id': 'user.id', 'organisation_id': 'organisation.id'},
        unique=[('organisation_id', 'device_id')], named=True)


def downgrade():
    op.drop_table('device')
