"""SQLite tuning so several gunicorn workers can write without "database is locked"."""

import sqlite3

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _wants_write_lock() -> bool:
    # A write that upgrades a deferred read transaction fails at once with SQLITE_BUSY when
    # another worker committed meanwhile; taking the write lock at BEGIN makes it wait instead.
    if not has_request_context():
        # CLI commands write; a test that only inspects the database says so with False.
        return g.get("sqlite_write", True) if has_app_context() else True
    return request.method not in SAFE_METHODS or g.get("sqlite_write", False)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event below issue BEGIN itself, in the mode we choose.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(conn) -> None:
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")


def begin_write() -> None:
    """Called by a read request that is about to write (an export's audit entry)."""
    from .extensions import db

    db.session.commit()
    g.sqlite_write = True
