"""A coordinator corrects records while their phone edits the same ones, at the same instant.

On PostgreSQL two transactions really overlap: without row locks the phone's batch reads a
row, the correction commits, and the batch writes its stale copy back and moves the per-day
tallies from the wrong starting point (they then disagree with the rows for good). Whatever
the interleaving, the correction must stand and the tallies must equal a recount.
"""

from __future__ import annotations

import threading
import uuid

from server.models import Intervention
from server.services import tally_recount as tallies
from tests.helpers import CORRECTION_FORM, intervention_record, shift_record

ROUNDS = 60
FORM = {**CORRECTION_FORM, "reason": "Le client était un homme"}


def test_corrections_and_phone_edits_racing_on_the_same_rows(database, login_as):
    coordinator, boss = login_as("coordinator")
    phone, _ = login_as("mediator")
    shift = shift_record(started_at="2026-03-02T08:00:00+01:00", updated_at="2026-03-02T08:00:00+01:00")
    records = [
        intervention_record(
            shift["id"], occurred_at="2026-03-02T09:10:00+01:00", updated_at="2026-03-02T09:10:00+01:00"
        )
        for _ in range(ROUNDS)
    ]
    assert phone.sync(shifts=[shift], interventions=records).status_code == 200

    outcomes: dict[str, list] = {"phone": [], "desk": []}
    for record in records:
        start = threading.Barrier(2)
        # The phone's author edits the age band; the coordinator corrects the gender.
        edit = dict(record, age_band="over_60", updated_at="2026-03-02T09:20:00+01:00")

        def from_phone(edit=edit, start=start):
            start.wait()
            response = phone.sync(interventions=[edit])
            outcomes["phone"].append(response.json["results"][0]["status"])

        def from_desk(record=record, start=start):
            start.wait()
            form = dict(FORM, age_band=record["age_band"])
            response = coordinator.submit(f"/desk/interventions/{record['id']}/edit", form)
            outcomes["desk"].append(response.status_code)

        threads = [threading.Thread(target=from_phone), threading.Thread(target=from_desk)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert outcomes["desk"] == [302] * ROUNDS
    # The phone either got in first (updated) or was told of the correction (conflict).
    assert set(outcomes["phone"]) <= {"updated", "conflict"}
    database.session.expire_all()
    for record in records:
        row = database.session.get(Intervention, uuid.UUID(record["id"]))
        assert row.gender == "male" and row.corrected_at is not None
    organisation_id = boss.organisation_id
    assert tallies.stored(organisation_id) == tallies.recount(organisation_id)
    print(
        f"\n{ROUNDS} races: phone first {outcomes['phone'].count('updated')}, desk first "
        f"{outcomes['phone'].count('conflict')}; tallies equal a recount"
    )
