"""2 gunicorn workers, 32 phones syncing for a minute: no "database is locked", no failed
request (issue: prove it, 4). The p95 latency is printed for docs/reliability.md."""

import os
import random
import statistics
import threading
import time

import pytest

from tests.reliability.gunicorn_server import GunicornServer, Phone, prepare_database

# Runs gunicorn, which takes both cores: never beside another gunicorn test (tests/conftest.py).
pytestmark = pytest.mark.xdist_group("gunicorn")

PHONES = 32
SECONDS = float(os.environ.get("CONCURRENCY_SECONDS", "60"))


@pytest.mark.slow
def test_thirty_two_phones_on_two_workers(reliability_database):
    emails = prepare_database(reliability_database, PHONES)
    server = GunicornServer(reliability_database)
    server.start()
    try:
        phones = [Phone(server.url, email, number) for number, email in enumerate(emails)]
        deadline = time.monotonic() + SECONDS

        def phone_loop(phone: Phone) -> None:
            while time.monotonic() < deadline:
                phone.log(random.randint(1, 8))
                phone.sync_once(100)
                time.sleep(random.uniform(0, 0.3))

        threads = [threading.Thread(target=phone_loop, args=(phone,)) for phone in phones]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.stop()
    latencies = sorted(latency for phone in phones for latency in phone.latencies)
    failures = [failure for phone in phones for failure in phone.failures]
    p95 = latencies[int(len(latencies) * 0.95)]
    records = sum(len(phone.made) for phone in phones)
    backend = reliability_database.split(":")[0]
    print(
        f"\n{backend}: {len(latencies)} sync requests, {records} records in {SECONDS:.0f} s, "
        f"median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, failures {len(failures)}"
    )
    assert failures == []
    assert all(not phone.outbox for phone in phones)
