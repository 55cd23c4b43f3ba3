"""Desk and admin: daily tallies, sync rejections, organisation logo

Created 2026-11-29.
"""
from alembic import op
import sqlalchemy as sa


revision = '710409fce9f8'
down_revision = '2cacbd1c66c8'


def upgrade():
    op.create_table('daily_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('interventions', sa.Integer(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation_id', 'day', 'mission_id', 'dimension', 'value', name='uq_daily_tally_key')
    )
    op.create_table('sync_rejection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=True),
    sa.Column('shift_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['sync_batch.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sync_rejection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_rejection_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_sync_rejection_org_shift', ['organisation_id', 'shift_id'], unique=False)

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

    with op.batch_alter_table('sync_rejection', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_rejection_org_shift')
        batch_op.drop_index(batch_op.f('ix_sync_rejection_batch_id'))

    op.drop_table('sync_rejection')
    op.drop_table('daily_tally')
