"""An index for the desk's table of interventions, paged by (time, id) (issue 13 item 2). Created 2026-11-30."""
from alembic import op


revision = '5d2e8c41b7a3'
down_revision = 'c8d3f1a6e7b2'


def upgrade():
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.create_index('ix_intervention_org_moment', ['organisation_id', 'occurred_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.drop_index('ix_intervention_org_moment')
