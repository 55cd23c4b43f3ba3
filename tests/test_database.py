"""SQLite write transactions: entered by begin_write(), on the application's own engine only."""

import fcntl
import os
import sqlite3
import threading
import time

import pytest
from sqlalchemy import create_engine, select, text

from server import create_app, database
from server.database import UnlockedWrite, _queue_of, begin_write
from server.extensions import db
from server.models import Organisation
from tests.helpers import app_config


@pytest.fixture
def sqlite_app(tmp_path):
    application = create_app(app_config(f"sqlite:///{tmp_path / 'writes.db'}"))
    with application.app_context():
        db.create_all()
        yield application, tmp_path / "writes.db"
        db.session.remove()
        db.engine.dispose()


def _another_worker_can_write(path) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        other.close()


def test_reading_takes_no_write_lock_and_begin_write_takes_it_at_once(sqlite_app):
    _, path = sqlite_app
    db.session.scalar(select(Organisation))
    assert _another_worker_can_write(path)
    begin_write()
    assert not _another_worker_can_write(path)
    db.session.commit()
    assert _another_worker_can_write(path)


def test_a_second_begin_write_keeps_the_transaction_it_is_in(sqlite_app):
    begin_write()
    db.session.add(Organisation(name="PIMMS de Dijon", timezone="Europe/Paris"))
    db.session.flush()
    begin_write()  # a service calling another that writes: nothing is committed half-way
    db.session.rollback()
    assert db.session.scalar(select(Organisation)) is None


def test_begin_write_after_a_change_is_a_mistake_said_at_once(sqlite_app):
    db.session.add(Organisation(name="PIMMS de Dijon", timezone="Europe/Paris"))
    with pytest.raises(RuntimeError, match="before a service's first change"):
        begin_write()


def test_a_request_writing_after_reading_without_begin_write_is_flagged(sqlite_app):
    application, _ = sqlite_app
    with application.test_request_context(method="POST"):
        db.session.scalar(select(Organisation))
        db.session.add(Organisation(name="PIMMS de Dijon", timezone="Europe/Paris"))
        with pytest.warns(UnlockedWrite):
            db.session.flush()
        db.session.rollback()
    with application.test_request_context(method="POST"):
        db.session.scalar(select(Organisation))
        begin_write()
        db.session.add(Organisation(name="PIMMS de Dijon", timezone="Europe/Paris"))
        db.session.commit()


def test_other_engines_in_the_process_are_left_alone(sqlite_app, tmp_path):
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    other = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    with other.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "delete"
    other.dispose()


def _queue_is_free(url: str) -> bool:
    """Whether another thread of this process would get its turn to write at once."""
    outcome = []

    def probe():
        queue = _queue_of(url)
        taken = queue.acquire(blocking=False)
        if taken:
            queue.release()
        outcome.append(taken)

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return outcome[0]


def test_writers_of_one_process_take_turns_and_every_ending_gives_the_turn_back(sqlite_app):
    application, path = sqlite_app
    url = str(db.engine.url)

    def free() -> bool:
        # The process's queue and its turn among processes go together.
        queue, turn = _queue_is_free(url), _turn_is_free(path)
        assert queue == turn, (queue, turn)
        return queue

    assert free()
    begin_write()
    # The other threads wait on the process's queue, woken at the commit, not in SQLite's
    # polling sleeps of up to 100 ms.
    assert not free()
    db.session.commit()
    assert free()
    begin_write()
    db.session.rollback()
    assert free()
    begin_write()
    with pytest.raises(Exception, match="no such table"):
        db.session.execute(text("INSERT INTO no_such_table VALUES (1)"))
    db.session.rollback()
    assert free()
    with application.test_request_context(method="POST"):
        begin_write()
        assert not free()
    # A request that ends without committing (an error answered) gives its turn back too.
    db.session.remove()
    assert free()


def _turn_is_free(path) -> bool:
    """Whether another process's writer would get its turn at once (flock conflicts between
    files opened apart, whichever process opened them)."""
    probe = os.open(f"{path}.writers", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(probe)


def _writer(application, passed: threading.Event) -> threading.Thread:
    def write():
        with application.app_context():
            begin_write()
            passed.set()
            db.session.commit()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_the_processes_writing_to_one_database_take_turns_on_its_lock_file(sqlite_app):
    application, path = sqlite_app
    # Another process's writer has the turn: this one waits in the kernel's queue, not in
    # SQLite's sleeps, and goes as soon as the other gives it back.
    other = os.open(f"{path}.writers", os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)
    passed = threading.Event()
    thread = _writer(application, passed)
    assert not passed.wait(0.3), "it wrote while another process had the turn"
    assert _another_worker_can_write(path), "it waits before SQLite's lock, not holding it"
    os.close(other)
    assert passed.wait(5)
    thread.join()
    assert _turn_is_free(path)


def test_a_turn_that_does_not_come_leaves_the_writer_to_sqlite(sqlite_app, monkeypatch):
    application, path = sqlite_app
    monkeypatch.setattr(database, "_BUSY_TIMEOUT", 0.2)
    other = os.open(f"{path}.writers", os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)
    passed = threading.Event()
    thread = _writer(application, passed)
    assert passed.wait(5), "past the timeout the writer goes on, SQLite still serialising it"
    thread.join()
    os.close(other)
    # The turn that came too late is given back at once, not kept by the waiting thread.
    deadline = time.monotonic() + 5
    while not _turn_is_free(path):
        assert time.monotonic() < deadline, "the late turn was never given back"
        time.sleep(0.01)
