## A one-line docstring (Alembic shows it in `flask db history`); what the reader needs beyond
## it, and why, goes in a paragraph after it. Shared table helpers: migrations/revision_helpers.py
## (frozen: add a function, never change one).
"""${message.rstrip(".")}. Created ${create_date.date()}."""
import sqlalchemy as sa
from alembic import op
${imports if imports else ""}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
