"""The phone's usual request, in process: one record through POST /api/sync against /healthz.

    .venv/bin/python bench/sync_request.py [--requests 2000] [--postgres URL]

No network and no HTTP server: Flask's test client calls the app, so the figure is the
server's own cost of a request (session lookup, validation, the write transaction with its
row locks, tallies and batch log, the commit). Prints the median and p99 per request, the
ratio to /healthz, the median CPU time of each (this thread's: what a request costs the server
on a shared machine, where the wall clock also waits for a core and for the disk) and the SQL
statements and commits one sync request issues. The sync's CPU is split in two: the service
(`apply_sync_batch`: validation, the write transaction, its commit) and the rest of the request
(Flask, the cookie, the session lookup, CSRF, the rate limit, parsing and dumping the JSON):
the rest is what any signed-in JSON request of this stack costs, whatever the service does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from machine import databases, machine_and_commit  # noqa: E402

import server.routes.api.sync as sync_route  # noqa: E402
from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.services.demo import DEMO_PASSWORD, load_demo  # noqa: E402
from tests.helpers import intervention_record  # noqa: E402


def _timed(call, count: int, cpu: list[float] | None = None) -> list[float]:
    times = []
    for _ in range(count):
        started, started_cpu = time.perf_counter(), time.thread_time()
        call()
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.thread_time() - started_cpu)
    return times


def measure(uri: str, count: int) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench", "ENV_NAME": "production"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_demo(days=0)
        db.session.remove()
    client = app.test_client()
    signed = client.post("/api/session", json={"email": "mediateur@demo.mediatap.fr", "password": DEMO_PASSWORD})
    headers = {"X-CSRFToken": signed.get_json()["csrf_token"]}
    shift_id = str(uuid.uuid4())
    started = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    shift = {"id": shift_id, "mission": "divia_tram", "site": "t1", "started_at": started, "ended_at": None}
    shift |= {"teammates": [], "updated_at": started, "deleted": False}

    def body(records: list[dict], shifts: list[dict] = ()) -> dict:
        now = datetime.now(UTC).isoformat()
        return {"device_id": "bench", "client_time": now, "shifts": list(shifts), "interventions": records}

    assert client.post("/api/sync", json=body([], [shift]), headers=headers).status_code == 200

    def one_record():
        now = datetime.now(UTC).isoformat()
        record = intervention_record(shift_id, occurred_at=now, updated_at=now)
        response = client.post("/api/sync", json=body([record]), headers=headers)
        assert response.status_code == 200 and response.get_json()["results"][0]["status"] == "created"

    def health():
        assert client.get("/healthz").status_code == 200

    for call in (one_record, health):  # warm caches and connections
        _timed(call, 50)
    statements = {"sql": 0, "commits": 0}
    with app.app_context():
        engine = db.engine

    def count_statement(*_):
        statements["sql"] += 1

    def count_commit(*_):
        statements["commits"] += 1

    event.listen(engine, "before_cursor_execute", count_statement)
    event.listen(engine, "commit", count_commit)
    one_record()
    event.remove(engine, "before_cursor_execute", count_statement)
    event.remove(engine, "commit", count_commit)
    sync_times, health_times, sync_cpu, health_cpu, service_cpu = [], [], [], [], []
    service = sync_route.apply_sync_batch

    def timed_service(*args):
        started = time.thread_time()
        try:
            return service(*args)
        finally:
            service_cpu.append(time.thread_time() - started)

    sync_route.apply_sync_batch = timed_service
    try:
        for _ in range(5):  # interleaved, so both see the same machine
            sync_times += _timed(one_record, count // 5, sync_cpu)
            health_times += _timed(health, count // 5, health_cpu)
    finally:
        sync_route.apply_sync_batch = service
    with app.app_context():
        db.engine.dispose()
    sync_times.sort()
    health_times.sort()
    return {
        "sync_median": statistics.median(sync_times),
        "sync_p99": sync_times[int(0.99 * len(sync_times))],
        "health_median": statistics.median(health_times),
        "health_p99": health_times[int(0.99 * len(health_times))],
        # This thread's CPU time: what the request costs the server, whatever else the
        # machine runs (the wall clock also counts waiting for a core and for the disk).
        "sync_cpu": statistics.median(sync_cpu),
        "health_cpu": statistics.median(health_cpu),
        "service_cpu": statistics.median(service_cpu),
        "rest_cpu": statistics.median(total - part for total, part in zip(sync_cpu, service_cpu, strict=True)),
        **statements,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    print(machine_and_commit())
    print(f"{args.requests} single-record sync requests and as many /healthz, interleaved, in process\n")
    columns = ["database", "sync median / p99 (ms)", "/healthz median / p99 (ms)", "sync / healthz"]
    columns += ["CPU sync / healthz (ms)", "CPU ratio", "CPU service / rest of the request (ms)", "SQL", "commits"]
    print("| " + " | ".join(columns) + " |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, uri in databases(args.postgres):
        with tempfile.TemporaryDirectory() as folder:
            figures = measure(uri or f"sqlite:///{Path(folder) / 'sync.db'}", args.requests)
        print(
            f"| {label} | {figures['sync_median'] * 1000:.2f} / {figures['sync_p99'] * 1000:.2f} "
            f"| {figures['health_median'] * 1000:.2f} / {figures['health_p99'] * 1000:.2f} "
            f"| {figures['sync_median'] / figures['health_median']:.1f}× "
            f"| {figures['sync_cpu'] * 1000:.2f} / {figures['health_cpu'] * 1000:.2f} "
            f"| {figures['sync_cpu'] / figures['health_cpu']:.1f}× "
            f"| {figures['service_cpu'] * 1000:.2f} / {figures['rest_cpu'] * 1000:.2f} "
            f"| {figures['sql']} | {figures['commits']} |"
        )


if __name__ == "__main__":
    main()
