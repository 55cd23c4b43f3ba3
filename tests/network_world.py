"""A network of two members and an outsider, each having logged a day (issue 14's tests)."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select

from server.extensions import db
from server.models import NetworkMembership
from tests.helpers import PASSWORD, ApiClient, intervention_record, shift_record


def at(day: date, hour: int, zone: str, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone)).isoformat()


def log_day(login_as, organisation, zone: str, day: date, taps: int, partner_taps: int = 1) -> None:
    """A mediator of the organisation logs `taps` tram and `partner_taps` post-office interventions."""
    phone, _ = login_as("mediator", organisation, name=f"Médiatrice {organisation.name}")
    tram = shift_record(started_at=at(day, 8, zone), ended_at=at(day, 11, zone), updated_at=at(day, 11, zone))
    post = shift_record(
        mission="post",
        site="grangier",
        started_at=at(day, 13, zone),
        ended_at=at(day, 15, zone),
        updated_at=at(day, 15, zone),
    )
    records = [
        intervention_record(
            tram["id"],
            occurred_at=at(day, 9, zone, minute),
            types=["fares" if minute % 2 else "itinerary"],
            gender="male" if minute % 3 else "female",
            people=1 + minute % 2,
            note="Une note qui reste dans l’organisation",
        )
        for minute in range(taps)
    ] + [
        intervention_record(
            post["id"], occurred_at=at(day, 14, zone, minute), types=["opening_hours", "forms"], place="post_office"
        )
        for minute in range(partner_taps)
    ]
    response = phone.sync(shifts=[tram, post], interventions=records)
    assert {result["status"] for result in response.json["results"]} == {"created"}


def run_cli(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    return result


def since_long_ago(organisation) -> None:
    """Backdate the organisation's membership: it was a member before the logged days."""
    membership = db.session.scalar(
        select(NetworkMembership).where(NetworkMembership.organisation_id == organisation.id)
    )
    membership.joined_at = datetime(2020, 1, 1)
    db.session.commit()


# Tables the roll-up may read: tallies, and the codes and memberships they are added up by.
TALLIES_ONLY = {"daily_tally", "monthly_tally", "mission", "intervention_type", "network_membership", "organisation"}


@contextmanager
def tables_read() -> Iterator[set[str]]:
    """The tables named by the SQL issued inside the block (filled when it ends)."""
    statements: list[str] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    found: set[str] = set()
    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        yield found
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
        found.update(name.lower() for text in statements for name in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)', text))


@pytest.fixture(name="network")
def network_fixture(app, database, make_org, org, login_as):
    """A network of Dijon (Paris time) and La Réunion (UTC+4); Lyon logs too but is no member."""
    day = date.today() - timedelta(days=2)
    dijon = org
    reunion = make_org("PIMMS de La Réunion")
    reunion.organisation.timezone = "Indian/Reunion"
    lyon = make_org("PIMMS de Lyon")
    database.session.commit()
    log_day(login_as, dijon.organisation, "Europe/Paris", day, taps=5, partner_taps=2)
    log_day(login_as, reunion.organisation, "Indian/Reunion", day, taps=3, partner_taps=1)
    log_day(login_as, lyon.organisation, "Europe/Paris", day, taps=7, partner_taps=4)
    assert run_cli(app, "networks", "create", "Union nationale des PIMMS").exit_code == 0
    for name in ("PIMMS de Dijon", "PIMMS de La Réunion"):
        joined = run_cli(app, "networks", "join", "Union nationale des PIMMS", "--org", name)
        assert joined.exit_code == 0, joined.output
    for member in (dijon, reunion):
        since_long_ago(member.organisation)
    created = run_cli(
        app,
        "users",
        "create",
        "union@example.org",
        "--name",
        "Union nationale",
        "--role",
        "network",
        "--network",
        "Union nationale des PIMMS",
        "--password",
        PASSWORD,
    )
    assert created.exit_code == 0, created.output
    client = ApiClient(app.test_client())
    assert client.sign_in("union@example.org").status_code == 200
    return {"day": day, "client": client, "members": (dijon, reunion), "outsider": lyon}


# The demo's network: the demo organisation and three with its catalogue, each member's tallies
# the demo's scaled (figures without records: the network reads nothing else); Lille left at
# the start of this month.
DEMO_NETWORK = "Union nationale des PIMMS"
DEMO_NETWORK_ACCOUNT = "reseau@demo.mediatap.fr"
_DEMO_MEMBERS = (("PIMMS de Besançon", 0.55), ("PIMMS de Marseille", 1.4), ("PIMMS de Lille", 0.8))
# Dimensions the network reads (the others hold ids of the demo's sites and people).
_COPIED = ("all", "type", "gender", "age_band", "place", "duration", "mask")


def demo_network() -> None:
    """Run inside the demo's application context (demo_served's `prepare`)."""
    from server.models import DailyTally, InterventionType, Mission, Organisation
    from server.services.demo import DEMO_ORGANISATION, DEMO_PASSWORD
    from server.services.networks import create_network, create_network_account, join_network, leave_network
    from server.services.organisations import create_organisation
    from server.services.tally_recount import rebuild_months

    network = create_network(DEMO_NETWORK)
    dijon = db.session.scalar(select(Organisation).where(Organisation.name == DEMO_ORGANISATION))
    tallies = db.session.scalars(
        select(DailyTally).where(DailyTally.organisation_id == dijon.id, DailyTally.dimension.in_(_COPIED))
    ).all()
    codes = {mission.id: mission.code for mission in db.session.scalars(select(Mission))}
    type_codes = {str(kind.id): kind.code for kind in db.session.scalars(select(InterventionType))}
    members = [(dijon, 1.0)] + [
        (create_organisation(name, catalogue_from=DEMO_ORGANISATION), factor) for name, factor in _DEMO_MEMBERS
    ]
    for organisation, factor in members:
        join_network(None, network, organisation)
        if organisation is dijon:
            continue
        missions = {
            mission.code: mission
            for mission in db.session.scalars(select(Mission).where(Mission.organisation_id == organisation.id))
        }
        types = {(kind.mission_id, kind.code): str(kind.id) for mission in missions.values() for kind in mission.types}
        for tally in tallies:
            mission = missions.get(codes[tally.mission_id])
            value = (
                types.get((mission.id, type_codes[tally.value]))
                if tally.dimension == "type" and mission
                else tally.value
            )
            if mission is None or value is None:
                continue  # an archived mission or a retired type: not in the copied catalogue
            # Each member its own pace through the year, so that members do not move in step.
            pace = factor * (1 + 0.25 * ((tally.day.toordinal() * len(organisation.name)) % 7 - 3) / 3)
            db.session.add(
                DailyTally(
                    organisation_id=organisation.id,
                    day=tally.day,
                    mission_id=mission.id,
                    dimension=tally.dimension,
                    value=value,
                    interventions=round(tally.interventions * pace),
                    people=round(tally.people * pace),
                    shift_ms=round(tally.shift_ms * pace),
                    person_ms=round(tally.person_ms * pace),
                )
            )
        db.session.flush()
        # The whole months a network reads come from the monthly tallies: added up as the app keeps them.
        rebuild_months(organisation.id)
        db.session.commit()
    for membership in network.memberships:
        membership.joined_at = datetime(2020, 1, 1)
    db.session.commit()
    lille = members[-1][0]
    leave_network(None, lille, network)
    membership = next(row for row in network.memberships if row.organisation_id == lille.id)
    membership.left_at = datetime.combine(date.today().replace(day=1), datetime.min.time())
    db.session.commit()
    account, _password = create_network_account({"email": DEMO_NETWORK_ACCOUNT, "name": "Union nationale"}, network)
    account.set_password(DEMO_PASSWORD)
    account.must_change_password = False
    db.session.commit()
