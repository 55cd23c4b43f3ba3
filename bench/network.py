"""Timing the network's roll-up: 80 member organisations × 50 mediators × one year.

    .venv/bin/python bench/network.py --postgres URL [--orgs 80] [--mediators 50] [--days 365]
                                      [--per-mediator-day 4.8] [--repeat 5] [--jobs 2] [--check] [--reuse]

PostgreSQL only (a national network is not run on SQLite). On a fresh schema in the given
database (emptied): a network, the demo organisation (6 missions, 37 types) and --orgs - 1
members created from its catalogue (`orgs create --catalogue-from`), each with --mediators
mediators, all members since before the year; a few members are overseas (their own time
zone's days). Then a year (2025, or --days of it) of activity, six days a week, one shift per
mediator a day, a Poisson number of interventions (mean --per-mediator-day: 4.8 gives about
6,000,000 interventions at the default size) with the demo's mixes of types, genders, age
bands, people, durations, mask reminders and ratings.

The roll-up reads only tallies, so the interventions are not stored: they are generated in
memory (in --jobs processes), turned into tallies by the application's own `tally_deltas`
(what every sync batch does), the daily tallies written with COPY and the monthly ones built
from them by the application's `rebuild_months`. `--check` also stores the first
member's interventions (with their shifts and motifs) and checks that the tallies recounted
from those rows by SQL (`tally_recount.recount`) equal the tallies written.

Times, as the median of --repeat warm runs in the same process:
- the network summary service for the year, all partners, and with partner=La Poste (what
  `GET /api/network/summary` and the national report of a partner compute);
- hand-written SQL for the same figures over the monthly tallies (the floor of this design)
  and over the daily tallies (the floor of the design before it), same run.
`--reuse` times the data a previous run left. Prints Markdown rows for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import random
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import median_time  # noqa: E402
from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import DailyTally, Mission, MonthlyTally, Network, NetworkMembership, Organisation, User  # noqa: E402
from server.models.clock import to_naive_utc  # noqa: E402
from server.models.tally import MONTHLY_DIMENSIONS  # noqa: E402
from server.services.demo import DEMO_ORGANISATION, load_demo  # noqa: E402
from server.services.network_summary import network_summary  # noqa: E402
from server.services.networks import member_spans  # noqa: E402
from server.services.organisations import create_organisation  # noqa: E402
from server.services.tallies import tally_deltas  # noqa: E402
from server.services.tally_recount import rebuild_months, recount, stored  # noqa: E402

YEAR = 2025
PARTNER = "La Poste"
# Most members are in mainland France; some are overseas, and their days are their own.
OVERSEAS = ("America/Martinique", "Indian/Reunion", "America/Cayenne", "Pacific/Noumea")


def _bag(weights: dict) -> list:
    """Each value as many times as its weight: rng.choice of it draws with those weights, fast."""
    return [value for value, weight in weights.items() for _ in range(weight)]


# The demo's mixes (services/demo.py).
_MOTIF_COUNTS = _bag({1: 45, 2: 35, 3: 20})
_GENDERS = _bag({"male": 48, "female": 47, "unknown": 5})
_AGE_BANDS = _bag({"under_25": 30, "25_60": 50, "over_60": 17, "unknown": 3})
_DURATIONS = _bag({"short": 80, "long": 20})
_OUTCOMES = _bag({"complied": 9, "refused": 1})
_RATINGS = _bag({5: 70, 4: 20, 3: 7, 2: 3})
_PEOPLE = _bag({1: 80, 2: 12, 3: 5, 4: 3})


def _organisations(count: int) -> list[Organisation]:
    """The demo organisation and count - 1 members with its catalogue, all in one network."""
    load_demo(days=0)
    names = [DEMO_ORGANISATION]
    for number in range(1, count):
        zone = OVERSEAS[number % len(OVERSEAS)] if number % 20 == 19 else "Europe/Paris"
        names.append(create_organisation(f"PIMMS {number:02d}", zone, catalogue_from=DEMO_ORGANISATION).name)
    network = Network(name="Union nationale des PIMMS")
    db.session.add(network)
    db.session.flush()
    organisations = db.session.scalars(select(Organisation).where(Organisation.name.in_(names))).all()
    for organisation in organisations:
        db.session.add(
            NetworkMembership(
                network_id=network.id, organisation_id=organisation.id, joined_at=datetime(YEAR - 1, 12, 1)
            )
        )
    db.session.add(User(network_id=network.id, email="reseau@example.org", name="Réseau", role="network"))
    db.session.commit()
    return organisations


def _mediators(organisation: Organisation, count: int) -> list[User]:
    template = db.session.scalar(select(User.password_hash).where(User.role == "mediator"))
    existing = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.role == "mediator")
    ).all()
    rows = [
        {
            "organisation_id": organisation.id,
            "email": f"m{number}.{organisation.id}@example.org",
            "name": f"Médiateur {number}",
            "role": "mediator",
            "pole": "polyvalent" if number % 3 == 0 else "transport",
            "password_hash": template,
        }
        for number in range(len(existing), count)
    ]
    if rows:
        db.session.execute(insert(User), rows)
    return db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.role == "mediator").order_by(User.id)
    ).all()[:count]


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: means here are a few interventions a shift.
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _plan(organisation: Organisation, mediators: list[User]) -> SimpleNamespace:
    """What generating a member's activity needs, as plain data a worker process can receive."""
    missions = db.session.scalars(select(Mission).where(Mission.organisation_id == organisation.id)).all()
    return SimpleNamespace(
        id=organisation.id,
        timezone=organisation.timezone,
        mediators=[SimpleNamespace(id=mediator.id, pole=mediator.pole) for mediator in mediators],
        missions=[
            SimpleNamespace(
                **{name: getattr(mission, name) for name in _MISSION_SETTINGS},
                types=[SimpleNamespace(id=kind.id, code=kind.code) for kind in mission.types],
                sites=[SimpleNamespace(id=site.id) for site in mission.sites],
            )
            for mission in missions
        ],
    )


_MISSION_SETTINGS = ("id", "pole", "multi_motif", "default_place", "asks_gender", "asks_age_band", "asks_duration")
_MISSION_SETTINGS += ("asks_mask_reminder", "asks_rating")


def _activity(plan: SimpleNamespace, days, per_day: float, rng, keep_rows: bool):
    """A year of one member's interventions, as the tally writer sees them (and, when
    keep_rows, the shifts, interventions and motifs themselves)."""
    organisation, mediators, missions = plan, plan.mediators, plan.missions
    zone = ZoneInfo(organisation.timezone)
    transport = [mission for mission in missions if mission.pole == "transport"]
    polyvalent = [mission for mission in missions if mission.pole == "polyvalent"]
    kinds = {mission.id: [kind.id for kind in mission.types] for mission in missions}
    # The first types of a mission are the most frequent, as in the demo.
    weighted = {
        mission.id: [
            kind for rank, kind in enumerate(kinds[mission.id]) for _ in range(len(kinds[mission.id]) + 1 - rank)
        ]
        for mission in missions
    }
    mask_type = {
        mission.id: next((k.id for k in mission.types if k.code == "mask_reminder"), None) for mission in missions
    }
    rows, shifts, interventions, motifs = [], [], [], []
    for day in days:
        for mediator in mediators:
            mission = rng.choice(polyvalent if mediator.pole == "polyvalent" else transport)
            site = rng.choice(mission.sites)
            start_hour = rng.choice((7, 8, 13, 14))
            shift_id = uuid.uuid4()
            if keep_rows:
                started = to_naive_utc(datetime.combine(day, clock(start_hour), tzinfo=zone))
                shifts.append(
                    (shift_id, organisation.id, mediator.id, mission.id, site.id, started, started + timedelta(hours=4))
                )
            for _ in range(_poisson(rng, per_day)):
                minute = rng.randrange(1, 239)
                if mission.multi_motif:
                    count = rng.choice(_MOTIF_COUNTS)
                    chosen = rng.sample(kinds[mission.id], count)
                else:
                    chosen = [rng.choice(weighted[mission.id])]
                mask = mission.asks_mask_reminder and mask_type[mission.id] in chosen
                row = {
                    "organisation_id": organisation.id,
                    "occurred_on": day,
                    "occurred_hour": start_hour + minute // 60,
                    "mission_id": mission.id,
                    "site_id": site.id,
                    "mediator_id": mediator.id,
                    "gender": rng.choice(_GENDERS) if mission.asks_gender else "unknown",
                    "age_band": rng.choice(_AGE_BANDS) if mission.asks_age_band else "unknown",
                    "place": mission.default_place,
                    "duration": rng.choice(_DURATIONS) if mission.asks_duration else None,
                    "mask_reminder": mask,
                    "mask_outcome": rng.choice(_OUTCOMES) if mask else None,
                    "rating": rng.choice(_RATINGS) if mission.asks_rating else None,
                    "people": rng.choice(_PEOPLE),
                    "deleted": False,
                    "type_ids": tuple(chosen),
                }
                rows.append(row)
                if keep_rows:
                    local = datetime.combine(day, clock(start_hour), tzinfo=zone) + timedelta(minutes=minute)
                    occurred = to_naive_utc(local)
                    record_id = uuid.uuid4()
                    interventions.append(
                        (record_id, shift_id, row, occurred, int(local.utcoffset().total_seconds() // 60))
                    )
                    motifs.extend((record_id, kind, position) for position, kind in enumerate(chosen))
    return rows, shifts, interventions, motifs


def _copy(table: str, columns: tuple[str, ...], rows) -> None:
    """COPY rows into a table through the session's own psycopg connection."""
    cursor = db.session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


_TALLY_COLUMNS = ("organisation_id", "day", "mission_id", "dimension", "value", "interventions", "people")


def _store_rows(shifts, interventions, motifs) -> None:
    """The first member's raw rows, for --check."""
    now = datetime(YEAR + 1, 1, 1)
    _copy(
        "shift",
        ("id", "organisation_id", "mediator_id", "mission_id", "site_id", "started_at", "ended_at")
        + ("device_id", "client_updated_at", "deleted", "created_at", "updated_at", "received_at"),
        (shift + ("bench", shift[5], False, now, now, shift[6]) for shift in shifts),
    )
    columns = ("organisation_id", "mission_id", "site_id", "mediator_id", "occurred_on", "occurred_hour")
    columns += ("gender", "age_band", "place", "duration", "mask_reminder", "mask_outcome", "rating", "people")
    _copy(
        "intervention",
        ("id", "shift_id", *columns, "occurred_at", "utc_offset_minutes")
        + ("device_id", "client_updated_at", "deleted", "created_at", "updated_at", "received_at"),
        (
            (record_id, shift_id, *(row[name] for name in columns), occurred, offset)
            + ("bench", occurred, False, now, now, occurred)
            for record_id, shift_id, row, occurred, offset in interventions
        ),
    )
    _copy("intervention_motif", ("intervention_id", "type_id", "position"), motifs)


def _member_tallies(job) -> tuple[int, int, list[tuple]]:
    """In a worker process: one member's year of interventions, as tally rows."""
    plan, days, per_day = job
    rows, *_ = _activity(plan, days, per_day, random.Random(plan.id), keep_rows=False)
    deltas = tally_deltas(rows)
    return plan.id, len(rows), [key + tuple(amounts) for key, amounts in deltas.items()]


def _populate(args) -> dict:
    organisations = _organisations(args.orgs)
    days = [date(YEAR, 1, 1) + timedelta(days=n) for n in range(args.days)]
    days = [day for day in days if day.weekday() != 6]
    plans = [_plan(organisation, _mediators(organisation, args.mediators)) for organisation in organisations]
    db.session.commit()
    made, tally_rows, check = 0, 0, None
    if args.check:
        # The first member's rows are stored too, and recounted by SQL: the tallies written
        # must be exactly those the application would have kept for them.
        plan, plans = plans[0], plans[1:]
        rows, shifts, interventions, motifs = _activity(plan, days, args.per_mediator_day, random.Random(plan.id), True)
        deltas = tally_deltas(rows)
        _copy("daily_tally", _TALLY_COLUMNS, (key + tuple(amounts) for key, amounts in deltas.items()))
        rebuild_months(plan.id)
        _store_rows(shifts, interventions, motifs)
        db.session.flush()
        written, recounted = stored(plan.id), recount(plan.id)
        check = written == recounted
        print(f"check: {len(written):,} tallies written, {len(recounted):,} recounted, equal: {check}", file=sys.stderr)
        db.session.commit()
        made, tally_rows = len(rows), len(deltas)
    # Generating is pure Python: --jobs processes, while this one writes what they hand back.
    db.engine.dispose()
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        jobs = ((plan, days, args.per_mediator_day) for plan in plans)
        for index, (organisation_id, count, tallies) in enumerate(pool.imap_unordered(_member_tallies, jobs), 1):
            _copy("daily_tally", _TALLY_COLUMNS, tallies)
            rebuild_months(organisation_id)
            db.session.commit()
            made += count
            tally_rows += len(tallies)
            if index % 10 == 0:
                print(f"{index} members, {made:,} interventions, {tally_rows:,} tallies", file=sys.stderr, flush=True)
    return {"interventions": made, "check": check}


def _hand_written(network_id: int, table: str, partner: str | None) -> list:
    """The summary's figures for the year in SQL over one table of tallies: one GROUP BY, its
    sums (hours included) then named by mission and type code, with the settings that say which
    fields a mission asks (every member's span is the whole year here)."""
    spans = member_spans(network_id, date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert all((span.first, span.last) == (date(YEAR, 1, 1), date(YEAR, 12, 31)) for span in spans)
    period = "day" if table == "daily_tally" else "month"
    dimensions = ", ".join(f"'{dimension}'" for dimension in MONTHLY_DIMENSIONS)
    members = ", ".join(str(span.organisation_id) for span in spans)
    return db.session.execute(
        text(
            "SELECT s.organisation_id, m.code, m.partner, s.dimension, COALESCE(k.code, s.value), s.i, s.p, s.h, s.q, "
            "m.asks_gender, m.asks_age_band, m.asks_duration FROM "
            "(SELECT organisation_id, mission_id, dimension, value, SUM(interventions) AS i, SUM(people) AS p, "
            "CAST(SUM(shift_ms) AS BIGINT) AS h, CAST(SUM(person_ms) AS BIGINT) AS q "
            f"FROM {table} WHERE organisation_id IN ({members}) AND {period} BETWEEN :first AND :last "
            f"AND dimension IN ({dimensions})"
            + (" AND mission_id IN (SELECT id FROM mission WHERE partner = :partner)" if partner else "")
            + " GROUP BY organisation_id, mission_id, dimension, value) s JOIN mission m ON m.id = s.mission_id "
            "LEFT JOIN intervention_type k ON s.dimension = 'type' AND CAST(k.id AS VARCHAR) = s.value"
        ),
        {"first": date(YEAR, 1, 1), "last": date(YEAR, 12, 31), "partner": partner},
    ).all()


def run(args) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.postgres, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.test_request_context():
        if db.engine.dialect.name != "postgresql":
            raise SystemExit("bench/network.py measures PostgreSQL: pass --postgres postgresql+psycopg://…")
        started = time.perf_counter()
        if not args.reuse:
            db.drop_all()
            db.create_all()
            populated = _populate(args)
        else:
            populated = {"interventions": None, "check": None}
        loaded = time.perf_counter() - started
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        user = db.session.scalar(select(User).where(User.role == "network"))
        first, last = date(YEAR, 1, 1), date(YEAR, 12, 31)
        tally_rows = db.session.scalar(select(func.count()).select_from(DailyTally))
        summary = network_summary(user, first, last)
        poste = network_summary(user, first, last, PARTNER)
        network_id = user.network_id
        for table in ("monthly_tally", "daily_tally"):
            rows = _hand_written(network_id, table, None)
            assert sum(row[5] for row in rows if row[3] == "all") == summary["interventions"], table
        result = {
            "orgs": args.orgs,
            "mediators": args.mediators,
            "days": args.days,
            "interventions": populated["interventions"] or summary["interventions"],
            "summed": summary["interventions"],
            "poste interventions": poste["interventions"],
            "tally rows": tally_rows,
            "monthly rows": db.session.scalar(select(func.count()).select_from(MonthlyTally)),
            "check": populated["check"],
            "load s": loaded,
        }
        for label, partner in (("summary", None), ("partner", PARTNER)):
            result[label] = median_time(lambda p=partner: network_summary(user, first, last, p), args.repeat)
            for table in ("monthly_tally", "daily_tally"):
                result[f"{label} {table}"] = median_time(
                    lambda t=table, p=partner: _hand_written(network_id, t, p), args.repeat
                )
        db.session.remove()
        db.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", required=True, help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--orgs", type=int, default=80)
    parser.add_argument("--mediators", type=int, default=50)
    parser.add_argument("--days", type=int, default=365, help="days of the year 2025 with activity")
    parser.add_argument("--per-mediator-day", type=float, default=4.8, help="mean interventions per shift")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="processes generating the members' activity")
    parser.add_argument("--check", action="store_true", help="store the first member's rows and recount them")
    parser.add_argument("--reuse", action="store_true", help="time the data a previous run left")
    args = parser.parse_args()
    r = run(args)
    print(r, file=sys.stderr)
    print(
        "| organisations × mediators × days | interventions | daily tally rows | monthly tally rows | partner "
        "| summary service | SQL on monthly tallies | service / SQL | SQL on daily tallies |"
    )
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for label, partner in (("summary", "all"), ("partner", PARTNER)):
        print(
            f"| {r['orgs']} × {r['mediators']} × {r['days']} | {r['interventions']:,} | {r['tally rows']:,} "
            f"| {r['monthly rows']:,} | {partner} | {r[label] * 1000:,.0f} ms "
            f"| {r[label + ' monthly_tally'] * 1000:,.0f} ms "
            f"| {r[label] / r[label + ' monthly_tally']:.2f}× | {r[label + ' daily_tally'] * 1000:,.0f} ms |"
        )
    print(f"generated and loaded in {r['load s']:.0f} s; tallies recounted from stored rows equal: {r['check']}")


if __name__ == "__main__":
    main()
