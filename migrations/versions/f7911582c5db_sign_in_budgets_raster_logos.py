"""Sign-in budgets that drain (instead of a per-user failure count); raster logos only. Created 2026-11-30.

The per-user counter (`user.failed_logins`, `user.last_failed_login_at`) gives way to the
`sign_in_budget` table: budgets per address and account, per known device, per account,
kept for e-mails with no account too. Counts in progress are not carried over: at worst a
guesser gets one more budget, once.

Logos other than PNG, JPEG or WebP (SVG, accepted before) are removed: an SVG can carry
scripts, and a crafted one passed the filter that was meant to stop them. The organisation's
admin page then asks for a new one; the audit trail says why.
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

from revision_helpers import create_table, table


revision = 'f7911582c5db'
down_revision = 'c11693df3738'

RASTER_TYPES = ('image/png', 'image/jpeg', 'image/webp')


def upgrade():
    create_table('sign_in_budget', {
        'key': sa.String(length=64), 'account': sa.String(length=64), 'level': sa.Float(), 'updated_at': sa.Float(),
    }, primary_key=('key',), indexes={
        'ix_sign_in_budget_account': ['account'], 'ix_sign_in_budget_updated_at': ['updated_at'],
    })

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('last_failed_login_at')

    organisation = table('organisation', id=sa.Integer, logo=sa.LargeBinary, logo_type=sa.String)
    audit = table(
        'audit_entry', organisation_id=sa.Integer, actor_id=sa.Integer, entity=sa.String, entity_id=sa.String,
        action=sa.String, reason=sa.String, changes=sa.JSON, at=sa.DateTime,
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

    op.drop_table('sign_in_budget')
