"""Timing the interventions export of a year, in each format, as a coordinator downloads it.

    .venv/bin/python bench/exports.py [--rows 100000] [--postgres URL] [--repeat 3]

A fresh schema with the demo organisation, 50 mediators and a year (2025) of shifts and
--rows interventions, made as bench/report.py makes them (about 1 % of them deleted, so
the export holds a little fewer rows). Then POST /exports/interventions for the whole year
through the application (sign-in, audit entry, the streamed response), once per format:
time to the first byte of the body and to its last, the CPU time spent (median of --repeat
runs), and the size.
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import database_bench_options  # noqa: E402
from bench.report import YEAR, populate  # noqa: E402
from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import User  # noqa: E402
from server.services.demo import DEMO_PASSWORD  # noqa: E402
from server.services.tally_recount import rebuild  # noqa: E402

FORMATS = {"excel": "CSV for Excel", "csv": "plain CSV", "xlsx": "XLSX"}


def _download(client, token: str, fmt: str) -> tuple[float, float, float, int]:
    """Seconds to the first byte of the body, seconds to its end, CPU seconds, and its size.

    The CPU time is this process's (server and client alike; with SQLite, the database's too):
    on a shared machine it moves far less with the load than the elapsed time does."""
    url = f"/exports/interventions?format={fmt}&period=custom&from={YEAR}-01-01&to={YEAR}-12-31"
    cpu = time.process_time()
    started = time.perf_counter()
    response = client.post(url, headers={"X-CSRFToken": token}, buffered=False)
    assert response.status_code == 200, response.status_code
    first = None
    size = 0
    for chunk in response.response:
        if chunk and first is None:
            first = time.perf_counter() - started
        size += len(chunk)
    response.close()
    return first, time.perf_counter() - started, time.process_time() - cpu, size


def run(uri: str, label: str, rows: int, repeat: int) -> list[dict]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        organisation_id, _shifts = populate(rows, random.Random(rows))
        rebuild(organisation_id)
        db.session.commit()
        email = db.session.scalar(select(User.email).where(User.role == "coordinator"))
        db.session.remove()
    client = app.test_client()
    session = client.post("/api/session", json={"email": email, "password": DEMO_PASSWORD})
    assert session.status_code == 200
    token = session.json["csrf_token"]
    results = []
    for fmt, name in FORMATS.items():
        runs = [_download(client, token, fmt) for _ in range(repeat)]
        results.append(
            {
                "database": label,
                "rows": rows,
                "format": name,
                "first byte": statistics.median(run[0] for run in runs),
                "whole": statistics.median(run[1] for run in runs),
                "cpu": statistics.median(run[2] for run in runs),
                "size": runs[0][3],
            }
        )
        print(results[-1], file=sys.stderr, flush=True)
    with app.app_context():
        db.engine.dispose()
    return results


def main() -> None:
    parser = database_bench_options(__doc__, repeat=3)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        targets = [(f"sqlite:///{folder}/exports.db", "SQLite")]
        if args.postgres:
            targets.append((args.postgres, "PostgreSQL"))
        for uri, label in targets:
            results += run(uri, label, args.rows, args.repeat)
    print("| database | interventions | format | first byte | whole file | CPU | size |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['database']} | {r['rows']:,} | {r['format']} | {r['first byte'] * 1000:,.0f} ms "
            f"| {r['whole']:.1f} s | {r['cpu']:.1f} s | {r['size'] / 1e6:.1f} MB |"
        )


if __name__ == "__main__":
    main()
