"""Networks (issue 14 items 2-3): networks, their members' memberships, network accounts. Created 2026-12-10.

A network account belongs to a network and to no organisation: `user.organisation_id` may now
be empty (for such accounts only). Existing rows are unchanged.
"""
import sqlalchemy as sa
from alembic import op

from revision_helpers import create_table, nullable


revision = 'c8d3f1a6e7b2'
down_revision = 'b5e1c9d2a4f0'


def upgrade():
    create_table('network', {'id': sa.Integer(), 'name': sa.String(length=120), 'created_at': sa.DateTime()},
        unique=[('name',)], named=True)
    create_table('network_membership', {
        'id': sa.Integer(), 'network_id': sa.Integer(), 'organisation_id': sa.Integer(), 'joined_at': sa.DateTime(),
        'left_at': nullable(sa.DateTime()),
    }, references={'network_id': 'network.id', 'organisation_id': 'organisation.id'}, indexes={
        'ix_network_membership_network_id': ['network_id'],
        'ix_network_membership_organisation_id': ['organisation_id'],
    }, named=True)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('network_id', sa.Integer(), nullable=True))
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_user_network_id'), ['network_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_network_id_network'), 'network', ['network_id'], ['id'])


def downgrade():
    # Network accounts have no organisation: they cannot outlive the networks.
    op.execute('DELETE FROM user_session WHERE user_id IN (SELECT id FROM "user" WHERE organisation_id IS NULL)')
    op.execute('DELETE FROM "user" WHERE organisation_id IS NULL')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_network_id_network'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_network_id'))
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('network_id')

    op.drop_table('network_membership')
    op.drop_table('network')
