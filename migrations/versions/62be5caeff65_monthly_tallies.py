"""Monthly tallies: the daily ones added up by month, for the network's roll-up (issue 14 item 6). Created 2026-11-30."""
from alembic import op

from revision_helpers import create_tally_table


revision = '62be5caeff65'
down_revision = '9b4e1f07c2d5'


def upgrade():
    create_tally_table('monthly_tally', 'month', named=True)
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
