"""Networks (issue 14 items 2-3): networks, their members' memberships, network accounts

A network account belongs to a network and to no organisation: `user.organisation_id` may now
be empty (for such accounts only). Existing rows are unchanged.

Created 2026-12-10.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c8d3f1a6e7b2'
down_revision = 'b5e1c9d2a4f0'


def upgrade():
    op.create_table('network',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network')),
    sa.UniqueConstraint('name', name=op.f('uq_network_name'))
    )
    op.create_table('network_membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.Column('left_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_network_membership_network_id_network')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_network_membership_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_membership'))
    )
    with op.batch_alter_table('network_membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_membership_network_id'), ['network_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_membership_organisation_id'), ['organisation_id'], unique=False)

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

    with op.batch_alter_table('network_membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_membership_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_network_membership_network_id'))

    op.drop_table('network_membership')
    op.drop_table('network')
