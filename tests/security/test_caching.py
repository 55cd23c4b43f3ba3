"""No copy of people's data in a browser's or a proxy's cache (issue 10, item 12): every page,
API answer and export says `no-store`; the app shell keeps the caching its service worker needs."""

from __future__ import annotations

import pytest

from server.models import Organisation
from tests.helpers import intervention_record, shift_record

PERIOD = "period=custom&from=2025-03-01&to=2025-03-31"


@pytest.fixture
def signed_in(database, login_as, org):
    phone, _ = login_as("mediator")
    shift = shift_record(started_at="2025-03-10T08:00:00+01:00", updated_at="2025-03-10T11:30:00+01:00")
    record = intervention_record(shift["id"], occurred_at="2025-03-10T09:05:00+01:00", note="Mme D., très inquiète")
    phone.sync(shifts=[shift], interventions=[record])
    organisation = database.session.get(Organisation, org.organisation.id)
    organisation.logo, organisation.logo_type = b"\x89PNG\r\n\x1a\n", "image/png"
    database.session.commit()
    admin, _ = login_as("admin")
    return {"admin": admin, "phone": phone, "shift": shift["id"], "record": record["id"]}


def test_every_authenticated_answer_is_no_store(signed_in):
    admin, phone, shift, record = (signed_in[key] for key in ("admin", "phone", "shift", "record"))
    pages = [
        "/desk/shifts",
        f"/desk/shifts/{shift}",  # shows the notes
        f"/desk/shifts/{shift}/edit",
        f"/desk/interventions/{record}/edit",
        "/desk/dashboard",
        "/reports/annual?year=2025",
        "/admin/people",
        "/admin/missions",
        "/admin/organisation",
        "/admin/organisation/logo",
        "/admin/audit",
        "/account/password",
        "/api/catalogue",
        "/api/shifts",
        "/api/session",
        "/api/reports/summary?from=2025-03-01&to=2025-03-31",
    ]
    exports = [f"/exports/interventions?format={fmt}&{PERIOD}" for fmt in ("excel", "csv", "xlsx")]
    for path in pages + exports:
        response = (admin.post if path in exports else admin.get)(path)
        response.close()  # exports are streamed
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    assert phone.get(f"/api/shifts/{shift}").headers["Cache-Control"] == "no-store"
    # The sign-in page and refusals too: nothing there is worth keeping.
    assert admin.get("/no-such-page").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/sw.js", "/manifest.webmanifest", "/js/app.js", "/favicon.ico"])
def test_the_app_shell_keeps_its_own_caching(app, database, path):
    response = app.test_client().get(path)
    response.close()
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
