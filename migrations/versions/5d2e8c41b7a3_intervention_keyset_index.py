"""An index for the desk's table of interventions, paged by (time, id) (issue 13 item 2)

Revision ID: 5d2e8c41b7a3
Revises: c8d3f1a6e7b2
Create Date: 2026-11-30 00:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5d2e8c41b7a3'
down_revision = 'c8d3f1a6e7b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.create_index('ix_intervention_org_moment', ['organisation_id', 'occurred_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.drop_index('ix_intervention_org_moment')
