"""A network's audit trail: entries of no organisation, belonging to a network (its creation,
its accounts, its exports) (issue 14). Created 2026-11-30.
"""
import sqlalchemy as sa
from alembic import op


revision = '8c5d3b7a9e21'
down_revision = '4f6a2d8e1c37'


def upgrade():
    with op.batch_alter_table('audit_entry') as batch_op:
        batch_op.add_column(sa.Column('network_id', sa.Integer(), nullable=True))
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_audit_entry_network_id'), ['network_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_audit_entry_network_id_network'), 'network', ['network_id'], ['id']
        )


def downgrade():
    # A network's entries have no organisation to stay in.
    op.execute("DELETE FROM audit_entry WHERE organisation_id IS NULL")
    with op.batch_alter_table('audit_entry') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_entry_network_id_network'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_audit_entry_network_id'))
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('network_id')
