"""PUT /api/session/password (issue 11, item 8): a person given a temporary password chooses
their own on the phone, and nothing is filed before they do."""

from sqlalchemy import func, select

from server.models import AuditEntry, Intervention, Shift
from tests.helpers import PASSWORD, form_token, intervention_record, shift_record
from tests.helpers import change_password_on_phone as change

NEW = "une phrase facile à retenir"


def test_a_temporary_password_holds_the_sync_until_a_new_one_is_chosen(database, login_as):
    phone, user = login_as("mediator", must_change_password=True)
    assert phone.user["must_change_password"] is True
    shift = shift_record()
    records = {"shifts": [shift], "interventions": [intervention_record(shift["id"])]}
    refused = phone.sync(**records)
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "password_change_required"
    assert "mot de passe" in refused.json["error"]["message"]
    assert database.session.scalar(select(func.count()).select_from(Shift)) == 0
    changed = change(phone, PASSWORD, NEW)
    assert changed.status_code == 200, changed.json
    # The same body as GET /api/session: the user, and a CSRF token for the next writes.
    assert set(changed.json) == {"user", "csrf_token"}
    assert changed.json["user"]["must_change_password"] is False
    assert changed.json["user"]["id"] == user.id and changed.json == phone.get("/api/session").json
    phone.csrf_token = changed.json["csrf_token"]
    # The records the phone kept are filed now.
    assert [result["status"] for result in phone.sync(**records).json["results"]] == ["created", "created"]
    assert database.session.scalar(select(func.count()).select_from(Intervention)) == 1
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.action == "change_password"))
    assert entry.entity_id == str(user.id)


def test_refusals_name_their_field_in_french(database, login_as):
    phone, _ = login_as("mediator", must_change_password=True)
    wrong = change(phone, "pas le bon", NEW)
    assert wrong.status_code == 400
    assert wrong.json["error"]["fields"] == {"current_password": ["Le mot de passe actuel est incorrect."]}
    for new, message in (
        ("court", "Au moins 8 caractères."),
        ("azertyuiop", "Ce mot de passe fait partie des plus courants : choisissez-en un autre."),
        (PASSWORD, "Choisissez un mot de passe différent de l’actuel."),
    ):
        response = change(phone, PASSWORD, new)
        assert response.status_code == 400
        assert response.json["error"]["code"] == "invalid"
        assert response.json["error"]["fields"] == {"new_password": [message]}
    missing = phone.put("/api/session/password", json={"new_password": NEW})
    assert missing.status_code == 400 and "current_password" in missing.json["error"]["fields"]
    unknown = phone.put("/api/session/password", json={"current_password": PASSWORD, "new_password": NEW, "x": 1})
    assert unknown.status_code == 400 and "x" in unknown.json["error"]["fields"]
    assert phone.get("/api/session").json["user"]["must_change_password"] is True


def test_guessing_the_current_password_is_throttled(app, login_as):
    phone, _ = login_as("mediator")
    for number in range(app.config["LOGIN_MAX_FAILURES"]):
        assert change(phone, f"guess-{number}", NEW).status_code == 400
    throttled = change(phone, PASSWORD, NEW)
    assert throttled.status_code == 429 and throttled.json["error"]["code"] == "too_many_requests"


def test_needs_a_session_and_the_csrf_token(api, login_as):
    # A visitor holding a valid token (from the sign-in form) is refused for who they are.
    api.csrf_token = form_token(api.get("/login").get_data(as_text=True))
    anonymous = change(api, PASSWORD, NEW)
    assert anonymous.status_code == 401 and anonymous.json["error"]["code"] == "unauthenticated"
    phone, _ = login_as("mediator")
    phone.csrf_token = None
    response = change(phone, PASSWORD, NEW)
    assert response.status_code == 400 and response.json["error"]["code"] == "csrf_failed"
