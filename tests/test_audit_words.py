"""Audit entries read in words, in local time and the page's language; a correction logs only what changed."""

import uuid

from sqlalchemy import select

from server.models import AuditEntry, Intervention, Shift
from tests.helpers import CORRECTION_FORM, intervention_record, page_text, shift_record, shown_in_correction_form

# 29/11/2026 at 06:00 in Dijon (UTC+1 in winter); the phone's record carries seconds.
STARTED = "2026-11-29T06:00:00+01:00"
OCCURRED = "2026-11-29T06:47:51.250+01:00"


def _synced(login_as):
    coordinator, _ = login_as("coordinator", name="Claire Morel")
    phone, _ = login_as("mediator")
    shift = shift_record(started_at=STARTED, updated_at=STARTED)
    record = intervention_record(shift["id"], occurred_at=OCCURRED, updated_at=OCCURRED)
    assert phone.sync(shifts=[shift], interventions=[record]).status_code == 200
    return coordinator, shift, record


def _form_as_shown(**changes) -> dict:
    """The correction form sent back as the page showed the record (to the minute), with `changes`."""
    return {**CORRECTION_FORM, **shown_in_correction_form(**{"occurred_at": "2026-11-29T06:47", **changes})}


def test_a_correction_changes_and_logs_only_what_the_coordinator_changed(database, login_as):
    coordinator, shift, record = _synced(login_as)
    row = database.session.get(Intervention, uuid.UUID(record["id"]))
    occurred, offset = row.occurred_at, row.utc_offset_minutes
    assert occurred.second == 51

    url = f"/desk/interventions/{record['id']}/edit"
    response = coordinator.submit(url, _form_as_shown(gender="male", reason="Un homme, pas une femme"))
    assert response.status_code == 302
    database.session.expire_all()
    row = database.session.get(Intervention, uuid.UUID(record["id"]))
    assert (row.gender, row.occurred_at, row.utc_offset_minutes) == ("male", occurred, offset)
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.entity_id == record["id"]))
    assert entry.changes == {"gender": ["female", "male"]}

    # The same form sent back again changes nothing, to the second.
    again = coordinator.submit(url, _form_as_shown(gender="male", reason="Rien de plus"))
    assert again.status_code == 400 and "Rien n’a changé." in again.text

    # A shift's form sent back with only its end typed keeps its start as the phone sent it.
    shift_url = f"/desk/shifts/{shift['id']}/edit"
    form = {"site": "t1", "started_at": "2026-11-29T06:00", "ended_at": "2026-11-29T09:00", "reason": "Oubli"}
    assert coordinator.submit(shift_url, form).status_code == 302
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.entity_id == shift["id"]))
    assert entry.changes == {"ended_at": [None, "2026-11-29T08:00:00"]}
    assert database.session.get(Shift, uuid.UUID(shift["id"])).ended_at.hour == 8


def test_the_history_reads_in_words_and_local_time_in_the_pages_language(login_as):
    coordinator, shift, record = _synced(login_as)
    url = f"/desk/interventions/{record['id']}/edit"
    form = _form_as_shown(gender="male", types=["fares"], occurred_at="2026-11-29T06:50", reason="Erreur de saisie")
    assert coordinator.submit(url, form).status_code == 302
    shift_form = {"site": "t2", "started_at": "2026-11-29T06:00", "ended_at": "2026-11-29T09:00", "reason": "Oubli"}
    assert coordinator.submit(f"/desk/shifts/{shift['id']}/edit", shift_form).status_code == 302

    for page in (page_text(coordinator.get(url)), page_text(coordinator.get(f"/desk/shifts/{shift['id']}"))):
        assert "Genre : Femme → Homme" in page
        assert "Motif(s) : Information itinéraire → Tarifs, billettique" in page
        assert "Date et heure : 29/11/2026 06:47:51 → 29/11/2026 06:50" in page
        assert "Correction · Intervention" in page
        for code in ("gender", "female", "[1]", "T05:", "∅"):
            assert code not in page.split("Historique des corrections")[1], code
    shift_page = page_text(coordinator.get(f"/desk/shifts/{shift['id']}"))
    assert "Fin : — → 29/11/2026 09:00" in shift_page and "Ligne ou site : Tram T1 → Tram T2" in shift_page
    assert "Correction · Vacation" in shift_page and "Correction · Intervention (29/11/2026 06:50)" in shift_page

    english = page_text(coordinator.get(f"/desk/shifts/{shift['id']}?lang=en"))
    history = english.split("Correction history")[1]
    assert "Gender : Woman → Man" in history and "End : — → 29/11/2026 09:00" in history
    assert "Correction · Shift" in history


def test_the_admins_trail_reads_exports_and_admin_changes_in_words(login_as):
    admin, _ = login_as("admin")
    coordinator, _ = login_as("coordinator")
    assert (
        coordinator.post("/exports/by_type?format=excel&period=custom&from=2026-11-01&to=2026-11-30").status_code == 200
    )
    page = page_text(admin.get("/admin/audit"))
    assert "Export · Par motif" in page
    assert "Par motif, du 01/11/2026 au 30/11/2026, toutes les missions, en CSV pour Excel" in page
    assert "format :" not in page and "from :" not in page
    english = page_text(admin.get("/admin/audit?lang=en"))
    assert "By reason, from 01/11/2026 to 30/11/2026, all missions, as CSV for Excel" in english


def test_the_admins_trail_names_a_row_in_the_pages_language(login_as, org, database):
    admin, _ = login_as("admin")
    org.tram.label_en = "Divia tramway"
    database.session.commit()
    assert admin.post(f"/admin/missions/{org.tram.id}/archive").status_code == 302
    assert "Mission · Divia — tram" in page_text(admin.get("/admin/audit"))
    english = page_text(admin.get("/admin/audit?lang=en"))
    assert "Mission · Divia tramway" in english and "Divia — tram" not in english
