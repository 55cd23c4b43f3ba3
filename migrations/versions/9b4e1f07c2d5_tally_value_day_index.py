"""An index on the per-day tallies by dimension value, then day: the desk's table of
interventions reads one value's total over a period from it (issue 13 item 7, speed). Created 2026-11-30.
"""
from alembic import op


revision = '9b4e1f07c2d5'
down_revision = 'bdc11e6c41da'


def upgrade():
    with op.batch_alter_table('daily_tally', schema=None) as batch_op:
        batch_op.create_index(
            'ix_daily_tally_value_day', ['organisation_id', 'dimension', 'value', 'day'], unique=False
        )


def downgrade():
    with op.batch_alter_table('daily_tally', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_tally_value_day')
