"""Partner accounts (issue 14 item 1): read-only, one partner's missions, figures only."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from server.models import AuditEntry, User
from tests.helpers import ApiClient, intervention_record, shift_record

PARIS_WINTER = timezone(timedelta(hours=1))


def _at(day: date, hour: int, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS_WINTER).isoformat()


@pytest.fixture
def activity(login_as):
    """A day of tram (Keolis) and post-office (La Poste) work by a named mediator."""
    mediator, person = login_as("mediator", name="Samira Médiatrice")
    day = date.today() - timedelta(days=1)
    tram = shift_record(started_at=_at(day, 8), ended_at=_at(day, 11), updated_at=_at(day, 11))
    post = shift_record(
        mission="post", site="grangier", started_at=_at(day, 13), ended_at=_at(day, 15), updated_at=_at(day, 15)
    )
    records = [
        intervention_record(tram["id"], occurred_at=_at(day, 9), types=["fares"], note="Note du tram"),
        intervention_record(tram["id"], occurred_at=_at(day, 9, 5), types=["itinerary"]),
        intervention_record(
            post["id"],
            occurred_at=_at(day, 14),
            types=["opening_hours", "forms"],
            place="post_office",
            people=3,
            note="Note de la poste",
        ),
        intervention_record(post["id"], occurred_at=_at(day, 14, 10), types=["online_bank"], place="post_office"),
    ]
    response = mediator.sync(shifts=[tram, post], interventions=records)
    assert {result["status"] for result in response.json["results"]} == {"created"}
    return day, person


@pytest.fixture
def partner(login_as):
    client, user = login_as("partner", name="Paul de La Poste", partner="La Poste")
    return client


def test_the_summary_is_the_partners_missions_only(login_as, activity, partner):
    day, _ = activity
    coordinator, _ = login_as("coordinator")
    period = f"from={day}&to={day}"
    own = partner.get(f"/api/reports/summary?{period}")
    assert own.status_code == 200
    figures = own.json
    assert figures == coordinator.get(f"/api/reports/summary?{period}&partner=La Poste").json
    assert figures["interventions"] == 2 and figures["motifs"] == 3 and figures["people"] == 4
    assert figures["by_mission"] == {"post": 2} and figures["by_partner"] == {"La Poste": 2}
    assert set(figures["by_type"]) == {"opening_hours", "forms", "online_bank"}
    assert figures["hours"] == 2.0
    # Another partner, or another partner's mission, does not exist for it.
    assert partner.get(f"/api/reports/summary?{period}&partner=Keolis").status_code == 404
    assert partner.get(f"/api/reports/summary?{period}&mission=tram").status_code == 404
    assert partner.get(f"/api/reports/summary?{period}&mission=post").json == figures


def test_the_dashboard_and_the_report_show_the_partners_missions_without_people(activity, partner):
    day, mediator = activity
    for url in (f"/desk/dashboard?period=day&date={day}", f"/reports/annual?year={day.year}"):
        response = partner.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert "Pré-accueil La Poste" in page, url
        for hidden in ("Divia — tram", "Tarifs, billettique", mediator.name, "Note de la poste", "/exports/"):
            assert hidden not in page, (url, hidden)
    # Asking for another partner's section or mission shows nothing of it.
    assert partner.get(f"/reports/annual?year={day.year}&partner=Keolis").status_code == 404
    assert partner.get(f"/desk/dashboard?period=day&date={day}&mission=tram").status_code == 404
    report = partner.get(f"/reports/annual?year={day.year}").get_data(as_text=True)
    assert "Synthèse" not in report
    menu = partner.get("/desk/dashboard").get_data(as_text=True)
    assert ">Tableau de bord</a>" in menu and ">Rapport annuel</a>" in menu and ">Vacations</a>" not in menu


def test_a_partner_never_reaches_records_people_exports_or_the_phone(activity, partner):
    day, mediator = activity
    for url in (
        "/api/catalogue",
        "/api/shifts",
        "/desk/shifts",
        "/desk/devices",
        "/desk/indicators",
        f"/exports/interventions?format=xlsx&period=day&date={day}",
        "/admin/people",
        "/admin/organisation",
        "/admin/audit",
        "/api/indicators?year=2026",
    ):
        asked = partner.post if url.startswith("/exports/") else partner.get
        assert asked(url).status_code in (403, 404), url
    refused = partner.sync(shifts=[shift_record(mission="post", site="grangier")])
    assert refused.status_code == 403
    # Signing in lands on the dashboard.
    page = ApiClient(partner.client)
    assert page.get("/desk").headers["Location"].endswith("/desk/dashboard")


def test_cli_creates_a_partner_account_for_a_partner_of_its_organisation(app, database, org):
    runner = app.test_cli_runner()
    base = ["users", "create", "poste@example.org", "--name", "La Poste Dijon", "--password", "a long enough one"]
    missing = runner.invoke(args=[*base, "--role", "partner"])
    assert missing.exit_code != 0 and "Choisissez le partenaire" in missing.output
    unknown = runner.invoke(args=[*base, "--role", "partner", "--partner", "EDF"])
    assert unknown.exit_code != 0 and "Aucune mission de l’organisation n’a ce partenaire." in unknown.output
    misplaced = runner.invoke(args=[*base, "--role", "mediator", "--partner", "La Poste"])
    assert misplaced.exit_code != 0 and "--partner is for --role partner only." in misplaced.output
    created = runner.invoke(args=[*base, "--role", "partner", "--partner", "La Poste", "--org", "PIMMS de Dijon"])
    assert created.exit_code == 0, created.output
    person = database.session.scalar(select(User).where(User.email == "poste@example.org"))
    assert (person.role, person.partner, person.organisation_id) == ("partner", "La Poste", org.organisation.id)
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.entity == "user"))
    assert entry.changes["partner"] == [None, "La Poste"] and entry.reason == "cli"
    client = ApiClient(app.test_client())
    assert client.sign_in("poste@example.org", "a long enough one").status_code == 200
    assert client.get("/api/catalogue").status_code == 403


def test_the_admin_people_page_creates_and_edits_a_partner_account(database, login_as, org):
    admin, _ = login_as("admin")
    form = {"name": "Keolis Dijon", "email": "keolis@example.org", "role": "partner", "pole": "", "partner": ""}
    page = admin.get("/admin/people/new").get_data(as_text=True)
    assert '<option value="Keolis">' in page and '<option value="La Poste">' in page
    refused = admin.post("/admin/people/new", data=form)
    assert refused.status_code == 400 and "Choisissez le partenaire" in refused.get_data(as_text=True)
    assert admin.post("/admin/people/new", data={**form, "partner": "Keolis"}).status_code == 200
    person = database.session.scalar(select(User).where(User.email == "keolis@example.org"))
    assert (person.role, person.partner, person.missions) == ("partner", "Keolis", [])
    assert "Partenaire (lecture seule) (Keolis)" in admin.get("/admin/people").get_data(as_text=True)
    # Made a coordinator, the account forgets its partner.
    edited = admin.post(f"/admin/people/{person.id}", data={**form, "role": "coordinator", "partner": "Keolis"})
    assert edited.status_code == 302
    database.session.refresh(person)
    assert (person.role, person.partner) == ("coordinator", None)
