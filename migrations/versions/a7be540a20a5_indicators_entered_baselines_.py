"""Indicators, entered baselines, satisfaction scale per mission

Figures that are not taps (`indicator`, `indicator_value` in hundredths), a year's totals
entered per mission for a year before the tool (`baseline`, `baseline_motif`), and how each
mission asks for satisfaction (`mission.rating_scale`, "stars" for every existing mission:
their ratings keep reading as 1-5 stars). Constraints are named as the models' convention
names them (server/extensions.py), written out so that a later change there changes nothing here.

Created 2026-11-29.
"""
from alembic import op
import sqlalchemy as sa


revision = 'a7be540a20a5'
down_revision = '23f25a303872'


def upgrade():
    op.create_table('baseline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('interventions', sa.Integer(), nullable=True),
    sa.Column('people', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], name=op.f('fk_baseline_mission_id_mission')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_baseline_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_baseline')),
    sa.UniqueConstraint('mission_id', 'year', name=op.f('uq_baseline_mission_id_year'))
    )
    with op.batch_alter_table('baseline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_baseline_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('label_en', sa.String(length=120), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('periodicity', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], name=op.f('fk_indicator_mission_id_mission')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_indicator_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator')),
    sa.UniqueConstraint('organisation_id', 'code', name=op.f('uq_indicator_organisation_id_code'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('baseline_motif',
    sa.Column('baseline_id', sa.Integer(), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('motifs', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['baseline_id'], ['baseline.id'], name=op.f('fk_baseline_motif_baseline_id_baseline'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_id'], ['intervention_type.id'], name=op.f('fk_baseline_motif_type_id_intervention_type')),
    sa.PrimaryKeyConstraint('baseline_id', 'type_id', name=op.f('pk_baseline_motif'))
    )
    op.create_table('indicator_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('month', sa.SmallInteger(), nullable=False),
    sa.Column('hundredths', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_value_indicator_id_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_value')),
    sa.UniqueConstraint('indicator_id', 'year', 'month', name=op.f('uq_indicator_value_indicator_id_year_month'))
    )
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rating_scale', sa.String(length=16), server_default='stars', nullable=False))



def downgrade():
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.drop_column('rating_scale')

    op.drop_table('indicator_value')
    op.drop_table('baseline_motif')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_organisation_id'))

    op.drop_table('indicator')
    with op.batch_alter_table('baseline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_baseline_organisation_id'))

    op.drop_table('baseline')
