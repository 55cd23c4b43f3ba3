"""The application's engine, and the write transactions services enter before they write.

SQLite has one writer at a time. A transaction that has read and then writes cannot wait
for the write lock: if another gunicorn worker committed since its first read, its snapshot
is stale and SQLite answers "database is locked" at once. A service that writes therefore
calls `begin_write()` before its first query: on SQLite its transaction then begins with
BEGIN IMMEDIATE and waits, up to busy_timeout, for the lock. Every other transaction begins
deferred and only reads, so pages and exports never queue behind a sync. On PostgreSQL the
call only marks the transaction: rows a writer depends on are locked with FOR UPDATE.

While it waits, SQLite polls the lock with sleeps of up to 100 ms, and a newcomer may take
it before a writer that has waited longest: with gunicorn's threads all asking at once, a
one-record sync waited seconds behind writes of a few milliseconds. The threads of one
process therefore queue for the write lock on a Python lock first, which hands it over as
soon as it is released. The processes' front runners then take turns on a lock file beside
the database (`flock`), which the kernel hands to a waiting process as soon as it is freed;
it is freed before the process's own next thread may ask for it. Left to SQLite's polling, the
process that had just written took the lock again and again (its next thread was already
queued) while the other process slept: at 32 connections on two workers, a sync's p99 was
2.9 s against 0.68 s with one worker (docs/benchmarks.md).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import warnings

from flask import Flask, has_request_context
from sqlalchemy import Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from .extensions import db

# Execution option of the connection a write transaction runs on; read by the BEGIN below.
_WRITE = "mediatap_write"
# Connection.info key: the deferred transaction on this connection has read something.
_HAS_READ = "mediatap_has_read"
# Session.info key: the process's queue lock this session's write transaction holds.
_QUEUED = "mediatap_write_queue"
# Session.info key: the open lock file whose `flock` is this process's turn among processes.
_TURN = "mediatap_write_turn"
# Whether this thread holds a turn (the session that took it may not be the one asking).
_turns = threading.local()
# SQLite's busy_timeout, in seconds: no writer waits longer in the queue than SQLite would.
_BUSY_TIMEOUT = 30
# One queue per SQLite database file; reentrant, so a second session of the same thread
# (whose BEGIN IMMEDIATE SQLite would refuse anyway) fails there rather than hanging here.
_queues: dict[str, threading.RLock] = {}
_queues_lock = threading.Lock()


class UnlockedWrite(RuntimeWarning):
    """A request wrote in a transaction that had read without begin_write() (SQLite)."""


def init_app(app: Flask) -> None:
    """Tune the application's own engine; other engines in the process are left alone."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        event.listen(engine, "before_cursor_execute", _watch_sqlite_writes)


def begin_write() -> None:
    """Make the session's transaction a write transaction, before the service's first query.

    On SQLite a read transaction still open (the request's session lookup, say) is committed
    first, and the next one takes the write lock at BEGIN. Called again in the same write
    transaction it does nothing, so a service may call another that also writes.
    """
    session = db.session()  # the scoped session's own Session: it knows its transaction
    transaction = session.get_transaction()
    if transaction is not None and session.info.get(_WRITE) is transaction:
        return
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_write() comes before a service's first change, not after it.")
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        if transaction is not None:
            session.commit()
        queue = _queue_of(str(bind.url))
        # Past the timeout the writer goes on without its turn: SQLite still serialises it.
        if queue.acquire(timeout=_BUSY_TIMEOUT):
            session.info[_QUEUED] = queue
            turn = _take_turn(bind.url.database)
            if turn is not None:
                session.info[_TURN] = turn
        try:
            session.connection(execution_options={_WRITE: True})
        except BaseException:
            _leave_queue(session)
            raise
    else:
        session.connection()
    session.info[_WRITE] = session.get_transaction()


def _queue_of(url: str) -> threading.RLock:
    queue = _queues.get(url)
    if queue is None:
        with _queues_lock:
            queue = _queues.setdefault(url, threading.RLock())
    return queue


@event.listens_for(Session, "after_transaction_end")
def _end_of_write(session: Session, transaction) -> None:
    # Committed or rolled back, the write lock is SQLite's no more: the next writer's turn.
    if transaction.parent is None:
        _leave_queue(session)


def _leave_queue(session: Session) -> None:
    # The other processes' turn first: their waiter is woken before this process's next
    # thread, queued behind the lock released below, can ask.
    turn = session.info.pop(_TURN, None)
    if turn is not None:
        os.close(turn)  # closing the file releases its flock
        _turns.held = 0
    queue = session.info.pop(_QUEUED, None)
    if queue is not None:
        queue.release()


def _take_turn(database: str | None) -> int | None:
    """This process's turn among the processes writing to the database file: an open file
    descriptor holding an exclusive `flock` on `<database>.writers`, or None (a database in
    memory, a folder that cannot hold the file, or no turn within the timeout: SQLite still
    serialises the writer)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    if getattr(_turns, "held", 0):
        # A second session of a thread that has its turn (SQLite refuses its BEGIN IMMEDIATE
        # at once): waiting here for its own turn would only hang it.
        return None
    try:
        descriptor = os.open(f"{database}.writers", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        descriptor = _wait_for_turn(descriptor)
    except OSError:
        os.close(descriptor)
        return None
    if descriptor is not None:
        _turns.held = 1
    return descriptor


def _wait_for_turn(descriptor: int) -> int | None:
    """Wait in the kernel's queue for the lock, at most the busy timeout. `flock` cannot be given
    a timeout: a helper thread waits in it, and a turn that comes too late is given back."""
    state = {"taken": False, "abandoned": False}
    guard = threading.Lock()
    arrived = threading.Event()

    def wait() -> None:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        except OSError:
            with guard:
                state["abandoned"] = True
            os.close(descriptor)
            arrived.set()
            return
        with guard:
            if state["abandoned"]:
                os.close(descriptor)
                return
            state["taken"] = True
        arrived.set()

    threading.Thread(target=wait, name="sqlite-writer-turn", daemon=True).start()
    arrived.wait(_BUSY_TIMEOUT)
    with guard:
        if state["taken"]:
            return descriptor
        state["abandoned"] = True
    return None


def dialect_insert(table: Table, dialect_name: str):
    """An INSERT that may say ON CONFLICT, in the dialect named (SQLite or PostgreSQL)."""
    return (postgresql if dialect_name == "postgresql" else sqlite).insert(table)


def _configure_sqlite(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let the "begin" listener below issue BEGIN itself, in the mode the transaction needs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    writing = connection.get_execution_options().get(_WRITE, False)
    connection.info[_HAS_READ] = False
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _watch_sqlite_writes(connection: Connection, cursor, statement: str, parameters, context, executemany) -> None:
    # Only requests run beside other workers; a command or a test's own session writes alone.
    if connection.get_execution_options().get(_WRITE) or not has_request_context():
        return
    verb = statement.lstrip()[:6].upper()
    if verb == "SELECT":
        connection.info[_HAS_READ] = True
    elif verb in ("INSERT", "UPDATE", "DELETE") and connection.info.get(_HAS_READ):
        warnings.warn(
            "A request wrote after reading in a deferred SQLite transaction: call begin_write() "
            "before the service's first query, or a concurrent commit fails it with 'database is locked'.",
            UnlockedWrite,
            stacklevel=2,
        )
