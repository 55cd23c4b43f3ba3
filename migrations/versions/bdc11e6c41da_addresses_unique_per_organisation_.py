"""Addresses unique per organisation, organisation names not unique (issue 10 item 9). Created 2026-11-30.

An admin adding a person or renaming the organisation was refused when another organisation
used the address or the name: the refusal told them so. Sign-in tells accounts sharing an
address apart by their password (services/auth.py).
"""
import sqlalchemy as sa
from alembic import op


revision = 'bdc11e6c41da'
down_revision = '5d2e8c41b7a3'


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_constraint('uq_organisation_name', type_='unique')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint('uq_user_email', type_='unique')
        # Sign-in looks an address up in every organisation.
        batch_op.create_index('ix_user_email', ['email'], unique=False)
        batch_op.create_unique_constraint('uq_user_organisation_id_email', ['organisation_id', 'email'])
        batch_op.add_column(sa.Column('password_set_at', sa.DateTime(), nullable=True))


def downgrade():
    # Fails if two organisations now share an address or a name: nothing is merged silently.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('password_set_at')
        batch_op.drop_constraint('uq_user_organisation_id_email', type_='unique')
        batch_op.drop_index('ix_user_email')
        batch_op.create_unique_constraint('uq_user_email', ['email'])

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_organisation_name', ['name'])
