"""Moving a shift to another mission or line: its interventions follow, their motifs mapped,
audited each, the figures moved at once, and a phone's replay never moves it back."""

import re
import uuid

from sqlalchemy import select

from server.models import AuditEntry, Intervention, InterventionType, Mission, Shift, Site
from server.services import tally_recount as tallies
from tests.helpers import add_bus_mission, intervention_record, page_text, shift_record

DAY = "from=2026-03-02&to=2026-03-02"


def _bus(database, org) -> Mission:
    """A second transport mission: "itinerary" in common with the tram, "fares" not."""
    types = [("itinerary", "Itinéraire"), ("tickets", "Titres de transport")]
    return add_bus_mission(org.organisation.id, types, asks_people=True, asks_duration=True)


def _tram_shift(login_as, types=(["itinerary"], ["fares"], ["itinerary"])):
    coordinator, _ = login_as("coordinator", name="Claire Morel")
    phone, _ = login_as("mediator")
    shift = shift_record(
        started_at="2026-03-02T08:00:00+01:00",
        ended_at="2026-03-02T12:00:00+01:00",
        updated_at="2026-03-02T12:00:00+01:00",
    )
    records = [
        intervention_record(
            shift["id"],
            occurred_at=f"2026-03-02T09:1{index}:00+01:00",
            updated_at=f"2026-03-02T09:1{index}:00+01:00",
            types=kinds,
            people=index + 1,
        )
        for index, kinds in enumerate(types)
    ]
    assert phone.sync(shifts=[shift], interventions=records).status_code == 200
    return coordinator, phone, shift, records


def _assert_tallies_true(database, shift):
    database.session.expire_all()
    organisation_id = database.session.get(Shift, uuid.UUID(shift["id"])).organisation_id
    assert tallies.stored(organisation_id) == tallies.recount(organisation_id)


def test_a_move_maps_the_motifs_and_moves_the_figures(database, login_as, org):
    bus = _bus(database, org)
    coordinator, _, shift, records = _tram_shift(login_as)
    url = f"/desk/shifts/{shift['id']}/move"
    assert "Déplacer vers une autre mission ou ligne" in coordinator.get(f"/desk/shifts/{shift['id']}").text

    # Choosing the bus shows its lines and, for each motif of the shift, the bus's motif.
    page = coordinator.get(f"{url}?mission=bus")
    assert page.status_code == 200
    fares = database.session.scalar(select(InterventionType.id).where(InterventionType.code == "fares"))
    itinerary = database.session.scalar(
        select(InterventionType.id).where(
            InterventionType.code == "itinerary", InterventionType.mission_id == org.tram.id
        )
    )
    assert "Motif « Tarifs, billettique » devient" in page.text and 'value="l3"' in page.text
    assert f'name="type_{itinerary}"' in page.text
    # The mask reminder the tram asks, the bus does not: said before the move.
    assert "ne demande pas : Rappel du port du masque" in page_text(page)

    # "Tarifs" has no match on the bus: the move is refused until one is chosen, nothing moved.
    form = {"mission": "bus", "planned": "bus", "site": "l3", "reason": "Ligne de bus, pas de tram"}
    refused = coordinator.submit(url, form)
    assert refused.status_code == 400
    assert "Choisissez le motif de « Divia — bus » qui remplace « Tarifs, billettique »." in page_text(refused)
    database.session.expire_all()
    assert database.session.get(Shift, uuid.UUID(shift["id"])).mission_id == org.tram.id

    moved = coordinator.submit(url, {**form, f"type_{fares}": "tickets"})
    assert moved.status_code == 302 and moved.headers["Location"] == f"/desk/shifts/{shift['id']}"
    database.session.expire_all()
    row = database.session.get(Shift, uuid.UUID(shift["id"]))
    assert (row.mission_id, row.site.code) == (bus.id, "l3")
    rows = database.session.scalars(select(Intervention).where(Intervention.shift_id == row.id)).all()
    assert {(item.mission_id, item.site_id) for item in rows} == {(bus.id, row.site_id)}
    assert sorted(item.type_codes[0] for item in rows) == ["itinerary", "itinerary", "tickets"]
    assert all(item.corrected_at is not None for item in rows)

    summary = coordinator.get(f"/api/reports/summary?{DAY}").json
    assert summary["by_mission"] == {"bus": 3} and summary["interventions"] == 3 and summary["people"] == 6
    assert summary["by_type"] == {"itinerary": 2, "tickets": 1}
    assert coordinator.get(f"/api/reports/summary?{DAY}&mission=tram").json["interventions"] == 0
    _assert_tallies_true(database, shift)

    # One entry per record and one for the shift, readable in words on the shift's page.
    entries = database.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(entry.entity, entry.action) for entry in entries] == [("intervention", "relocate")] * 3 + [
        ("shift", "relocate")
    ]
    history = page_text(coordinator.get(f"/desk/shifts/{shift['id']}")).split("Historique des corrections")[1]
    assert "Déplacement · Vacation" in history and "Ligne de bus, pas de tram" in history
    assert "Mission : Divia — tram → Divia — bus" in history and "Ligne ou site : Tram T1 → Ligne 3" in history
    assert "Motif(s) : Tarifs, billettique → Titres de transport" in history


def test_a_field_the_new_mission_does_not_ask_takes_the_phones_value_there(database, login_as, org):
    coordinator, _, shift, records = _tram_shift(login_as, types=(["itinerary"],))
    opening = database.session.scalar(select(InterventionType.id).where(InterventionType.code == "itinerary"))
    page = page_text(coordinator.get(f"/desk/shifts/{shift['id']}/move?mission=post"))
    assert "ne demande pas : Genre, Tranche d’âge, Lieu, Durée, Rappel du port du masque" in page
    form = {"mission": "post", "planned": "post", "site": "grangier", f"type_{opening}": "opening_hours"}
    assert (
        coordinator.submit(f"/desk/shifts/{shift['id']}/move", {**form, "reason": "Bureau de poste"}).status_code == 302
    )
    database.session.expire_all()
    row = database.session.get(Intervention, uuid.UUID(records[0]["id"]))
    # La Poste asks no gender, age band, place or duration: what its phone logs there.
    assert (row.gender, row.age_band, row.place, row.duration) == ("unknown", "unknown", "post_office", None)
    assert row.people == 1 and row.type_codes == ["opening_hours"]
    summary = coordinator.get(f"/api/reports/summary?{DAY}").json
    assert summary["by_gender"] == {"unknown": 1} and summary["by_place"] == {"post_office": 1}
    _assert_tallies_true(database, shift)
    history = page_text(coordinator.get(f"/desk/interventions/{records[0]['id']}/edit"))
    assert "Genre : Femme → Non renseigné" in history


def test_refused_moves_say_why_and_change_nothing(database, login_as, org):
    coordinator, _, shift, records = _tram_shift(login_as, types=(["itinerary"],))
    url = f"/desk/shifts/{shift['id']}/move"
    same = coordinator.submit(url, {"mission": "tram", "planned": "tram", "site": "t1", "reason": "Rien"})
    assert same.status_code == 400 and "Rien n’a changé." in page_text(same)
    unknown = coordinator.submit(url, {"mission": "tram", "planned": "tram", "site": "l3", "reason": "Mauvaise ligne"})
    assert unknown.status_code == 400 and "Ligne ou site inconnu pour cette mission." in page_text(unknown)
    no_reason = coordinator.submit(url, {"mission": "tram", "planned": "tram", "site": "t2", "reason": ""})
    assert no_reason.status_code == 400 and "Champ obligatoire." in page_text(no_reason)

    assert coordinator.submit(f"/desk/shifts/{shift['id']}/delete", {"reason": "Test"}).status_code == 302
    assert "restaurez-la avant de la déplacer" in page_text(coordinator.get(url))
    deleted = coordinator.submit(url, {"mission": "tram", "planned": "tram", "site": "t2", "reason": "Autre ligne"})
    assert deleted.status_code == 409 and "restaurez-la avant de la déplacer" in page_text(deleted)

    # Another organisation's coordinator cannot even see it.
    other = org.organisation
    stranger, _ = login_as("coordinator", organisation=_other_org(database, other))
    assert stranger.get(url).status_code == 404
    database.session.expire_all()
    row = database.session.get(Shift, uuid.UUID(shift["id"]))
    assert row.site.code == "t1" and row.mission_id == org.tram.id
    assert [entry.action for entry in database.session.scalars(select(AuditEntry))] == ["delete"]


def _other_org(database, organisation):
    from server.models import Organisation

    other = Organisation(name="PIMMS de Lyon", timezone="Europe/Paris")
    database.session.add(other)
    database.session.commit()
    return other


def test_several_motifs_cannot_move_to_a_one_motif_mission(database, login_as, org):
    coordinator, _ = login_as("coordinator")
    phone, _ = login_as("mediator")
    shift = shift_record(mission="post", site="grangier", started_at="2026-03-02T08:00:00+01:00")
    record = intervention_record(
        shift["id"], occurred_at="2026-03-02T09:00:00+01:00", types=["opening_hours", "forms"], place=None
    )
    assert phone.sync(shifts=[shift], interventions=[record]).json["results"][1]["status"] == "created"
    ids = dict(database.session.execute(select(InterventionType.code, InterventionType.id)).all())
    form = {
        "mission": "tram",
        "planned": "tram",
        "site": "t1",
        f"type_{ids['opening_hours']}": "itinerary",
        f"type_{ids['forms']}": "fares",
        "reason": "Tram",
    }
    refused = coordinator.submit(f"/desk/shifts/{shift['id']}/move", form)
    assert refused.status_code == 400 and "n’accepte qu’un motif par intervention" in page_text(refused)
    # Both motifs becoming the same one is one motif: the move goes through.
    moved = coordinator.submit(f"/desk/shifts/{shift['id']}/move", {**form, f"type_{ids['forms']}": "itinerary"})
    assert moved.status_code == 302
    database.session.expire_all()
    assert database.session.get(Intervention, uuid.UUID(record["id"])).type_codes == ["itinerary"]
    _assert_tallies_true(database, shift)


def test_another_mission_chosen_shows_its_lines_before_moving(database, login_as, org):
    _bus(database, org)
    coordinator, _, shift, _ = _tram_shift(login_as, types=(["itinerary"],))
    url = f"/desk/shifts/{shift['id']}/move"
    # The form listed the tram's lines; the bus chosen in it is shown, not saved.
    shown = coordinator.submit(url, {"mission": "bus", "planned": "tram", "site": "t2", "reason": "Bus"})
    assert shown.status_code == 200 and 'value="l3"' in shown.text and "Bus" in shown.text
    database.session.expire_all()
    assert database.session.get(Shift, uuid.UUID(shift["id"])).mission_id == org.tram.id


def test_a_phone_replaying_its_records_after_a_move_does_not_undo_it(database, login_as, org):
    bus = _bus(database, org)
    coordinator, phone, shift, records = _tram_shift(login_as)
    fares = database.session.scalar(select(InterventionType.id).where(InterventionType.code == "fares"))
    form = {"mission": "bus", "planned": "bus", "site": "l3", f"type_{fares}": "tickets", "reason": "Bus"}
    assert coordinator.submit(f"/desk/shifts/{shift['id']}/move", form).status_code == 302

    # The phone never saw the move: it sends its tram copies again, then edits one.
    replay = phone.sync(shifts=[shift], interventions=records).json["results"]
    statuses = {result["id"]: (result["status"], result.get("errors", {}).get("reason")) for result in replay}
    assert statuses[shift["id"]] == ("conflict", ["corrected"])
    # The "fares" one names a motif the bus does not have: told the coordinator's version stands.
    assert statuses[records[1]["id"]] == ("conflict", ["corrected"])
    # The itinerary ones read the same on the bus: nothing to tell.
    assert statuses[records[0]["id"]][0] == "unchanged"
    edited = dict(records[0], gender="male", updated_at="2026-03-02T13:00:00+01:00")
    assert phone.sync(interventions=[edited]).json["results"][0]["status"] == "conflict"
    database.session.expire_all()
    row = database.session.get(Shift, uuid.UUID(shift["id"]))
    assert (row.mission_id, row.site.code) == (bus.id, "l3")
    moved = database.session.scalars(select(Intervention).where(Intervention.shift_id == row.id)).all()
    assert {item.mission_id for item in moved} == {bus.id} and {item.gender for item in moved} == {"female"}
    assert coordinator.get(f"/api/reports/summary?{DAY}").json["by_mission"] == {"bus": 3}
    _assert_tallies_true(database, shift)


def test_a_line_changed_within_the_mission_moves_the_line_figures(database, login_as, org):
    coordinator, _, shift, records = _tram_shift(login_as)
    form = {"mission": "tram", "planned": "tram", "site": "t2", "reason": "T2, pas T1"}
    assert coordinator.submit(f"/desk/shifts/{shift['id']}/move", form).status_code == 302
    database.session.expire_all()
    rows = database.session.scalars(select(Intervention).where(Intervention.shift_id == uuid.UUID(shift["id"]))).all()
    t2 = database.session.scalar(select(Site.id).where(Site.code == "t2"))
    assert {item.site_id for item in rows} == {t2} and sorted(item.type_codes[0] for item in rows) == [
        "fares",
        "itinerary",
        "itinerary",
    ]
    _assert_tallies_true(database, shift)
    entries = database.session.scalars(select(AuditEntry).where(AuditEntry.entity == "intervention")).all()
    assert len(entries) == 3 and all(set(entry.changes) == {"site_id"} for entry in entries)


def test_the_move_page_offers_the_same_line_first(database, login_as, org):
    bus = _bus(database, org)
    bus.sites.append(Site(code="t1-relais", label="TRAM T1", network="Divia"))
    database.session.commit()
    coordinator, _, shift, _ = _tram_shift(login_as, types=(["itinerary"],))
    url = f"/desk/shifts/{shift['id']}/move"

    def chosen(page: str) -> list[str]:
        return [
            re.search(r'value="([^"]*)"', option).group(1)
            for option in re.findall(r"<option[^>]*>", page)
            if " selected" in option
        ]

    assert chosen(coordinator.get(url).text) == ["tram", "t1"]  # its own mission and line
    # Another mission: its line of the same name (here), or of the same code, is offered first.
    # (then the motif of the same code, as before)
    assert chosen(coordinator.get(f"{url}?mission=bus").text) == ["bus", "t1-relais", "itinerary"]
    database.session.delete(bus.sites[-1])
    database.session.commit()
    assert chosen(coordinator.get(f"{url}?mission=bus").text) == ["bus", "", "itinerary"]  # no line alike: "—"
