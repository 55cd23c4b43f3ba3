"""Timing the yearly report and the dashboard on a year of realistic activity.

    .venv/bin/python bench/report.py [--sizes 100000 1000000] [--postgres URL] [--repeat 5]

For each size and database: a fresh schema, the demo organisation (6 missions, 37 types)
with 50 mediators, a year (2025) of shifts (one a day per mediator, six days a week) and
N interventions spread over them, bulk-inserted with Core, then the per-day tallies rebuilt
once. Times, as the median of --repeat warm runs in the same process:

- the annual report service (two years of tallies + shift hours, what /reports/annual runs);
- hand-written SQL for the same figures over the tallies (the floor for this design);
- hand-written SQL for the same figures over the raw rows (what the report would cost
  without tallies);
- the dashboard service for the year and for a month.
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import database_bench_options  # noqa: E402
from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import DailyTally, Intervention, InterventionMotif, Mission, Organisation, Shift, User  # noqa: E402
from server.models.clock import local_day_and_hour, to_naive_utc  # noqa: E402
from server.services.annual_report import annual_report  # noqa: E402
from server.services.dashboard import dashboard  # noqa: E402
from server.services.demo import load_demo  # noqa: E402
from server.services.periods import resolve_period  # noqa: E402
from server.services.tally_recount import rebuild  # noqa: E402

YEAR = 2025
MEDIATORS = 50
CHUNK = 20_000


def populate(size: int, rng: random.Random) -> tuple[int, int]:
    load_demo(days=0)
    organisation = db.session.scalar(select(Organisation))
    zone = ZoneInfo(organisation.timezone)
    missions = db.session.scalars(select(Mission).where(Mission.organisation_id == organisation.id)).all()
    template = db.session.scalar(select(User).where(User.role == "mediator"))
    for number in range(MEDIATORS - 4):
        db.session.add(
            User(
                organisation_id=organisation.id,
                email=f"bench{number}@example.org",
                name=f"Médiateur {number}",
                role="mediator",
                pole="transport" if number % 3 else "polyvalent",
                password_hash=template.password_hash,
            )
        )
    db.session.commit()
    mediators = db.session.scalars(select(User).where(User.role == "mediator")).all()
    days = [date(YEAR, 1, 1) + timedelta(days=n) for n in range(365)]
    days = [day for day in days if day.weekday() != 6]
    shifts = []
    for day in days:
        for mediator in mediators:
            polyvalent = mediator.pole == "polyvalent"
            mission = rng.choice([m for m in missions if (m.pole == "polyvalent") == polyvalent])
            start = to_naive_utc(datetime.combine(day, clock(rng.choice([7, 8, 13, 14])), tzinfo=zone))
            shifts.append((mediator, mission, rng.choice(mission.sites), start))
    shift_rows = [
        {
            "id": uuid.uuid4(),
            "organisation_id": organisation.id,
            "mediator_id": mediator.id,
            "mission_id": mission.id,
            "site_id": site.id,
            "started_at": start,
            "ended_at": start + timedelta(hours=4),
            "device_id": "bench",
            "client_updated_at": start,
            "deleted": False,
        }
        for mediator, mission, site, start in shifts
    ]
    for offset in range(0, len(shift_rows), CHUNK):
        db.session.execute(insert(Shift), shift_rows[offset : offset + CHUNK])
    db.session.commit()
    rows, motifs = [], []
    for number in range(size):
        index = number % len(shifts)
        mediator, mission, site, start = shifts[index]
        occurred = start + timedelta(seconds=rng.randint(60, 4 * 3600 - 60))
        day, hour = local_day_and_hour(occurred, zone)
        kinds = mission.types
        chosen = rng.sample(kinds, rng.choice([1, 1, 2, 3])) if mission.multi_motif else [rng.choice(kinds)]
        mask = mission.asks_mask_reminder and chosen[0].code == "mask_reminder"
        row_id = uuid.uuid4()
        rows.append(
            {
                "id": row_id,
                "organisation_id": organisation.id,
                "shift_id": shift_rows[index]["id"],
                "mediator_id": mediator.id,
                "mission_id": mission.id,
                "site_id": site.id,
                "occurred_at": occurred,
                "utc_offset_minutes": 60,
                "occurred_on": day,
                "occurred_hour": hour,
                "gender": rng.choice(("male", "female", "female", "male", "unknown"))
                if mission.asks_gender
                else "unknown",
                "age_band": rng.choice(("under_25", "25_60", "25_60", "over_60"))
                if mission.asks_age_band
                else "unknown",
                "place": mission.default_place,
                "people": rng.choice((1, 1, 1, 1, 2, 3)),
                "duration": rng.choice(("short", "short", "long")) if mission.asks_duration else None,
                "mask_reminder": mask,
                "mask_outcome": rng.choice(("complied", "complied", "refused")) if mask else None,
                "rating": rng.choice((5, 5, 4, 3)) if mission.asks_rating else None,
                "note": None,
                "device_id": "bench",
                "client_updated_at": occurred,
                "deleted": number % 97 == 0,
                "received_at": occurred + timedelta(minutes=5),
            }
        )
        motifs.extend({"intervention_id": row_id, "type_id": kind.id, "position": p} for p, kind in enumerate(chosen))
        if len(rows) >= CHUNK:
            _flush(rows, motifs)
    _flush(rows, motifs)
    return organisation.id, len(shifts)


def _flush(rows: list, motifs: list) -> None:
    if rows:
        db.session.execute(insert(Intervention), rows)
        db.session.execute(insert(InterventionMotif), motifs)
        db.session.commit()
    rows.clear()
    motifs.clear()


def _tally_sql(organisation_id: int) -> None:
    """The report's figures, hand-written over the tallies: two years, plus shift hours."""
    for year in (YEAR, YEAR - 1):
        db.session.execute(
            text(
                "SELECT mission_id, dimension, value, SUM(interventions), SUM(people) FROM daily_tally "
                "WHERE organisation_id = :org AND day BETWEEN :first AND :last GROUP BY mission_id, dimension, value"
            ),
            {"org": organisation_id, "first": date(year, 1, 1), "last": date(year, 12, 31)},
        ).all()
        _hours_sql(organisation_id, year)


def _hours_sql(organisation_id: int, year: int) -> None:
    seconds = (
        "(julianday(ended_at) - julianday(started_at)) * 86400"
        if db.engine.dialect.name == "sqlite"
        else "EXTRACT(EPOCH FROM ended_at - started_at)"
    )
    db.session.execute(
        text(
            f"SELECT mission_id, SUM({seconds}) FROM shift WHERE organisation_id = :org AND started_at >= :start "
            "AND started_at < :end AND ended_at IS NOT NULL AND NOT deleted GROUP BY mission_id"
        ),
        {"org": organisation_id, "start": datetime(year - 1, 12, 31, 23), "end": datetime(year, 12, 31, 23)},
    ).all()


def _raw_sql(organisation_id: int) -> None:
    """The same figures hand-written over the raw rows: what the report costs without tallies."""
    where = "i.organisation_id = :org AND i.occurred_on BETWEEN :first AND :last AND NOT i.deleted"
    queries = [
        f"SELECT i.mission_id, COUNT(*), SUM(i.people) FROM intervention i WHERE {where} GROUP BY i.mission_id",
        f"SELECT i.mission_id, m.type_id, COUNT(*) FROM intervention i JOIN intervention_motif m "
        f"ON m.intervention_id = i.id WHERE {where} GROUP BY i.mission_id, m.type_id",
    ] + [
        f"SELECT i.mission_id, i.{column}, COUNT(*) FROM intervention i WHERE {where} GROUP BY i.mission_id, i.{column}"
        for column in ("site_id", "gender", "age_band", "duration", "rating", "mask_outcome")
    ]
    for year in (YEAR, YEAR - 1):
        bounds = {"org": organisation_id, "first": date(year, 1, 1), "last": date(year, 12, 31)}
        for query in queries:
            db.session.execute(text(query), bounds).all()
        _hours_sql(organisation_id, year)


def median_time(action, repeat: int) -> float:
    action()  # warm the caches, as a second visitor of the page would find them
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
        db.session.rollback()
    return statistics.median(times)


def run(uri: str, label: str, size: int, repeat: int) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        organisation_id, shift_count = populate(size, random.Random(size))
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        rebuild(organisation_id)
        db.session.commit()
        rebuilt = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        user = db.session.scalar(select(User).where(User.role == "coordinator"))
        tally_rows = db.session.scalar(select(func.count()).select_from(DailyTally))
        year = resolve_period("year", date(YEAR, 6, 1))
        month = resolve_period("month", date(YEAR, 6, 1))
        result = {
            "database": label,
            "interventions": size,
            "shifts": shift_count,
            "tally rows": tally_rows,
            "load s": loaded,
            "rebuild s": rebuilt,
            "report": median_time(lambda: annual_report(user, YEAR), repeat),
            "tally SQL": median_time(lambda: _tally_sql(organisation_id), repeat),
            "raw SQL": median_time(lambda: _raw_sql(organisation_id), max(1, repeat // 2)),
            "dashboard year": median_time(lambda: dashboard(user, year, None), repeat),
            "dashboard month": median_time(lambda: dashboard(user, month, None), repeat),
        }
        db.session.remove()
        db.engine.dispose()
    return result


def main() -> None:
    parser = database_bench_options(__doc__, repeat=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            targets = [(f"sqlite:///{folder}/report-{size}.db", "SQLite")]
            if args.postgres:
                targets.append((args.postgres, "PostgreSQL"))
            for uri, label in targets:
                results.append(run(uri, label, size, args.repeat))
                print(results[-1], file=sys.stderr, flush=True)
    print(
        "| database | interventions | tally rows | annual report | hand-written SQL on tallies | report / SQL "
        "| hand-written SQL on raw rows | dashboard (year) | dashboard (month) | tally rebuild |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['database']} | {r['interventions']:,} | {r['tally rows']:,} | {r['report'] * 1000:,.0f} ms "
            f"| {r['tally SQL'] * 1000:,.0f} ms | {r['report'] / r['tally SQL']:.2f}× | {r['raw SQL'] * 1000:,.0f} ms "
            f"| {r['dashboard year'] * 1000:,.0f} ms | {r['dashboard month'] * 1000:,.0f} ms | {r['rebuild s']:.1f} s |"
        )


if __name__ == "__main__":
    main()
