"""initial schema

Created 2026-11-28.
"""
from alembic import op
import sqlalchemy as sa


revision = '1d115f7f4812'
down_revision = None


def upgrade():
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('note_retention_days', sa.Integer(), nullable=False),
    sa.Column('catalogue_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('mission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('partner', sa.String(length=120), nullable=False),
    sa.Column('pole', sa.String(length=16), nullable=False),
    sa.Column('mediation', sa.String(length=16), nullable=False),
    sa.Column('asks_gender', sa.Boolean(), nullable=False),
    sa.Column('asks_age_band', sa.Boolean(), nullable=False),
    sa.Column('asks_place', sa.Boolean(), nullable=False),
    sa.Column('asks_people', sa.Boolean(), nullable=False),
    sa.Column('asks_duration', sa.Boolean(), nullable=False),
    sa.Column('asks_mask_reminder', sa.Boolean(), nullable=False),
    sa.Column('asks_rating', sa.Boolean(), nullable=False),
    sa.Column('multi_motif', sa.Boolean(), nullable=False),
    sa.Column('default_place', sa.String(length=16), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation_id', 'code')
    )
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('pole', sa.String(length=16), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('last_failed_login_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entity', ['organisation_id', 'entity', 'entity_id'], unique=False)

    op.create_table('intervention_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('label_en', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('mission_id', 'code')
    )
    with op.batch_alter_table('intervention_type', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervention_type_mission_id'), ['mission_id'], unique=False)

    op.create_table('site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('network', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('mission_id', 'code')
    )
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_mission_id'), ['mission_id'], unique=False)

    op.create_table('sync_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('client_time', sa.DateTime(), nullable=True),
    sa.Column('server_time', sa.DateTime(), nullable=False),
    sa.Column('clock_skew_seconds', sa.Integer(), nullable=False),
    sa.Column('record_count', sa.Integer(), nullable=False),
    sa.Column('statuses', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sync_batch', schema=None) as batch_op:
        batch_op.create_index('ix_sync_batch_org_user', ['organisation_id', 'user_id', 'server_time'], unique=False)

    op.create_table('user_mission',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'mission_id')
    )
    op.create_table('user_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    op.create_table('shift',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('client_updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('corrected_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mediator_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_mediator_id'), ['mediator_id'], unique=False)
        batch_op.create_index('ix_shift_org_started', ['organisation_id', 'started_at'], unique=False)

    op.create_table('intervention',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Uuid(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('utc_offset_minutes', sa.SmallInteger(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('occurred_hour', sa.SmallInteger(), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('age_band', sa.String(length=8), nullable=False),
    sa.Column('place', sa.String(length=16), nullable=True),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('duration', sa.String(length=8), nullable=True),
    sa.Column('mask_reminder', sa.Boolean(), nullable=False),
    sa.Column('mask_outcome', sa.String(length=8), nullable=True),
    sa.Column('rating', sa.SmallInteger(), nullable=True),
    sa.Column('note', sa.String(length=280), nullable=True),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('client_updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('corrected_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mediator_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], ),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.create_index('ix_intervention_org_day', ['organisation_id', 'occurred_on'], unique=False)
        batch_op.create_index('ix_intervention_org_mission_day', ['organisation_id', 'mission_id', 'occurred_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_intervention_shift_id'), ['shift_id'], unique=False)

    op.create_table('shift_teammate',
    sa.Column('shift_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('shift_id', 'user_id')
    )
    op.create_table('intervention_motif',
    sa.Column('intervention_id', sa.Uuid(), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['intervention_id'], ['intervention.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_id'], ['intervention_type.id'], ),
    sa.PrimaryKeyConstraint('intervention_id', 'type_id')
    )
    with op.batch_alter_table('intervention_motif', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervention_motif_type_id'), ['type_id'], unique=False)



def downgrade():
    with op.batch_alter_table('intervention_motif', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervention_motif_type_id'))

    op.drop_table('intervention_motif')
    op.drop_table('shift_teammate')
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervention_shift_id'))
        batch_op.drop_index('ix_intervention_org_mission_day')
        batch_op.drop_index('ix_intervention_org_day')

    op.drop_table('intervention')
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index('ix_shift_org_started')
        batch_op.drop_index(batch_op.f('ix_shift_mediator_id'))

    op.drop_table('shift')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))

    op.drop_table('user_session')
    op.drop_table('user_mission')
    with op.batch_alter_table('sync_batch', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_batch_org_user')

    op.drop_table('sync_batch')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_mission_id'))

    op.drop_table('site')
    with op.batch_alter_table('intervention_type', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervention_type_mission_id'))

    op.drop_table('intervention_type')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entity')

    op.drop_table('audit_entry')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_organisation_id'))

    op.drop_table('user')
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mission_organisation_id'))

    op.drop_table('mission')
    op.drop_table('organisation')
