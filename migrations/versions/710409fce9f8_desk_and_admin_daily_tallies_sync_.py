"""Desk and admin: daily tallies, sync rejections, organisation logo. Created 2026-11-29."""
import sqlalchemy as sa
from alembic import op

from revision_helpers import create_table, create_tally_table, nullable


revision = '710409fce9f8'
down_revision = '2cacbd1c66c8'


def upgrade():
    create_tally_table('daily_tally', 'day', named=False)
    create_table('sync_rejection', {
        'id': sa.Integer(), 'organisation_id': sa.Integer(), 'batch_id': sa.Integer(), 'kind': sa.String(length=16),
        'record_id': nullable(sa.String(length=64)), 'shift_id': nullable(sa.String(length=64)),
        'status': sa.String(length=16), 'errors': sa.JSON(),
    }, references={'batch_id': 'sync_batch.id', 'organisation_id': 'organisation.id'}, ondelete={'batch_id': 'CASCADE'},
        indexes={'ix_sync_rejection_batch_id': ['batch_id'], 'ix_sync_rejection_org_shift': ['organisation_id', 'shift_id']})

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_type', sa.String(length=32), nullable=True))

    _count_existing_interventions()


# The dimensions of services/tallies.py as they were when this migration was written: an
# installation that already holds interventions gets its tallies counted once, here, so the
# reports read right from the first request after the upgrade.
_DIMENSIONS = {
    'all': "''",
    'site': 'i.site_id',
    'mediator': 'i.mediator_id',
    'gender': 'i.gender',
    'age_band': 'i.age_band',
    'place': 'i.place',
    'duration': 'i.duration',
    'hour': 'i.occurred_hour',
    'mask': "COALESCE(i.mask_outcome, 'none')",
    'rating': 'i.rating',
    'type': 'm.type_id',
}


def _count_existing_interventions():
    selects = []
    for dimension, expression in _DIMENSIONS.items():
        source = 'intervention i'
        where = 'NOT i.deleted'
        group = 'i.organisation_id, i.occurred_on, i.mission_id'
        if dimension == 'type':
            source += ' JOIN intervention_motif m ON m.intervention_id = i.id'
        if dimension == 'mask':
            where += ' AND i.mask_reminder'
        elif dimension != 'all':
            where += f' AND {expression} IS NOT NULL'
        if dimension != 'all':
            group += f', {expression}'
        selects.append(
            f"SELECT i.organisation_id, i.occurred_on, i.mission_id, '{dimension}', "
            f"CAST({expression} AS VARCHAR(40)), COUNT(*), COALESCE(SUM(i.people), 0) "
            f"FROM {source} WHERE {where} GROUP BY {group}"
        )
    op.execute(
        'INSERT INTO daily_tally (organisation_id, day, mission_id, dimension, value, interventions, people) '
        + ' UNION ALL '.join(selects)
    )


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+): batch mode would copy the organisation table, which
    # every other table references, and trip the foreign keys.
    op.drop_column('organisation', 'logo_type')
    op.drop_column('organisation', 'logo')

    op.drop_table('sync_rejection')
    op.drop_table('daily_tally')
