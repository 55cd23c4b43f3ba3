"""Networks (issue 14 items 2-3): members join and leave, network accounts, the roll-up."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry, Indicator, InterventionType, Mission, NetworkMembership, Shift, Site, User
from server.services.network_summary import network_summary
from tests.helpers import shift_record
from tests.network_world import TALLIES_ONLY, at, log_day, network_fixture, run_cli, tables_read  # noqa: F401 - the `network` fixture

SUMMED = ("interventions", "people", "motifs", "mask_reminders", "mask_complied", "hours", "person_hours")
MEMBER = ("interventions", "people", "motifs", "hours", "person_hours")
ADDED = ("by_type", "by_gender", "by_age_band", "by_place", "by_duration", "by_mission", "by_partner")


def _own_summary(login_as, organisation, query: str) -> dict:
    coordinator, _ = login_as("coordinator", organisation)
    response = coordinator.get(f"/api/reports/summary?{query}")
    assert response.status_code == 200, response.json
    return response.json


def _added(summaries: list[dict]) -> dict:
    total = {key: sum(summary[key] for summary in summaries) for key in SUMMED}
    for key in ADDED:
        merged: dict = {}
        for summary in summaries:
            for code, count in summary[key].items():
                merged[code] = merged.get(code, 0) + count
        total[key] = merged
    return total


def _log_team_shift(login_as, organisation, day: date, teammates: int) -> None:
    """A shift of Dijon's with teammates who logged none of their own: they count in its person-hours."""
    team = [login_as("mediator", organisation, name=f"Coéquipier {number}")[1] for number in range(teammates)]
    phone, _ = login_as("mediator", organisation, name="Médiatrice en binôme")
    zone = organisation.timezone
    shift = shift_record(
        started_at=at(day, 16, zone),
        ended_at=at(day, 17, zone, 30),
        updated_at=at(day, 17, zone, 30),
        teammates=[user.id for user in team],
    )
    assert phone.sync(shifts=[shift]).json["results"][0]["status"] == "created"


def _rolled_up(login_as, network, first, last, partner):
    """The network's summary of [first, last] (of a partner's missions if named), checked to add
    up its members' own, 7 + 4 interventions (2 + 1 of La Poste's); with those own summaries."""
    query = f"from={first}&to={last}" + (f"&partner={partner}" if partner else "")
    response = network["client"].get(f"/api/network/summary?{query}")
    assert response.status_code == 200, response.json
    rolled = response.json
    own = [_own_summary(login_as, member.organisation, query) for member in network["members"]]
    assert {key: rolled[key] for key in (*SUMMED, *ADDED)} == _added(own)
    assert rolled["interventions"] == (7 + 4 if partner is None else 2 + 1)
    return response, own


@pytest.mark.parametrize("partner", [None, "La Poste"])
def test_the_roll_up_is_the_sum_of_each_members_own_summary(login_as, network, partner):
    day = network["day"]
    _log_team_shift(login_as, network["members"][0].organisation, day, teammates=2)
    response, own = _rolled_up(login_as, network, day - timedelta(days=1), day, partner)
    rolled = response.json
    assert rolled["by_organisation"] == {
        member.organisation.name: {key: summary[key] for key in MEMBER}
        for member, summary in zip(network["members"], own, strict=True)
    }
    # Each member's tram (3 h) and post office (2 h) shifts; Dijon's team of three, 1 h 30, on the tram.
    assert (rolled["hours"], rolled["person_hours"]) == ((11.5, 14.5) if partner is None else (4, 4))
    assert "PIMMS de Lyon" not in response.get_data(as_text=True)
    assert "Médiatrice" not in response.get_data(as_text=True) and "note" not in response.get_data(as_text=True)


def test_members_sharing_a_name_are_told_apart_in_the_roll_up(database, login_as, network):
    dijon, reunion = network["members"]
    admin, _ = login_as("admin", reunion.organisation)
    renamed = {"name": "PIMMS de Dijon", "timezone": "Indian/Reunion", "note_retention_days": "365"}
    assert admin.post("/admin/organisation", data=renamed).status_code == 302
    day = network["day"]
    rolled = network["client"].get(f"/api/network/summary?from={day - timedelta(days=1)}&to={day}").json
    first, second = (f"PIMMS de Dijon (n° {member.organisation.id})" for member in (dijon, reunion))
    assert set(rolled["by_organisation"]) == {first, second}
    assert rolled["by_organisation"][first]["interventions"] + rolled["by_organisation"][second]["interventions"] == 11


@pytest.mark.parametrize("partner", [None, "La Poste"])
def test_whole_months_add_up_as_their_days_and_a_late_joiner_counts_from_its_day(app, login_as, network, partner):
    """Whole months come from the monthly tallies, the days around them from the daily ones;
    a member that joins in the middle of a month brings none of that month's earlier days."""
    day = network["day"]
    first = day.replace(day=1) - timedelta(days=5)
    last = (day.replace(day=1) + timedelta(days=32)).replace(day=1) + timedelta(days=4)
    joined = run_cli(app, "networks", "join", "Union nationale des PIMMS", "--org", "PIMMS de Lyon")
    assert joined.exit_code == 0, joined.output
    rolled = _rolled_up(login_as, network, first, last, partner)[0].json
    # Lyon logged its 7 taps two days before it joined.
    assert rolled["by_organisation"]["PIMMS de Lyon"] == dict.fromkeys(MEMBER, 0)


def test_the_roll_up_reads_nothing_but_tallies(app, network):
    day = network["day"]
    user = db.session.scalar(select(User).where(User.email == "union@example.org"))
    with tables_read() as tables:
        figures = network_summary(user, day, day)
    assert "daily_tally" in tables and tables <= TALLIES_ONLY, tables
    # The hours too: 3 h of tram and 2 h at the post office per member, from the tallies.
    assert (figures["hours"], figures["person_hours"]) == (10, 10)
    assert figures["interventions"] == 5 + 2 + 3 + 1


def test_a_member_that_left_stops_contributing_from_its_leave_time(app, database, login_as, network):
    day = network["day"]
    dijon, reunion = network["members"]
    log_day(login_as, reunion.organisation, "Indian/Reunion", day + timedelta(days=1), taps=4, partner_taps=0)
    left = run_cli(app, "networks", "leave", "Union nationale des PIMMS", "--org", "PIMMS de La Réunion")
    assert left.exit_code == 0, left.output
    # It left during the second day, as its own clocks count days.
    membership = database.session.scalar(
        select(NetworkMembership).where(NetworkMembership.organisation_id == reunion.organisation.id)
    )
    second = day + timedelta(days=1)
    membership.left_at = datetime(second.year, second.month, second.day, 1, tzinfo=ZoneInfo("Indian/Reunion"))
    membership.left_at = membership.left_at.astimezone(timezone.utc).replace(tzinfo=None)
    database.session.commit()
    rolled = network["client"].get(f"/api/network/summary?from={day}&to={second}").json
    assert rolled["by_organisation"]["PIMMS de La Réunion"]["interventions"] == 4  # the first day only
    assert rolled["interventions"] == 7 + 4
    assert rolled["hours"] == 5 + 5  # nor the hours of its second day
    assert network["client"].get(f"/api/network/summary?from={second}&to={second}").json["by_organisation"] == {
        "PIMMS de Dijon": dict.fromkeys(MEMBER, 0)
    }
    audit = database.session.scalars(
        select(AuditEntry).where(
            AuditEntry.organisation_id == reunion.organisation.id, AuditEntry.entity == "organisation"
        )
    ).all()
    assert [(entry.action, entry.reason, entry.actor_id) for entry in audit] == [
        ("join_network", "cli", None),
        ("leave_network", "cli", None),
    ]
    assert audit[1].changes == {"network": ["Union nationale des PIMMS", None]}


def test_network_commands_refuse_what_makes_no_sense(app, network):
    again = run_cli(app, "networks", "join", "Union nationale des PIMMS", "--org", "PIMMS de Dijon")
    assert again.exit_code != 0 and "déjà membre du réseau Union nationale des PIMMS" in again.output
    assert run_cli(app, "networks", "create", "union nationale des pimms").exit_code != 0
    outsider = run_cli(app, "networks", "leave", "Union nationale des PIMMS", "--org", "PIMMS de Lyon")
    assert outsider.exit_code != 0 and "n’est membre d’aucun réseau" in outsider.output
    unknown = run_cli(app, "networks", "join", "Autre réseau", "--org", "PIMMS de Lyon")
    assert unknown.exit_code != 0 and "Réseau inconnu." in unknown.output
    no_network = run_cli(app, "users", "create", "x@example.org", "--name", "X", "--role", "network", "--password", "p")
    assert no_network.exit_code != 0 and "--network NAME goes with --role network" in no_network.output
    listed = run_cli(app, "networks", "list").output
    assert "PIMMS de Dijon: Union nationale des PIMMS" in listed and "PIMMS de Lyon: -" in listed


def test_a_network_account_reads_the_roll_up_and_nothing_else(app, database, login_as, network):
    client = network["client"]
    account = database.session.scalar(select(User).where(User.email == "union@example.org"))
    assert account.organisation_id is None and account.network.name == "Union nationale des PIMMS"
    day = network["day"]
    for url in (
        "/api/catalogue",
        "/api/shifts",
        f"/api/reports/summary?from={day}&to={day}",
        "/desk/dashboard",
        "/desk/shifts",
        "/reports/annual",
        "/admin/people",
        "/admin/organisation",
    ):
        assert client.get(url).status_code == 403, url
    assert client.sync(shifts=[shift_record()]).status_code == 403
    assert client.get("/api/session").json["user"]["role"] == "network"
    coordinator, _ = login_as("coordinator", network["members"][0].organisation)
    assert coordinator.get(f"/api/network/summary?from={day}&to={day}").status_code == 403
    assert client.get(f"/api/network/summary?from={day}&to={day - timedelta(days=1)}").status_code == 400
    # Deactivated from the command line like any account, in the network's trail.
    assert run_cli(app, "users", "deactivate", "union@example.org").exit_code == 0
    assert client.get(f"/api/network/summary?from={day}&to={day}").status_code == 401
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.action == "deactivate"))
    assert (entry.entity, entry.network_id, entry.organisation_id) == ("user", account.network_id, None)
    assert entry.changes == {"active": [True, False]}


def test_the_organisation_page_shows_the_network_and_its_admin_leaves_it(database, login_as, network):
    dijon = network["members"][0].organisation
    coordinator, _ = login_as("coordinator", dijon)
    assert coordinator.post("/admin/organisation/network/leave").status_code == 403
    admin, person = login_as("admin", dijon)
    page = admin.get("/admin/organisation").get_data(as_text=True)
    assert "parviennent au réseau Union nationale des PIMMS depuis le 01/01/2020" in page
    assert admin.post("/admin/organisation/network/leave").status_code == 302
    page = admin.get("/admin/organisation").get_data(as_text=True)
    assert "ne parviennent à aucun réseau" in page
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.action == "leave_network"))
    assert (entry.organisation_id, entry.actor_id) == (dijon.id, person.id)
    assert admin.post("/admin/organisation/network/leave").status_code == 404


def test_orgs_create_copies_a_catalogue_and_nothing_else(app, database, org, login_as):
    dijon = org
    dijon.tram.sites[1].archived = True
    database.session.add(
        Mission(organisation_id=dijon.organisation.id, code="old", label="Ancienne", partner="EDF", archived=True)
    )
    database.session.add(Indicator(organisation_id=dijon.organisation.id, code="training", label="Formation"))
    database.session.commit()
    log_day(login_as, dijon.organisation, "Europe/Paris", date.today() - timedelta(days=1), taps=2)
    result = run_cli(app, "orgs", "create", "PIMMS de Nancy", "--catalogue-from", "PIMMS de Dijon")
    assert result.exit_code == 0, result.output
    assert "Catalogue copied from PIMMS de Dijon." in result.output
    nancy = database.session.scalar(
        select(Mission.organisation_id).where(Mission.label == "Divia — tram").order_by(Mission.id.desc())
    )
    assert nancy != dijon.organisation.id
    missions = database.session.scalars(
        select(Mission).where(Mission.organisation_id == nancy).order_by(Mission.id)
    ).all()
    assert [(m.code, m.label, m.partner, m.multi_motif, m.places) for m in missions] == [
        (m.code, m.label, m.partner, m.multi_motif, m.places) for m in (dijon.tram, dijon.post)
    ]
    sites = database.session.scalars(select(Site.code).where(Site.mission_id == missions[0].id)).all()
    types = database.session.scalars(
        select(InterventionType.code)
        .where(InterventionType.mission_id == missions[0].id)
        .order_by(InterventionType.position)
    ).all()
    assert sites == ["t1"] and types == ["itinerary", "fares", "mask_reminder"]
    for model in (User, Shift, Indicator):
        assert database.session.scalar(select(model).where(model.organisation_id == nancy)) is None
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.organisation_id == nancy))
    assert entry.action == "catalogue_copy" and entry.changes["catalogue_from"] == [None, "PIMMS de Dijon"]
    unknown = run_cli(app, "orgs", "create", "PIMMS de Metz", "--catalogue-from", "Nulle part")
    assert unknown.exit_code != 0 and "Aucune organisation ne porte ce nom." in unknown.output


def test_an_admin_copies_what_it_lacks_of_a_fellow_members_catalogue(database, login_as, network):
    dijon, reunion = (member.organisation for member in network["members"])
    lyon = network["outsider"].organisation
    tram = network["members"][1].tram
    # La Réunion has a bus mission and one more tram motif that Dijon lacks, a site it closed.
    bus = Mission(organisation_id=reunion.id, code="bus", label="Divia — bus", partner="Keolis")
    bus.sites = [Site(code="l3", label="Ligne 3"), Site(code="l9", label="Ligne 9", archived=True)]
    bus.types = [InterventionType(code="itinerary", label="Information itinéraire")]
    tram.types.append(InterventionType(code="conflict", label="Conflit désamorcé", position=9))
    database.session.add(bus)
    database.session.commit()
    version = dijon.catalogue_version
    coordinator, _ = login_as("coordinator", dijon)
    assert coordinator.submit("/admin/organisation/catalogue-copy", {"source": reunion.id}).status_code == 403
    admin, person = login_as("admin", dijon)
    page = admin.get("/admin/organisation").get_data(as_text=True)
    assert "Copier le catalogue d’un autre membre" in page
    assert f'<option value="{reunion.id}">PIMMS de La Réunion</option>' in page and "PIMMS de Lyon" not in page

    response = admin.submit("/admin/organisation/catalogue-copy", {"source": reunion.id})
    assert response.status_code == 302
    text = admin.get("/admin/organisation").get_data(as_text=True)
    assert "Ajouts — missions : 1, lignes ou sites : 1, types d’intervention : 2." in text
    copied = database.session.scalar(select(Mission).where(Mission.organisation_id == dijon.id, Mission.code == "bus"))
    assert (copied.label, copied.partner, [site.code for site in copied.sites]) == ("Divia — bus", "Keolis", ["l3"])
    codes = database.session.scalars(
        select(InterventionType.code)
        .join(Mission)
        .where(Mission.organisation_id == dijon.id, Mission.code == "tram")
        .order_by(InterventionType.position)
    ).all()
    assert codes[-1] == "conflict" and codes.count("itinerary") == 1
    database.session.refresh(dijon)
    assert dijon.catalogue_version == version + 1  # the phones fetch it at their next sync
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.action == "catalogue_copy"))
    assert (entry.organisation_id, entry.actor_id) == (dijon.id, person.id)
    assert entry.changes["types"] == [None, 2] and entry.changes["catalogue_from"] == [None, "PIMMS de La Réunion"]
    # Nothing but the catalogue: La Réunion's mediator and shifts stay there.
    assert (
        database.session.scalar(select(Shift).where(Shift.organisation_id == dijon.id, Shift.mission_id == bus.id))
        is None
    )

    # Again: nothing left to add. A code meaning something else: refused, named, nothing written.
    assert admin.submit("/admin/organisation/catalogue-copy", {"source": reunion.id}).status_code == 302
    reunion_post = network["members"][1].post
    reunion_post.label = "Médiation en mairie"
    tram.types.append(InterventionType(code="other", label="Autre", position=10))
    database.session.commit()
    refused = admin.submit("/admin/organisation/catalogue-copy", {"source": reunion.id})
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "rien n’a été copié" in text
    assert "La mission post s’appelle « Pré-accueil La Poste » chez vous et « Médiation en mairie »" in text
    assert (
        database.session.scalar(
            select(InterventionType)
            .join(Mission)
            .where(Mission.organisation_id == dijon.id, InterventionType.code == "other")
        )
        is None
    )
    # Not a member of the network: not offered, and refused if sent.
    assert admin.submit("/admin/organisation/catalogue-copy", {"source": lyon.id}).status_code == 400
    outsider, _ = login_as("admin", lyon)
    assert "Copier le catalogue" not in outsider.get("/admin/organisation").get_data(as_text=True)


def test_the_commands_and_the_exports_leave_entries_in_their_trails(app, database, network):
    """The network's creation, its account and its exports in the network's trail (no organisation's);
    a member joining or leaving from the command line in the member's, as its admin leaving does."""
    dijon = network["members"][0].organisation
    union = database.session.scalar(select(User).where(User.email == "union@example.org"))
    day = network["day"]
    export = network["client"].post(f"/network/export/types?period=custom&from={day}&to={day}&format=csv")
    assert export.status_code == 200 and export.data.startswith(b"type,partner")  # read: the download streams
    assert run_cli(app, "networks", "leave", "Union nationale des PIMMS", "--org", dijon.name).exit_code == 0
    entries = database.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    trail = [
        (entry.entity, entry.action, entry.actor_id, entry.reason)
        for entry in entries
        if entry.network_id == union.network_id
    ]
    assert trail == [
        ("network", "create", None, "cli"),
        ("user", "create", None, "cli"),
        ("export", "export", union.id, ""),
    ]
    assert all(entry.organisation_id is None for entry in entries if entry.network_id is not None)
    account = next(entry for entry in entries if entry.entity == "user" and entry.network_id)
    assert account.changes["email"] == [None, "union@example.org"] and account.changes["role"] == [None, "network"]
    exported = next(entry for entry in entries if entry.entity == "export")
    assert exported.entity_id == "network_types"
    assert exported.changes == {"from": day.isoformat(), "to": day.isoformat(), "partner": None, "format": "csv"}
    member = [(entry.action, entry.actor_id, entry.reason) for entry in entries if entry.organisation_id == dijon.id]
    assert member == [("join_network", None, "cli"), ("leave_network", None, "cli")]
    # The member's admin reads its own trail, never the network's.
    assert all(entry.network_id is None for entry in entries if entry.organisation_id == dijon.id)


def test_the_network_account_reads_its_networks_trail_and_no_organisations(app, database, network):
    client, day = network["client"], network["day"]
    dijon = network["members"][0].organisation
    assert client.post(f"/network/export/members?period=custom&from={day}&to={day}&format=xlsx").status_code == 200
    assert run_cli(app, "networks", "leave", "Union nationale des PIMMS", "--org", dijon.name).exit_code == 0
    page = client.get("/network/audit")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    when = f"du {day:%d/%m/%Y} au {day:%d/%m/%Y}"
    assert f"Réseau, par membre, {when}, tous les partenaires, en XLSX" in text
    assert "Réseau · Union nationale des PIMMS" in text and "union@example.org" in text
    # The member's leaving is in the member's trail, not here; nothing of an organisation is.
    assert "Départ d’un réseau" not in text and dijon.name not in text
    assert 'href="/network/audit"' in text  # in the network's menu
    english = client.get("/network/audit?lang=en").get_data(as_text=True)
    assert "Network, by member" in english and "all partners" in english
