"""Timing the desk's table of interventions (/desk/interventions) on a year of activity.

    .venv/bin/python bench/intervention_table.py [--size 1000000] [--postgres URL] [--repeat 5]

The same data as bench/report.py (the demo organisation, 50 mediators, a year of shifts and
N interventions, bulk-inserted). Times, as the median of --repeat warm runs of the search
service (the page's query and its total, as the page asks them): the first page of the year
and a page from the middle of the year by keyset (after the row half-way), totals from the
per-day tallies, against the same page by OFFSET; a page filtered on one mission and men (its
total from the tallies too); a page filtered on one mission, men and a motif (a combination the
tallies cannot count: the page alone), and the same with the total counted from the rows, as
its "Compter" link asks. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import database_bench_options  # noqa: E402
from bench.report import YEAR, median_time, populate  # noqa: E402
from server import create_app  # noqa: E402
from server.database import begin_write  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import Intervention, Mission, User  # noqa: E402
from server.services.intervention_search import (  # noqa: E402
    intervention_conditions,
    search_interventions,
    tallied_total,
)
from server.services.tally_recount import rebuild  # noqa: E402

SIZE = 50


def _measure(uri: str, size: int, repeat: int) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench", "TESTING": True})
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        populate(size, random.Random(13))
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
        begin_write()
        rebuild(coordinator.organisation_id)
        db.session.commit()
        men = {**year, "mission": tram.code, "gender": "male"}
        motif = {**men, "kind": tram.types[0].code}
        one_filter = intervention_conditions(coordinator, **men)
        filtered = intervention_conditions(coordinator, **motif)

        def page(values, conditions, cursor=None, count=False):
            tallied = tallied_total(coordinator, values)
            return search_interventions(coordinator, conditions, cursor, SIZE, False, tallied=tallied, count=count)

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
            "first": 1000 * median_time(lambda: page(year, conditions), repeat),
            "middle": 1000 * median_time(lambda: page(year, conditions, cursor), repeat),
            "offset": 1000 * median_time(offset_page, repeat),
            "one_filter": 1000 * median_time(lambda: page(men, one_filter), repeat),
            "filtered": 1000 * median_time(lambda: page(motif, filtered), repeat),
            "counted": 1000 * median_time(lambda: page(motif, filtered, count=True), repeat),
        }
        db.session.remove()
        db.engine.dispose()
    return figures


def main() -> None:
    parser = database_bench_options(__doc__.splitlines()[0], repeat=5)
    parser.add_argument("--size", type=int, default=1_000_000)
    arguments = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        runs.append(("SQLite", _measure(f"sqlite:///{folder}/bench.db", arguments.size, arguments.repeat)))
    if arguments.postgres:
        runs.append(("PostgreSQL", _measure(arguments.postgres, arguments.size, arguments.repeat)))
    print(
        "| database | interventions | first page + total | page half-way (keyset) + total "
        "| same page by OFFSET | mission + men, page + total | mission + men + motif, page "
        "| the same, total counted |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, figures in runs:
        print(
            f"| {name} | {arguments.size:,} | {figures['first']:.0f} ms | {figures['middle']:.0f} ms "
            f"| {figures['offset']:.0f} ms | {figures['one_filter']:.0f} ms | {figures['filtered']:.0f} ms "
            f"| {figures['counted']:.0f} ms |"
        )


if __name__ == "__main__":
    main()
