"""The phones of an organisation (issue 11 item 6, issue 13 item 3): each sync reports the
records waiting on the phone; the desk lists the phones and points out those to look at."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server.models import Device, Shift
from server.models.clock import utcnow
from tests.helpers import ApiClient, now_iso, shift_record


def sync(client: ApiClient, device: dict | None = None, device_id: str = "phone-1", **records):
    body = {"device_id": device_id, "client_time": now_iso(), "shifts": [], "interventions": []}
    body.update(records)
    if device is not None:
        body["device"] = device
    return client.post("/api/sync", json=body)


def devices(database) -> list[Device]:
    return list(database.session.scalars(select(Device).order_by(Device.id)))


def test_each_sync_updates_one_row_per_device(database, login_as):
    karim, karim_user = login_as("mediator", name="Karim")
    sofia, sofia_user = login_as("mediator", name="Sofia")
    oldest = now_iso(timedelta(hours=-3))
    report = {"pending": 4, "oldest_pending": oldest, "app_version": "2026.12.1"}
    response = sync(karim, report, shifts=[shift_record()])
    assert response.status_code == 200 and response.json["results"][0]["status"] == "created"
    [device] = devices(database)
    assert (device.device_id, device.last_user_id, device.pending, device.app_version) == (
        "phone-1",
        karim_user.id,
        4,
        "2026.12.1",
    )
    assert abs((device.oldest_pending_at - (utcnow() - timedelta(hours=3))).total_seconds()) < 60
    first_sync = device.last_sync_at
    # Another mediator on the same phone, everything sent: still one row, now theirs.
    assert sync(sofia, {"pending": 0, "oldest_pending": oldest, "app_version": "2026.12.1"}).status_code == 200
    database.session.expire_all()
    [device] = devices(database)
    assert device.last_user_id == sofia_user.id and device.pending == 0
    assert device.oldest_pending_at is None and device.last_sync_at >= first_sync
    # A phone whose app predates the report: its sync is noted, what it did not say is unknown.
    assert sync(sofia, device_id="old-phone").status_code == 200
    old = database.session.scalar(select(Device).where(Device.device_id == "old-phone"))
    assert (old.pending, old.oldest_pending_at, old.app_version) == (None, None, None)


@pytest.mark.parametrize(
    "report, field",
    [
        ({"pending": -1}, "pending"),
        ({"pending": "3"}, "pending"),
        ({"pending": 1.5}, "pending"),
        ({}, "pending"),
        ({"pending": 1, "oldest_pending": "2026-11-28T08:00:00"}, "oldest_pending"),  # no offset
        ({"pending": 1, "oldest_pending": "hier"}, "oldest_pending"),
        ({"pending": 1, "app_version": "x" * 33}, "app_version"),
        ({"pending": 1, "battery": 80}, "battery"),
    ],
)
def test_a_malformed_report_is_a_400_and_stores_nothing(database, mediator, report, field):
    response = sync(mediator, report, shifts=[shift_record()])
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]["device"]
    assert devices(database) == []
    assert database.session.scalar(select(func.count()).select_from(Shift)) == 0


@pytest.mark.parametrize("oldest", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-14:00", "1970-01-01T00:00:00Z"])
def test_a_time_no_phone_could_mean_is_kept_as_unknown_and_the_records_go_in(database, mediator, oldest):
    response = sync(mediator, {"pending": 3, "oldest_pending": oldest}, shifts=[shift_record()])
    assert response.status_code == 200 and response.json["results"][0]["status"] == "created"
    [device] = devices(database)
    assert (device.pending, device.oldest_pending_at) == (3, None)


def test_a_report_may_be_left_out_but_not_null(database, mediator):
    assert sync(mediator, None).status_code == 200  # an app older than the report
    body = {"device_id": "phone-2", "client_time": now_iso(), "device": None}
    refused = mediator.post("/api/sync", json=body)
    assert refused.status_code == 400 and "device" in refused.json["error"]["fields"]
    assert [device.device_id for device in devices(database)] == ["phone-1"]


def _rows(page: str) -> list[str]:
    return re.findall(r"<tr(?: class=\"flagged\")?>\s*<th scope=\"row\">.*?</tr>", page, re.S)


def test_the_desk_lists_the_phones_and_points_out_those_to_look_at(database, login_as):
    coordinator, _ = login_as("coordinator")
    karim, _ = login_as("mediator", name="Karim Benali")
    sofia, _ = login_as("mediator", name="Sofia Martin")
    awa, _ = login_as("mediator", name="Awa Diallo")
    sync(karim, {"pending": 0, "app_version": "2026.12.1"}, device_id="fine-phone")
    sync(sofia, {"pending": 7, "oldest_pending": now_iso(timedelta(hours=-30))}, device_id="late-phone")
    sync(awa, {"pending": 2, "oldest_pending": now_iso(timedelta(hours=-1))}, device_id="silent-phone")
    silent = database.session.scalar(select(Device).where(Device.device_id == "silent-phone"))
    silent.last_sync_at = utcnow() - timedelta(days=3)
    database.session.commit()
    response = coordinator.get("/desk/devices")
    assert response.status_code == 200
    page = response.text
    # The legend says in words what each flag means, whatever is flagged today.
    assert "Sans synchro depuis plus de 2 jours" in page and "Saisies en attente depuis plus de 24 h" in page
    assert "peut-être éteint, en panne ou perdu" in page
    rows = _rows(page)
    assert len(rows) == 3 and "3 téléphones" in page
    # Flagged first (latest synced first among them), then the others.
    assert ["late-phone" in rows[0], "silent-phone" in rows[1], "fine-phone" in rows[2]] == [True] * 3
    assert rows[0].startswith('<tr class="flagged">') and rows[1].startswith('<tr class="flagged">')
    assert not rows[2].startswith('<tr class="flagged">')
    assert "Sofia Martin" in rows[0] and ">7<" in rows[0] and "Saisies en attente depuis plus de 24 h" in rows[0]
    assert "il y a 1 jour" in rows[0]  # the oldest record waiting, as relative age
    assert "Awa Diallo" in rows[1] and "Sans synchro depuis plus de 2 jours" in rows[1] and "il y a 3 jours" in rows[1]
    assert "Karim Benali" in rows[2] and "2026.12.1" in rows[2] and "il y a" in rows[2]
    # Times are the organisation's local times.
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", rows[2])


def test_the_page_speaks_english_too(database, login_as):
    coordinator, _ = login_as("admin")
    phone, _ = login_as("mediator", name="Karim Benali")
    sync(phone, {"pending": 1, "oldest_pending": now_iso(timedelta(hours=-30))})
    page = coordinator.get("/language/en?next=/desk/devices", follow_redirects=True).text
    assert "Phones" in page and "Pending for more than 24 hours" in page and "No sync for more than 2 days" in page
    assert "1 day ago" in page


def test_each_organisation_sees_its_own_phones_only(database, login_as, make_org):
    lyon = make_org("PIMMS de Lyon").organisation
    home_phone, _ = login_as("mediator", name="Karim Benali")
    away_phone, _ = login_as("mediator", organisation=lyon, name="Lucie Lyonnaise")
    # The same device id in two organisations: two rows, one each.
    sync(home_phone, {"pending": 3}, device_id="shared-id")
    sync(away_phone, {"pending": 9}, device_id="shared-id")
    assert len(devices(database)) == 2
    coordinator, _ = login_as("coordinator")
    page = coordinator.get("/desk/devices").text
    assert "Karim Benali" in page and "Lucie Lyonnaise" not in page and ">9<" not in page


def test_coordinators_reach_it_from_the_menu_and_mediators_do_not(database, login_as):
    coordinator, _ = login_as("coordinator")
    assert 'href="/desk/devices"' in coordinator.get("/desk/shifts").text
    mediator, _ = login_as("mediator")
    assert mediator.get("/desk/devices").status_code == 403
