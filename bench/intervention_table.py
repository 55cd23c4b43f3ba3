"""Timing the desk's table of interventions (/desk/interventions) on a year of activity.

    .venv/bin/python bench/intervention_table.py [--size 1000000] [--postgres URL] [--repeat 5]

The same data as bench/report.py (the demo organisation, 50 mediators, a year of shifts and
N interventions, bulk-inserted). Times, as the median of --repeat warm runs of the search
service (the page's query and its total): the first page of the year; a page from the middle
of the year by keyset (after the row half-way), against the same page by OFFSET; a filtered
page (one mission, men, a motif). Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import YEAR, _populate  # noqa: E402
from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import Intervention, Mission, User  # noqa: E402
from server.services.intervention_search import intervention_conditions, search_interventions  # noqa: E402

SIZE = 50


def _median(run, repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _measure(uri: str, size: int, repeat: int) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench", "TESTING": True})
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        _populate(size, random.Random(13))
        coordinator = db.session.scalar(select(User).where(User.role == "coordinator"))
        year = {"first": date(YEAR, 1, 1), "last": date(YEAR, 12, 31)}
        conditions = intervention_conditions(coordinator, **year)
        middle = db.session.execute(
            select(Intervention.occurred_at, Intervention.id)
            .where(Intervention.deleted.is_(False))
            .order_by(Intervention.occurred_at.desc(), Intervention.id.desc())
            .offset(size // 2)
            .limit(1)
        ).one()
        cursor = f"{middle[0].isoformat()}~{middle[1]}"
        tram = db.session.scalar(select(Mission).where(Mission.code == "divia_tram"))
        filtered = intervention_conditions(
            coordinator, **year, mission=tram.code, gender="male", kind=tram.types[0].code
        )

        def offset_page():
            query = (
                select(Intervention)
                .where(Intervention.organisation_id == coordinator.organisation_id, *conditions)
                .order_by(Intervention.occurred_at.desc(), Intervention.id.desc())
                .offset(size // 2)
                .limit(SIZE)
            )
            db.session.scalars(query).all()

        figures = {
            "first": _median(lambda: search_interventions(coordinator, conditions, None, SIZE, False), repeat),
            "middle": _median(lambda: search_interventions(coordinator, conditions, cursor, SIZE, False), repeat),
            "offset": _median(offset_page, repeat),
            "filtered": _median(lambda: search_interventions(coordinator, filtered, None, SIZE, False), repeat),
        }
        db.session.remove()
        db.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on too (its schema is dropped)")
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        runs.append(("SQLite", _measure(f"sqlite:///{folder}/bench.db", arguments.size, arguments.repeat)))
    if arguments.postgres:
        runs.append(("PostgreSQL", _measure(arguments.postgres, arguments.size, arguments.repeat)))
    print(
        "| database | interventions | first page + total | page half-way (keyset) + total "
        "| same page by OFFSET | filtered page + total |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, figures in runs:
        print(
            f"| {name} | {arguments.size:,} | {figures['first']:.0f} ms | {figures['middle']:.0f} ms "
            f"| {figures['offset']:.0f} ms | {figures['filtered']:.0f} ms |"
        )


if __name__ == "__main__":
    main()
