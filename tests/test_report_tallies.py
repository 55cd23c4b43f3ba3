"""The per-day tallies always equal a recount from the raw rows, whatever wrote to them."""

import uuid
from datetime import date, datetime, timedelta, timezone

from server.models import Organisation
from server.services import corrections
from server.services import tally_recount as tallies
from server.services.demo import load_demo
from tests.helpers import intervention_record, shift_record

PARIS_WINTER = timezone(timedelta(hours=1))
DAY = date.today() - timedelta(days=2)


def _at(hour: int, minute: int = 0, day: date = DAY) -> str:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS_WINTER).isoformat()


def _assert_in_step(organisation_id: int) -> None:
    stored, recounted = tallies.stored(organisation_id), tallies.recount(organisation_id)
    assert stored == recounted
    assert stored, "the scenario should leave some figures"
    # The monthly tallies a network reads follow the same writes.
    assert tallies.months_stored(organisation_id) == tallies.months_recounted(organisation_id)


def test_tallies_follow_creates_edits_tombstones_and_corrections(database, org, login_as):
    phone, mediator = login_as("mediator")
    _, coordinator = login_as("coordinator")
    shift = shift_record(started_at=_at(8), ended_at=_at(12), updated_at=_at(12))
    post = shift_record(mission="post", site="grangier", started_at=_at(13), updated_at=_at(13))
    kept = intervention_record(shift["id"], occurred_at=_at(9), updated_at=_at(9), people=3)
    edited = intervention_record(
        shift["id"],
        occurred_at=_at(10),
        updated_at=_at(10),
        mask_reminder=True,
        types=["mask_reminder"],
        mask_outcome="complied",
    )
    tombstone = intervention_record(shift["id"], occurred_at=_at(11), updated_at=_at(11))
    born_deleted = intervention_record(shift["id"], occurred_at=_at(11, 5), updated_at=_at(11, 5), deleted=True)
    multi = intervention_record(
        post["id"],
        occurred_at=_at(14),
        updated_at=_at(14),
        types=["forms", "online_bank"],
        gender="unknown",
        age_band="unknown",
        place="post_office",
        duration=None,
    )
    response = phone.sync(shifts=[shift, post], interventions=[kept, edited, tombstone, born_deleted, multi])
    assert {r["status"] for r in response.json["results"]} == {"created"}
    _assert_in_step(org.organisation.id)

    # The phone edits one record (new age band, the next day by its clock), deletes another.
    later = _at(23)
    edited_again = dict(edited, age_band="over_60", occurred_at=_at(0, 30, DAY + timedelta(days=1)), updated_at=later)
    deleted = dict(tombstone, deleted=True, updated_at=later)
    motifs_changed = dict(multi, types=["forms"], people=2, updated_at=later)
    moved = dict(shift, site="t2", updated_at=later)
    response = phone.sync(shifts=[moved], interventions=[edited_again, deleted, motifs_changed])
    assert {r["status"] for r in response.json["results"]} == {"updated"}
    _assert_in_step(org.organisation.id)

    # A coordinator corrects, deletes, restores, and moves the shift back to T1 (the values
    # as the desk's validated forms hand them over: local naive times, blanks as None).
    values = {
        "occurred_at": datetime(2025, 3, 4, 17, 45),
        "types": ["fares"],
        "gender": "male",
        "age_band": "under_25",
        "place": "stop",
        "people": 4,
        "duration": "long",
        "mask_reminder": False,
        "mask_outcome": None,
        "rating": None,
        "note": None,
        "reason": "Saisie erronée",
    }
    corrections.correct_intervention(coordinator, uuid.UUID(kept["id"]), values)
    _assert_in_step(org.organisation.id)
    corrections.set_intervention_deleted(coordinator, uuid.UUID(edited["id"]), True, "Doublon")
    _assert_in_step(org.organisation.id)
    corrections.set_intervention_deleted(coordinator, uuid.UUID(tombstone["id"]), False, "Supprimée par erreur")
    _assert_in_step(org.organisation.id)
    shift_values = {"site": "t1", "started_at": datetime(2025, 3, 4, 8), "ended_at": None, "reason": "Mauvaise ligne"}
    corrections.correct_shift(coordinator, uuid.UUID(shift["id"]), shift_values)
    _assert_in_step(org.organisation.id)


def test_demo_load_rebuilds_the_tallies(app, database):
    assert load_demo(days=3)
    organisation = database.session.query(Organisation).one()
    _assert_in_step(organisation.id)
