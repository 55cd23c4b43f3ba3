"""The correction form asks what the record's mission asks, and refuses impossible dates."""

import uuid

from tests.helpers import intervention_record, page_text, shift_record, shown_in_correction_form

STARTED = "2026-03-02T08:00:00+01:00"


def _recorded(login_as, mission="tram", site="t1", **fields):
    coordinator, _ = login_as("coordinator")
    phone, _ = login_as("mediator")
    shift = shift_record(mission=mission, site=site, started_at=STARTED, updated_at=STARTED)
    record = intervention_record(shift["id"], occurred_at="2026-03-02T09:10:00+01:00", **fields)
    response = phone.sync(shifts=[shift], interventions=[record])
    assert [result["status"] for result in response.json["results"]] == ["created", "created"], response.json["results"]
    return coordinator, shift, record


def test_a_tram_record_is_corrected_without_satisfaction_a_post_office_one_without_gender(login_as):
    coordinator, _, tram = _recorded(login_as)
    page = page_text(coordinator.get(f"/desk/interventions/{tram['id']}/edit"))
    assert 'name="gender"' in page and 'name="mask_reminder"' in page
    assert 'name="rating"' not in page and "Satisfaction" not in page.split('class="correction"')[1].split("</form>")[0]

    post_record = {"types": ["opening_hours"], "gender": "unknown", "age_band": "unknown", "place": "post_office"}
    coordinator, _, post = _recorded(login_as, mission="post", site="grangier", **post_record)
    form = page_text(coordinator.get(f"/desk/interventions/{post['id']}/edit")).split('class="correction"')[1]
    form = form.split("</form>")[0]
    for name in ("gender", "age_band", "place", "duration", "mask_reminder", "mask_outcome", "rating"):
        assert f'name="{name}"' not in form, name
    assert 'name="people"' in form and 'name="types"' in form

    # What the form shows is enough to correct it: the fields not asked stay as they were.
    response = coordinator.submit(
        f"/desk/interventions/{post['id']}/edit",
        {"occurred_at": "2026-03-02T09:10", "types": ["opening_hours", "forms"], "people": "3", "reason": "Famille"},
    )
    assert response.status_code == 302
    history = page_text(coordinator.get(f"/desk/interventions/{post['id']}/edit")).split("Historique")[1]
    assert "Personnes : 1 → 3" in history and "Genre" not in history


def test_a_date_outside_the_plausible_range_is_refused_beside_its_field(database, login_as):
    from server.models import Intervention

    coordinator, shift, record = _recorded(login_as)
    url = f"/desk/interventions/{record['id']}/edit"
    form = shown_in_correction_form(reason="Année mal tapée")
    for typed in ("2006-03-02T09:10", "2096-03-02T09:10"):
        response = coordinator.submit(url, {**form, "occurred_at": typed})
        assert response.status_code == 400
        text = page_text(response)
        assert "Date impossible : indiquez un moment entre le 01/01/2015 et le " in text
        assert 'id="occurred_at-error"' in text
    row = database.session.get(Intervention, uuid.UUID(record["id"]))
    assert row.occurred_at.year == 2026 and row.corrected_at is None

    shift_url = f"/desk/shifts/{shift['id']}/edit"
    shift_form = {"site": "t1", "started_at": "2026-03-02T08:00", "ended_at": "2206-03-02T12:00", "reason": "Oups"}
    response = coordinator.submit(shift_url, shift_form)
    assert response.status_code == 400 and "Date impossible" in page_text(response)
    assert 'id="ended_at-error"' in response.text
    english = coordinator.submit(f"{shift_url}?lang=en", shift_form)
    assert "Impossible date: give a moment between 01/01/2015 and " in page_text(english)
