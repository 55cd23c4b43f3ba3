"""Constraints named by the models' naming convention. Created 2026-12-07.

The models name every constraint (server/extensions.py, NAMING_CONVENTION), and so do the
earlier migrations when run today. A database migrated before has PostgreSQL's default
names (user_email_key, user_pkey, shift_site_id_fkey, ...) or, on SQLite, none at all.
PostgreSQL renames them in place. SQLite cannot rename a constraint: batch mode rebuilds
each such table with the names, its rows and indexes kept (migrations/env.py turns the
enforcement of foreign keys off meanwhile, and checks them after). A database that has the
names already is left untouched.
"""
import sqlalchemy as sa
from alembic import op


revision = 'c11693df3738'
down_revision = '710409fce9f8'

# The kinds this step names, as the models name them at this revision (a later change there
# must not change what this step did). Index names are unchanged; there are no checks.
NAMING_CONVENTION = {
    "pk": "pk_%(table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
}
# Named explicitly in the models: they keep their names.
EXPLICIT_NAMES = {"uq_daily_tally_key"}


def upgrade():
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        renames = _renames(inspector, table)
        if not renames:
            continue
        if bind.dialect.name == "sqlite":
            # Reflected with the convention, the unnamed constraints get their names; the
            # rebuilt table is created with them.
            with op.batch_alter_table(table, recreate="always", naming_convention=NAMING_CONVENTION):
                pass
        else:
            for old, new in renames:
                op.execute(f'ALTER TABLE "{table}" RENAME CONSTRAINT "{old}" TO "{new}"')


def downgrade():
    # The earlier revisions create these same names when run today: there is no older
    # name to go back to that every database had.
    pass


def _renames(inspector, table: str) -> list[tuple[str | None, str]]:
    """(current name, conventional name) of each constraint of the table named otherwise."""
    wanted = []
    primary_key = inspector.get_pk_constraint(table)
    if primary_key["constrained_columns"]:
        wanted.append((primary_key["name"], f"pk_{table}"))
    for unique in inspector.get_unique_constraints(table):
        if unique["name"] not in EXPLICIT_NAMES:
            wanted.append((unique["name"], f"uq_{table}_{'_'.join(unique['column_names'])}"))
    for foreign_key in inspector.get_foreign_keys(table):
        column = foreign_key["constrained_columns"][0]
        wanted.append((foreign_key["name"], f"fk_{table}_{column}_{foreign_key['referred_table']}"))
    return [(old, new) for old, new in wanted if old != new]
