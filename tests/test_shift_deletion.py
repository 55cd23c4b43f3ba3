"""Deleting a shift takes its interventions along in one action; restoring brings back those."""

import uuid

from sqlalchemy import select

from server.models import AuditEntry, Intervention, Shift
from server.services import tally_recount as tallies
from tests.helpers import intervention_record, page_text, shift_record

DAY = "from=2026-03-02&to=2026-03-02"


def _shift_of_three(login_as):
    coordinator, _ = login_as("coordinator")
    phone, _ = login_as("mediator")
    shift = shift_record(started_at="2026-03-02T08:00:00+01:00", updated_at="2026-03-02T08:00:00+01:00")
    records = [intervention_record(shift["id"], occurred_at=f"2026-03-02T09:1{minute}:00+01:00") for minute in range(3)]
    assert phone.sync(shifts=[shift], interventions=records).status_code == 200
    return coordinator, shift, records


def _kept(database, shift_id) -> int:
    database.session.expire_all()
    query = select(Intervention).where(Intervention.shift_id == uuid.UUID(shift_id), Intervention.deleted.is_(False))
    return len(database.session.scalars(query).all())


def test_a_shift_and_its_interventions_go_and_come_back_together(database, login_as):
    coordinator, shift, records = _shift_of_three(login_as)
    # One deleted on its own first: it is not the shift's to bring back.
    assert (
        coordinator.submit(f"/desk/interventions/{records[0]['id']}/delete", {"reason": "Doublon"}).status_code == 302
    )
    edit = page_text(coordinator.get(f"/desk/shifts/{shift['id']}/edit"))
    checkbox = (
        edit.split('id="with_interventions"')[0].rsplit("<input", 1)[1] + edit.split('id="with_interventions"')[1]
    )
    assert "Supprimer aussi ses 2 interventions" in edit and "checked" in checkbox.split(">")[0]

    form = {"reason": "Vacation de test", "with_interventions": "y"}
    assert coordinator.submit(f"/desk/shifts/{shift['id']}/delete", form).status_code == 302
    assert database.session.get(Shift, uuid.UUID(shift["id"])).deleted and _kept(database, shift["id"]) == 0
    assert coordinator.get(f"/api/reports/summary?{DAY}").json["interventions"] == 0
    organisation_id = database.session.get(Shift, uuid.UUID(shift["id"])).organisation_id
    assert tallies.stored(organisation_id) == tallies.recount(organisation_id)
    entries = database.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(entry.entity, entry.action) for entry in entries] == [
        ("intervention", "delete"),
        ("intervention", "delete"),
        ("intervention", "delete"),
        ("shift", "delete"),
    ]
    assert sorted(entries[-1].changes["interventions"][1]) == sorted(record["id"] for record in records[1:])
    history = page_text(coordinator.get(f"/desk/shifts/{shift['id']}")).split("Historique des corrections")[1]
    assert "Ses interventions, dans la même action : 2 interventions" in history

    restore = page_text(coordinator.get(f"/desk/shifts/{shift['id']}/edit"))
    assert "Restaurer aussi les 2 interventions supprimées avec elle" in restore
    form = {"reason": "Pas un test", "with_interventions": "y"}
    assert coordinator.submit(f"/desk/shifts/{shift['id']}/restore", form).status_code == 302
    assert not database.session.get(Shift, uuid.UUID(shift["id"])).deleted and _kept(database, shift["id"]) == 2
    assert database.session.get(Intervention, uuid.UUID(records[0]["id"])).deleted
    assert coordinator.get(f"/api/reports/summary?{DAY}").json["interventions"] == 2
    assert tallies.stored(organisation_id) == tallies.recount(organisation_id)


def test_unticked_the_interventions_stay(database, login_as):
    coordinator, shift, _ = _shift_of_three(login_as)
    assert coordinator.submit(f"/desk/shifts/{shift['id']}/delete", {"reason": "Heures en double"}).status_code == 302
    assert database.session.get(Shift, uuid.UUID(shift["id"])).deleted and _kept(database, shift["id"]) == 3
    assert coordinator.get(f"/api/reports/summary?{DAY}").json["interventions"] == 3
    # Nothing went along, so the restore offers nothing to bring back.
    assert "Restaurer aussi" not in page_text(coordinator.get(f"/desk/shifts/{shift['id']}/edit"))
    restored = coordinator.submit(
        f"/desk/shifts/{shift['id']}/restore", {"reason": "Erreur", "with_interventions": "y"}
    )
    assert restored.status_code == 302 and _kept(database, shift["id"]) == 3
