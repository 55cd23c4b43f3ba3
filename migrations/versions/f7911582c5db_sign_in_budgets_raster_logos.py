"""Sign-in budgets that drain (instead of a per-user failure count); raster logos only

The per-user counter (`user.failed_logins`, `user.last_failed_login_at`) gives way to the
`sign_in_budget` table: budgets per address and account, per known device, per account,
kept for e-mails with no account too. Counts in progress are not carried over: at worst a
guesser gets one more budget, once.

Logos other than PNG, JPEG or WebP (SVG, accepted before) are removed: an SVG can carry
scripts, and a crafted one passed the filter that was meant to stop them. The organisation's
admin page then asks for a new one; the audit trail says why.

Created 2026-11-30.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = 'f7911582c5db'
down_revision = 'c11693df3738'

RASTER_TYPES = ('image/png', 'image/jpeg', 'image/webp')


def upgrade():
    op.create_table('sign_in_budget',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('account', sa.String(length=64), nullable=False),
    sa.Column('level', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('sign_in_budget', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_budget_account'), ['account'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_budget_updated_at'), ['updated_at'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('last_failed_login_at')

    organisation = sa.table(
        'organisation',
        sa.column('id', sa.Integer),
        sa.column('logo', sa.LargeBinary),
        sa.column('logo_type', sa.String),
    )
    audit = sa.table(
        'audit_entry',
        sa.column('organisation_id', sa.Integer),
        sa.column('actor_id', sa.Integer),
        sa.column('entity', sa.String),
        sa.column('entity_id', sa.String),
        sa.column('action', sa.String),
        sa.column('reason', sa.String),
        sa.column('changes', sa.JSON),
        sa.column('at', sa.DateTime),
    )
    connection = op.get_bind()
    not_raster = sa.and_(organisation.c.logo_type.is_not(None), organisation.c.logo_type.not_in(RASTER_TYPES))
    for (organisation_id,) in connection.execute(sa.select(organisation.c.id).where(not_raster)).all():
        connection.execute(
            audit.insert().values(
                organisation_id=organisation_id,
                actor_id=None,
                entity='organisation',
                entity_id=str(organisation_id),
                action='logo',
                reason='Logo SVG retiré : seules les images PNG, JPEG ou WebP sont acceptées.',
                changes={'logo': ['SVG', None]},
                at=datetime.now(timezone.utc).replace(tzinfo=None),
            )
        )
    connection.execute(organisation.update().where(not_raster).values(logo=None, logo_type=None))


def downgrade():
    # Removed logos are not brought back: the admin sends a new one.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_failed_login_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('sign_in_budget', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_budget_updated_at'))
        batch_op.drop_index(batch_op.f('ix_sign_in_budget_account'))

    op.drop_table('sign_in_budget')
