"""Initial schema. Created 2026-11-28."""
import sqlalchemy as sa
from alembic import op

from revision_helpers import create_table, nullable


revision = '1d115f7f4812'
down_revision = None

# In the order they are created (a table after those it references), dropped in reverse.
TABLES = (
    'organisation', 'mission', 'user', 'audit_entry', 'intervention_type', 'site', 'sync_batch', 'user_mission',
    'user_session', 'shift', 'intervention', 'shift_teammate', 'intervention_motif',
)

# What a phone sends of a shift or an intervention, and when the server received and changed it.
_SYNCED = {
    'device_id': sa.String(length=64), 'client_updated_at': sa.DateTime(), 'deleted': sa.Boolean(),
    'corrected_at': nullable(sa.DateTime()), 'created_at': sa.DateTime(), 'updated_at': sa.DateTime(),
    'received_at': sa.DateTime(),
}


def upgrade():
    create_table('organisation', {
        'id': sa.Integer(), 'name': sa.String(length=120), 'timezone': sa.String(length=64),
        'note_retention_days': sa.Integer(), 'catalogue_version': sa.Integer(), 'created_at': sa.DateTime(),
    }, unique=[('name',)])
    create_table('mission', {
        'id': sa.Integer(), 'organisation_id': sa.Integer(), 'code': sa.String(length=40),
        'label': sa.String(length=120), 'partner': sa.String(length=120), 'pole': sa.String(length=16),
        'mediation': sa.String(length=16), 'asks_gender': sa.Boolean(), 'asks_age_band': sa.Boolean(),
        'asks_place': sa.Boolean(), 'asks_people': sa.Boolean(), 'asks_duration': sa.Boolean(),
        'asks_mask_reminder': sa.Boolean(), 'asks_rating': sa.Boolean(), 'multi_motif': sa.Boolean(),
        'default_place': nullable(sa.String(length=16)), 'position': sa.Integer(), 'archived': sa.Boolean(),
    }, references={'organisation_id': 'organisation.id'}, unique=[('organisation_id', 'code')],
        indexes={'ix_mission_organisation_id': ['organisation_id']})
    create_table('user', {
        'id': sa.Integer(), 'organisation_id': sa.Integer(), 'email': sa.String(length=254),
        'name': sa.String(length=120), 'role': sa.String(length=16), 'pole': nullable(sa.String(length=16)),
        'active': sa.Boolean(), 'password_hash': sa.String(length=255), 'must_change_password': sa.Boolean(),
        'failed_logins': sa.Integer(), 'last_failed_login_at': nullable(sa.DateTime()), 'created_at': sa.DateTime(),
    }, references={'organisation_id': 'organisation.id'}, unique=[('email',)],
        indexes={'ix_user_organisation_id': ['organisation_id']})
    create_table('audit_entry', {
        'id': sa.Integer(), 'organisation_id': sa.Integer(), 'actor_id': nullable(sa.Integer()),
        'entity': sa.String(length=32), 'entity_id': sa.String(length=64), 'action': sa.String(length=32),
        'reason': sa.String(length=500), 'changes': sa.JSON(), 'at': sa.DateTime(),
    }, references={'actor_id': 'user.id', 'organisation_id': 'organisation.id'},
        indexes={'ix_audit_entity': ['organisation_id', 'entity', 'entity_id']})
    create_table('intervention_type', {
        'id': sa.Integer(), 'mission_id': sa.Integer(), 'code': sa.String(length=40), 'label': sa.String(length=120),
        'label_en': sa.String(length=120), 'position': sa.Integer(), 'active': sa.Boolean(),
    }, references={'mission_id': 'mission.id'}, unique=[('mission_id', 'code')],
        indexes={'ix_intervention_type_mission_id': ['mission_id']})
    create_table('site', {
        'id': sa.Integer(), 'mission_id': sa.Integer(), 'code': sa.String(length=40), 'label': sa.String(length=120),
        'network': sa.String(length=60), 'position': sa.Integer(), 'archived': sa.Boolean(),
    }, references={'mission_id': 'mission.id'}, unique=[('mission_id', 'code')],
        indexes={'ix_site_mission_id': ['mission_id']})
    create_table('sync_batch', {
        'id': sa.Integer(), 'organisation_id': sa.Integer(), 'user_id': sa.Integer(),
        'device_id': sa.String(length=64), 'client_time': nullable(sa.DateTime()), 'server_time': sa.DateTime(),
        'clock_skew_seconds': sa.Integer(), 'record_count': sa.Integer(), 'statuses': sa.JSON(),
    }, references={'organisation_id': 'organisation.id', 'user_id': 'user.id'},
        indexes={'ix_sync_batch_org_user': ['organisation_id', 'user_id', 'server_time']})
    create_table('user_mission', {'user_id': sa.Integer(), 'mission_id': sa.Integer()},
        references={'mission_id': 'mission.id', 'user_id': 'user.id'},
        ondelete={'mission_id': 'CASCADE', 'user_id': 'CASCADE'}, primary_key=('user_id', 'mission_id'))
    create_table('user_session', {
        'id': sa.String(length=64), 'user_id': sa.Integer(), 'created_at': sa.DateTime(),
        'ended_at': nullable(sa.DateTime()),
    }, references={'user_id': 'user.id'}, ondelete={'user_id': 'CASCADE'},
        indexes={'ix_user_session_user_id': ['user_id']})
    create_table('shift', {
        'id': sa.Uuid(), 'organisation_id': sa.Integer(), 'mediator_id': sa.Integer(), 'mission_id': sa.Integer(),
        'site_id': nullable(sa.Integer()), 'started_at': sa.DateTime(), 'ended_at': nullable(sa.DateTime()),
        **_SYNCED,
    }, references={
        'mediator_id': 'user.id', 'mission_id': 'mission.id', 'organisation_id': 'organisation.id',
        'site_id': 'site.id',
    }, indexes={'ix_shift_mediator_id': ['mediator_id'], 'ix_shift_org_started': ['organisation_id', 'started_at']})
    create_table('intervention', {
        'id': sa.Uuid(), 'organisation_id': sa.Integer(), 'shift_id': sa.Uuid(), 'mediator_id': sa.Integer(),
        'mission_id': sa.Integer(), 'site_id': nullable(sa.Integer()), 'occurred_at': sa.DateTime(),
        'utc_offset_minutes': sa.SmallInteger(), 'occurred_on': sa.Date(), 'occurred_hour': sa.SmallInteger(),
        'gender': sa.String(length=8), 'age_band': sa.String(length=8), 'place': nullable(sa.String(length=16)),
        'people': sa.Integer(), 'duration': nullable(sa.String(length=8)), 'mask_reminder': sa.Boolean(),
        'mask_outcome': nullable(sa.String(length=8)), 'rating': nullable(sa.SmallInteger()),
        'note': nullable(sa.String(length=280)),
        **_SYNCED,
    }, references={
        'mediator_id': 'user.id', 'mission_id': 'mission.id', 'organisation_id': 'organisation.id',
        'shift_id': 'shift.id', 'site_id': 'site.id',
    }, indexes={
        'ix_intervention_org_day': ['organisation_id', 'occurred_on'],
        'ix_intervention_org_mission_day': ['organisation_id', 'mission_id', 'occurred_on'],
        'ix_intervention_shift_id': ['shift_id'],
    })
    create_table('shift_teammate', {'shift_id': sa.Uuid(), 'user_id': sa.Integer()},
        references={'shift_id': 'shift.id', 'user_id': 'user.id'}, ondelete={'shift_id': 'CASCADE'},
        primary_key=('shift_id', 'user_id'))
    create_table('intervention_motif', {
        'intervention_id': sa.Uuid(), 'type_id': sa.Integer(), 'position': sa.SmallInteger(),
    }, references={'intervention_id': 'intervention.id', 'type_id': 'intervention_type.id'},
        ondelete={'intervention_id': 'CASCADE'}, primary_key=('intervention_id', 'type_id'),
        indexes={'ix_intervention_motif_type_id': ['type_id']})


def downgrade():
    for table in reversed(TABLES):
        op.drop_table(table)
