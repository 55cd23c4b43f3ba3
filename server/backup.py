"""`flask --app server backup PATH`: a consistent copy of the database while the app runs."""

import sqlite3
from pathlib import Path

import click
from flask.cli import with_appcontext

from .extensions import db


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH (online: phones may keep syncing meanwhile)."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            "This database is PostgreSQL: back it up with its own tool, for example\n"
            f"  pg_dump --format=custom --file={path} '{url.render_as_string(hide_password=True)}'\n"
            "and restore with pg_restore --clean --dbname=... (see README, Backups)."
        )
    if path.exists():
        raise click.ClickException(f"{path} exists already: choose a new file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(path)
    try:
        # SQLite's online backup copies a consistent snapshot page by page, letting writers
        # in between steps, unlike a file copy that can catch a half-written page.
        with target:
            source.backup(target, pages=1024)
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    if check != "ok":
        raise click.ClickException(f"The copy failed its integrity check: {check}")
    click.echo(f"Backed up to {path} (integrity check: ok).")
