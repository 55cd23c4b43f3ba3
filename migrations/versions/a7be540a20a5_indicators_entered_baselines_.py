"""Indicators, entered baselines, satisfaction scale per mission. Created 2026-11-29.

Figures that are not taps (`indicator`, `indicator_value` in hundredths), a year's totals
entered per mission for a year before the tool (`baseline`, `baseline_motif`), and how each
mission asks for satisfaction (`mission.rating_scale`, "stars" for every existing mission:
their ratings keep reading as 1-5 stars). Constraints are named as the models' convention
names them (server/extensions.py), written out so that a later change there changes nothing here.
"""
import sqlalchemy as sa
from alembic import op

from revision_helpers import create_table, nullable


revision = 'a7be540a20a5'
down_revision = '23f25a303872'


def upgrade():
    create_table('baseline', {
        'id': sa.Integer(), 'organisation_id': sa.Integer(), 'mission_id': sa.Integer(), 'year': sa.SmallInteger(),
        'interventions': nullable(sa.Integer()), 'people': nullable(sa.Integer()),
    }, references={'mission_id': 'mission.id', 'organisation_id': 'organisation.id'}, unique=[('mission_id', 'year')],
        indexes={'ix_baseline_organisation_id': ['organisation_id']}, named=True)
    create_table('indicator', {
        'id': sa.Integer(), 'organisation_id': sa.Integer(), 'mission_id': nullable(sa.Integer()),
        'code': sa.String(length=40), 'label': sa.String(length=120), 'label_en': sa.String(length=120),
        'unit': sa.String(length=16), 'periodicity': sa.String(length=16), 'position': sa.Integer(),
        'archived': sa.Boolean(),
    }, references={'mission_id': 'mission.id', 'organisation_id': 'organisation.id'},
        unique=[('organisation_id', 'code')], indexes={'ix_indicator_organisation_id': ['organisation_id']}, named=True)
    create_table('baseline_motif', {'baseline_id': sa.Integer(), 'type_id': sa.Integer(), 'motifs': sa.Integer()},
        references={'baseline_id': 'baseline.id', 'type_id': 'intervention_type.id'}, ondelete={'baseline_id': 'CASCADE'},
        primary_key=('baseline_id', 'type_id'), named=True)
    create_table('indicator_value', {
        'id': sa.Integer(), 'indicator_id': sa.Integer(), 'year': sa.SmallInteger(), 'month': sa.SmallInteger(),
        'hundredths': sa.BigInteger(),
    }, references={'indicator_id': 'indicator.id'}, ondelete={'indicator_id': 'CASCADE'},
        unique=[('indicator_id', 'year', 'month')], named=True)
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rating_scale', sa.String(length=16), server_default='stars', nullable=False))


def downgrade():
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.drop_column('rating_scale')

    for table in ('indicator_value', 'baseline_motif', 'indicator', 'baseline'):
        op.drop_table(table)
