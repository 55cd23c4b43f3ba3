"""Records per second through POST /api/sync under gunicorn, against a raw Core bulk insert.

    .venv/bin/python bench/sync_ingest.py [--records 20000] [--postgres URL]

Starts gunicorn (2 workers) on a fresh database, signs in two phones, and sends the same
number of interventions in batches of 100 and of 1,000 from both at once. The baseline
inserts the same rows with SQLAlchemy Core `insert()` executemany in the same process, in
transactions of the same size. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import create_engine, insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import Intervention, InterventionMotif  # noqa: E402
from server.services.demo import DEMO_PASSWORD, load_demo  # noqa: E402
from tests.helpers import INTERVENTION_ANSWERS, intervention_record  # noqa: E402

PHONES = 2


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _prepare(uri: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_demo(days=0)
        db.session.remove()
        db.engine.dispose()


def _records(shift_id: str, count: int) -> list[dict]:
    start = datetime.now(UTC) - timedelta(hours=6)
    records = []
    for index in range(count):
        moment = (start + timedelta(seconds=index)).isoformat()
        records.append(
            intervention_record(
                shift_id,
                occurred_at=moment,
                updated_at=moment,
                gender=("female", "male", "unknown")[index % 3],
                age_band=("under_25", "25_60", "over_60")[index % 3],
            )
        )
    return records


def _phone(base: str, email: str) -> tuple[requests.Session, str]:
    phone = requests.Session()
    response = phone.post(f"{base}/api/session", json={"email": email, "password": DEMO_PASSWORD}, timeout=30)
    response.raise_for_status()
    phone.headers["X-CSRFToken"] = response.json()["csrf_token"]
    shift = {
        "id": str(uuid.uuid4()),
        "mission": "divia_tram",
        "site": "t1",
        "started_at": (datetime.now(UTC) - timedelta(hours=7)).isoformat(),
        "ended_at": None,
        "teammates": [],
        "updated_at": datetime.now(UTC).isoformat(),
        "deleted": False,
    }
    _send(base, phone, [shift], [])
    return phone, shift["id"]


def _send(base: str, phone: requests.Session, shifts: list, interventions: list) -> None:
    body = {"device_id": "bench", "client_time": datetime.now(UTC).isoformat(), "shifts": shifts}
    body["interventions"] = interventions
    response = phone.post(f"{base}/api/sync", json=body, timeout=120)
    response.raise_for_status()
    bad = [result for result in response.json()["results"] if result["status"] != "created"]
    if bad:
        raise SystemExit(f"unexpected results: {bad[:3]}")


def api_rate(uri: str, total: int, batch: int) -> float:
    _prepare(uri)
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=uri, SECRET_KEY="bench-secret", MEDIATAP_ENV="production")
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "server:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        emails = ["mediateur@demo.mediatap.fr", "sofia.martin@demo.mediatap.fr"]
        phones = [_phone(base, email) for email in emails[:PHONES]]
        work = []
        for phone, shift_id in phones:
            records = _records(shift_id, total // PHONES)
            work.append((phone, [records[i : i + batch] for i in range(0, len(records), batch)]))

        def run(item):
            phone, batches = item
            for chunk in batches:
                _send(base, phone, [], chunk)

        started = time.perf_counter()
        with ThreadPoolExecutor(PHONES) as pool:
            list(pool.map(run, work))
        return total / (time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(timeout=30)


def raw_rate(uri: str, total: int, batch: int) -> float:
    _prepare(uri)
    engine = create_engine(uri)
    with engine.begin() as connection:
        shift = connection.execute(text("SELECT id, organisation_id, mediator_id, mission_id FROM shift")).first()
        if shift is None:
            connection.execute(
                text(
                    "INSERT INTO shift (id, organisation_id, mediator_id, mission_id, started_at, device_id, "
                    "client_updated_at, deleted, created_at, updated_at, received_at) SELECT :id, o.id, u.id, m.id, "
                    ":now, 'raw', :now, false, :now, :now, :now FROM organisation o, \"user\" u, mission m "
                    "WHERE m.code = 'divia_tram' AND u.email = 'mediateur@demo.mediatap.fr'"
                ),
                {"id": uuid.uuid4().hex if engine.dialect.name == "sqlite" else uuid.uuid4(), "now": datetime.now()},
            )
            shift = connection.execute(text("SELECT id, organisation_id, mediator_id, mission_id FROM shift")).first()
        type_id = connection.execute(text("SELECT id FROM intervention_type WHERE code = 'itinerary' LIMIT 1")).scalar()
    shift_id = uuid.UUID(str(shift.id))
    now = datetime.now()
    rows = [
        {
            "id": uuid.uuid4(),
            "organisation_id": shift.organisation_id,
            "shift_id": shift_id,
            "mediator_id": shift.mediator_id,
            "mission_id": shift.mission_id,
            "site_id": None,
            "occurred_at": now,
            "utc_offset_minutes": 60,
            "occurred_on": now.date(),
            "occurred_hour": now.hour,
            **INTERVENTION_ANSWERS,
            "device_id": "raw",
            "client_updated_at": now,
            "deleted": False,
            "corrected_at": None,
            "created_at": now,
            "updated_at": now,
            "received_at": now,
        }
        for _ in range(total)
    ]
    started = time.perf_counter()
    for index in range(0, total, batch):
        chunk = rows[index : index + batch]
        with engine.begin() as connection:
            connection.execute(insert(Intervention.__table__), chunk)
            connection.execute(
                insert(InterventionMotif.__table__),
                [{"intervention_id": row["id"], "type_id": type_id, "position": 0} for row in chunk],
            )
    elapsed = time.perf_counter() - started
    engine.dispose()
    return total / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    databases = [("SQLite (WAL)", None)]
    if args.postgres:
        databases.append(("PostgreSQL", args.postgres))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"Machine: {machine}; commit {commit.strip()}")
    print(f"{args.records} interventions per run, {PHONES} phones in parallel, gunicorn 2 workers\n")
    print("| database | batch | API records/s | raw Core insert records/s | API / raw |")
    print("| --- | --- | ---: | ---: | ---: |")
    for label, uri in databases:
        for batch in (100, 1000):
            with tempfile.TemporaryDirectory() as folder:
                target = uri or f"sqlite:///{Path(folder) / 'bench.db'}"
                api = api_rate(target, args.records, batch)
                raw = raw_rate(target, args.records, batch)
            print(f"| {label} | {batch} | {api:,.0f} | {raw:,.0f} | {api / raw:.0%} |")


if __name__ == "__main__":
    main()
