"""The organisation's phones as they last synced (issue 11 item 6, issue 13 item 3)

One row per (organisation, device id), written by every sync from then on: the list starts
empty and fills as phones sync.

Created 2026-11-29.
"""
from alembic import op
import sqlalchemy as sa


revision = '23f25a303872'
down_revision = '3a7c5e2d9b14'


def upgrade():
    op.create_table('device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('last_sync_at', sa.DateTime(), nullable=False),
    sa.Column('last_user_id', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Integer(), nullable=True),
    sa.Column('oldest_pending_at', sa.DateTime(), nullable=True),
    sa.Column('app_version', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['last_user_id'], ['user.id'], name=op.f('fk_device_last_user_id_user')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_device_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device')),
    sa.UniqueConstraint('organisation_id', 'device_id', name=op.f('uq_device_organisation_id_device_id'))
    )


def downgrade():
    op.drop_table('device')
