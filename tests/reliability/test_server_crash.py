"""Server killed with SIGKILL while batches are written: nothing half-stored, nothing lost
or doubled once phones retry (issue: prove it, 3). Under gunicorn, 2 workers."""

import os
import random
import sqlite3
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from tests.reliability.gunicorn_server import GunicornServer, Phone, prepare_database

# Runs gunicorn, which takes both cores: never beside another gunicorn test (tests/conftest.py).
pytestmark = pytest.mark.xdist_group("gunicorn")

KILLS = int(os.environ.get("CRASH_KILLS", "50"))
PHONES = 4


def _check_database(uri: str, phones: list[Phone]) -> dict:
    engine = create_engine(uri)
    with engine.connect() as connection:
        made = {record_id for phone in phones for record_id in phone.made}
        rows = connection.execute(text("SELECT id FROM intervention")).scalars().all()
        stored = {str(row).replace("-", "") for row in rows}
        orphans = connection.execute(
            text(
                "SELECT count(*) FROM intervention i WHERE NOT EXISTS "
                "(SELECT 1 FROM intervention_motif m WHERE m.intervention_id = i.id)"
            )
        ).scalar()
        dangling = connection.execute(
            text(
                "SELECT count(*) FROM intervention_motif m WHERE NOT EXISTS "
                "(SELECT 1 FROM intervention i WHERE i.id = m.intervention_id)"
            )
        ).scalar()
    engine.dispose()
    return {
        "made": len(made),
        "stored": len(rows),
        "distinct": len(stored),
        "lost": len({record_id.replace("-", "") for record_id in made} - stored),
        "without_motif": orphans,
        "dangling_motifs": dangling,
    }


@pytest.mark.slow
def test_sigkill_during_writes_loses_and_doubles_nothing(reliability_database):
    uri = reliability_database
    emails = prepare_database(uri, PHONES)
    server = GunicornServer(uri)
    server.start()
    phones = [Phone(server.url, email, number) for number, email in enumerate(emails)]
    stop = threading.Event()

    def phone_loop(phone: Phone) -> None:
        while not stop.is_set():
            if len(phone.outbox) < 200:
                phone.log(random.randint(20, 80))
            if not phone.sync_once(100):
                time.sleep(0.02)

    threads = [threading.Thread(target=phone_loop, args=(phone,)) for phone in phones]
    for thread in threads:
        thread.start()
    try:
        for _ in range(KILLS):
            time.sleep(random.uniform(0.05, 0.4))
            server.kill()
            server.start()
        stop.set()
        for thread in threads:
            thread.join()
        for phone in phones:
            while phone.outbox:
                assert phone.sync_once(500), phone.failures[-1:]
    finally:
        stop.set()
        server.stop()
    if uri.startswith("sqlite"):
        with sqlite3.connect(uri.removeprefix("sqlite:///")) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    figures = _check_database(uri, phones)
    print(f"\n{KILLS} SIGKILLs on {uri.split(':')[0]}: {figures}")
    assert figures["made"] > KILLS
    assert figures["lost"] == 0
    assert figures["stored"] == figures["distinct"] == figures["made"]
    assert figures["without_motif"] == 0 and figures["dangling_motifs"] == 0
    # Every refusal was a connection cut by the kill, never a rejected record.
    refusals = [failure for phone in phones for failure in phone.failures]
    assert all(not failure.startswith(("invalid", "conflict", "gone")) for failure in refusals), refusals[:5]
