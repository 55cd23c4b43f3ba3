"""SQLite write transactions: entered by begin_write(), on the application's own engine only."""

import sqlite3
import threading

import pytest
from sqlalchemy import create_engine, select, text

from server import create_app
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
    application, _ = sqlite_app
    url = str(db.engine.url)
    assert _queue_is_free(url)
    begin_write()
    # The other threads wait on the process's queue, woken at the commit, not in SQLite's
    # polling sleeps of up to 100 ms.
    assert not _queue_is_free(url)
    db.session.commit()
    assert _queue_is_free(url)
    begin_write()
    db.session.rollback()
    assert _queue_is_free(url)
    begin_write()
    with pytest.raises(Exception, match="no such table"):
        db.session.execute(text("INSERT INTO no_such_table VALUES (1)"))
    db.session.rollback()
    assert _queue_is_free(url)
    with application.test_request_context(method="POST"):
        begin_write()
        assert not _queue_is_free(url)
    # A request that ends without committing (an error answered) gives its turn back too.
    db.session.remove()
    assert _queue_is_free(url)
