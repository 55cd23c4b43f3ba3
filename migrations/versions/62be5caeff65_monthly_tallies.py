"""Monthly tallies: the daily ones added up by month, for the network's roll-up (issue 14 item 6)

Created 2026-11-30.
"""
from alembic import op
import sqlalchemy as sa


revision = '62be5caeff65'
down_revision = '9b4e1f07c2d5'


def upgrade():
    op.create_table('monthly_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('interventions', sa.Integer(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], name=op.f('fk_monthly_tally_mission_id_mission')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_monthly_tally_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_tally')),
    sa.UniqueConstraint('organisation_id', 'month', 'mission_id', 'dimension', 'value', name='uq_monthly_tally_key')
    )
    # Every month of every organisation's daily tallies, for the dimensions a network reads.
    month = "CAST(date_trunc('month', day) AS DATE)" if op.get_bind().dialect.name == "postgresql" else (
        "date(day, 'start of month')"
    )
    op.execute(
        "INSERT INTO monthly_tally (organisation_id, month, mission_id, dimension, value, interventions, people) "
        f"SELECT organisation_id, {month}, mission_id, dimension, value, SUM(interventions), SUM(people) "
        "FROM daily_tally WHERE dimension IN ('all', 'type', 'gender', 'age_band', 'place', 'duration', 'mask') "
        f"GROUP BY organisation_id, {month}, mission_id, dimension, value"
    )


def downgrade():
    op.drop_table('monthly_tally')
