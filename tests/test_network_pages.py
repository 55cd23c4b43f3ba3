"""The network's pages and export (issue 14 items 4-5): the dashboard, the national report of a
partner, and the export a published report is rebuilt from; each from the members' tallies only."""

import csv
import io
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from server.extensions import db
from server.models import NetworkMembership, User
from server.services.network_pages import network_export_table, network_partners, network_view
from server.services.periods import resolve_period
from tests.helpers import PASSWORD, ApiClient, figure_row, page_text
from tests.network_world import TALLIES_ONLY, log_day, network_fixture, run_cli, tables_read  # noqa: F401 - the `network` fixture

# What a signed-in page adds: the account, its session and its network's name.
PAGE_TABLES = TALLIES_ONLY | {"user", "user_session", "network"}


def _own_summary(login_as, organisation, first: date, last: date, partner: str | None = None) -> dict:
    coordinator, _ = login_as("coordinator", organisation)
    query = f"from={first}&to={last}" + (f"&partner={partner}" if partner else "")
    response = coordinator.get(f"/api/reports/summary?{query}")
    assert response.status_code == 200, response.json
    return response.json


def _row(text: str, name: str) -> list[str]:
    """The cells of the members table's row of `name`, as a reader sees them."""
    match = re.search(r'<tr><th scope="row">' + re.escape(name) + r"(.*?)</tr>", text, re.S)
    assert match, f"no row for {name}"
    return [cell.strip() for cell in re.findall(r'<td class="number">(.*?)</td>', match.group(1))]


@pytest.mark.parametrize("partner", [None, "La Poste"])
def test_the_dashboard_shows_each_member_beside_the_others_and_their_sum(login_as, network, partner):
    day = network["day"]
    dijon, reunion = (member.organisation for member in network["members"])
    # Dijon worked the day before too: the period [day, day] is compared with it.
    log_day(login_as, dijon, "Europe/Paris", day - timedelta(days=1), taps=1, partner_taps=1)
    query = f"period=custom&from={day}&to={day}" + (f"&partner={partner}" if partner else "")
    response = network["client"].get(f"/network/dashboard?{query}")
    assert response.status_code == 200
    text = page_text(response)
    own = {org.name: _own_summary(login_as, org, day, day, partner) for org in (dijon, reunion)}
    before = _own_summary(login_as, dijon, day - timedelta(days=1), day - timedelta(days=1), partner)
    for name, summary in own.items():
        cells = _row(text, name)
        previous = before["interventions"] if name == dijon.name else 0
        assert cells[:2] == [str(summary["interventions"]), str(previous)]
        assert cells[3] == str(summary["people"]) and cells[5] == str(summary["motifs"])
        assert cells[7] == f"{summary['person_hours']:.1f}".replace(".", ",")
    # Dijon: 7 tram and post-office interventions against 2 the day before (4 against 1 for La Poste).
    assert _row(text, dijon.name)[2] == ("+250,0 %" if partner is None else "+100,0 %")
    total = sum(summary["interventions"] for summary in own.values())
    assert re.search(rf'<th scope="row">Interventions</th><td class="number">{total}</td>', text)
    # Each member's tram (3 h) and post office (2 h) shifts; Dijon's of the day before, compared.
    hours = sum(summary["hours"] for summary in own.values())
    assert hours == (10 if partner is None else 4)
    row = (
        f'<th scope="row">Heures de vacation</th><td class="number">{hours:.1f}</td><td class="number">{hours // 2:.1f}'
    )
    assert row.replace(".", ",") in text
    motifs = {}
    for summary in own.values():
        for code, count in summary["by_type"].items():
            motifs[code] = motifs.get(code, 0) + count
    for code, count in motifs.items():
        assert re.search(rf"<code>{code}</code></th><td class=\"number\">{count}</td>", text), code
    assert "PIMMS de Lyon" not in text and "Médiatrice" not in text and "note" not in text
    assert ("fares" in text) is (partner is None)


def test_the_national_report_of_a_partner_is_the_sum_of_each_members_own(login_as, network):
    day = network["day"]
    dijon, reunion = (member.organisation for member in network["members"])
    # Dijon's same day of the year before, to compare with.
    log_day(login_as, dijon, "Europe/Paris", day.replace(year=day.year - 1), taps=3, partner_taps=1)
    response = network["client"].get(f"/network/report?year={day.year}&partner=La+Poste")
    assert response.status_code == 200
    text = page_text(response)
    assert f"Rapport national {day.year} — La Poste" in text
    first = date(day.year, 1, 1)
    own = {org.name: _own_summary(login_as, org, first, day, "La Poste") for org in (dijon, reunion)}
    assert _row(text, dijon.name)[:3] == [str(own[dijon.name]["interventions"]), "1", "+100,0 %"]
    assert _row(text, reunion.name)[:3] == [str(own[reunion.name]["interventions"]), "0", "—"]
    # The post offices' hours (2 h a member), against Dijon's 2 h of the year before.
    assert '<dt>Heures de vacation</dt><dd>4,0 <span class="change">(+100,0 % par rapport à' in text
    # The national motif table, by the members' shared codes: 3 forms and 3 opening hours.
    assert own[dijon.name]["by_type"]["forms"] + own[reunion.name]["by_type"]["forms"] == 3
    national = re.search(r'id="motifs".*?</figure>', text, re.S).group(0)
    assert figure_row("forms", 3, "50,0") in national
    assert "opening_hours" in national and "forms" in national and "fares" not in national
    assert "PIMMS de Lyon" not in text
    # Printed on A4 with the network's name in the running header.
    css = network["client"].get("/network/report/print.css?title=Rapport").get_data(as_text=True)
    assert "size: A4" in css and "Union nationale des PIMMS" in css
    assert 'media="print" href="/network/report/print.css' in response.get_data(as_text=True)


def test_a_non_member_never_appears_even_to_its_own_network(app, database, login_as, network):
    """Lyon belongs to another network: each network's pages show its own members only."""
    day = network["day"]
    assert run_cli(app, "networks", "create", "Réseau du Rhône").exit_code == 0
    assert run_cli(app, "networks", "join", "Réseau du Rhône", "--org", "PIMMS de Lyon").exit_code == 0
    membership = database.session.scalar(
        select(NetworkMembership).where(NetworkMembership.organisation_id == network["outsider"].organisation.id)
    )
    membership.joined_at = datetime(2020, 1, 1)
    database.session.commit()
    created = run_cli(
        app, "users", "create", "rhone@example.org", "--name", "Rhône", "--role", "network",
        "--network", "Réseau du Rhône", "--password", PASSWORD,
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    rhone = ApiClient(app.test_client())
    assert rhone.sign_in("rhone@example.org").status_code == 200
    query = f"period=custom&from={day}&to={day}"
    for client, shown, hidden in (
        (rhone, ["PIMMS de Lyon"], ["PIMMS de Dijon", "PIMMS de La Réunion"]),
        (network["client"], ["PIMMS de Dijon", "PIMMS de La Réunion"], ["PIMMS de Lyon"]),
    ):
        for url in (
            f"/network/dashboard?{query}",
            f"/network/report?year={day.year}",
            f"/network/export/members?{query}",
        ):
            text = page_text(client.post(url) if "/export/" in url else client.get(url))
            assert all(name in text for name in shown) and not any(name in text for name in hidden), url
    assert _row(page_text(rhone.get(f"/network/dashboard?{query}")), "PIMMS de Lyon")[0] == "11"


def _leave_on_second_day(database, network) -> date:
    """La Réunion leaves at 01:00 of the day after the logged day, as its own clocks count."""
    day = network["day"]
    reunion = network["members"][1].organisation
    second = day + timedelta(days=1)
    membership = database.session.scalar(
        select(NetworkMembership).where(NetworkMembership.organisation_id == reunion.id)
    )
    left = datetime(second.year, second.month, second.day, 1, tzinfo=ZoneInfo("Indian/Reunion"))
    membership.left_at = left.astimezone(timezone.utc).replace(tzinfo=None)
    database.session.commit()
    return second


def test_a_member_that_left_stops_counting_and_the_published_export_stays_the_same(app, database, login_as, network):
    day = network["day"]
    client = network["client"]
    reunion = network["members"][1].organisation
    query = f"period=custom&from={day}&to={day}"
    published = client.post(f"/network/export/members?{query}&format=excel").data
    log_day(login_as, reunion, "Indian/Reunion", day + timedelta(days=1), taps=4, partner_taps=0)
    left = run_cli(app, "networks", "leave", "Union nationale des PIMMS", "--org", reunion.name)
    assert left.exit_code == 0, left.output
    second = _leave_on_second_day(database, network)
    # The day it was a member: exactly the figures published before it left.
    assert client.post(f"/network/export/members?{query}&format=excel").data == published
    assert "PIMMS de La Réunion;Tous les partenaires" in published.decode("utf-8-sig")
    # From the day it left, it counts no more (its 4 interventions of that day are not the network's).
    text = page_text(client.get(f"/network/dashboard?period=custom&from={second}&to={second}"))
    gone = ["0", "4", "−100,0 %", "0", "−100,0 %", "0", "−100,0 %", "0,0", "−100,0 %", "0,0 %"]
    assert _row(text, "PIMMS de La Réunion") == gone
    assert "(n’est plus membre)" in text
    rows = list(
        csv.reader(
            io.StringIO(client.post(f"/network/export/members?period=custom&from={day}&to={second}&format=csv").text)
        )
    )
    assert [(row[0], row[2], row[3], row[4], row[5]) for row in rows[1:]] == [
        ("PIMMS de Dijon", day.isoformat(), second.isoformat(), "2", "7"),
        ("PIMMS de La Réunion", day.isoformat(), day.isoformat(), "1", "4"),
    ]


def test_the_export_per_member_and_per_motif_in_each_format(login_as, network):
    day = network["day"]
    client = network["client"]
    query = f"period=custom&from={day}&to={day}&partner=La+Poste"
    excel = client.post(f"/network/export/members?{query}&format=excel")
    assert excel.status_code == 200 and excel.mimetype == "text/csv"
    assert f'filename="mediatap-reseau-members-{day}-{day}.csv"' in excel.headers["Content-Disposition"]
    assert excel.data.startswith(b"\xef\xbb\xbf")
    lines = excel.data.decode("utf-8-sig").split("\r\n")
    stamp = day.strftime("%d/%m/%Y")
    assert lines[:3] == [
        "Organisation;Partenaire;Premier jour compté;Dernier jour compté;Jours comptés;Interventions;Personnes;Motifs;"
        "Heures de vacation;Heures de présence",
        f"PIMMS de Dijon;La Poste;{stamp};{stamp};1;2;2;4;2,00;2,00",
        f"PIMMS de La Réunion;La Poste;{stamp};{stamp};1;1;1;2;2,00;2,00",
    ]
    workbook = load_workbook(io.BytesIO(client.post(f"/network/export/types?{query}&format=xlsx").data), read_only=True)
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert rows == [
        ["Motif (code)", "Partenaire", "Réseau", "PIMMS de Dijon", "PIMMS de La Réunion"],
        ["forms", "La Poste", 3, 2, 1],
        ["opening_hours", "La Poste", 3, 2, 1],
    ]
    # The rows add up to what each member's own summary says.
    dijon = _own_summary(login_as, network["members"][0].organisation, day, day, "La Poste")
    assert dijon["by_type"] == {"forms": 2, "opening_hours": 2}
    assert client.post(f"/network/export/members?{query}&format=pdf").status_code == 400
    assert client.post(f"/network/export/members?period=custom&from={day}").status_code == 400
    assert client.post("/network/export/members?partner=Nulle+part").status_code == 400


def test_the_pages_read_nothing_but_tallies(app, network):
    day = network["day"]
    user = db.session.scalar(select(User).where(User.email == "union@example.org"))
    period = resolve_period("year", day, today=day)
    with tables_read() as services, app.test_request_context():  # labels in the page's language
        view = network_view(user, period, "La Poste")
        partners = network_partners(user)
        rows = [list(network_export_table(user, table, period, None, "xlsx").rows) for table in ("members", "types")]
    with tables_read() as pages:
        for url in (f"/network/dashboard?period=week&date={day}", f"/network/report?year={day.year}"):
            assert network["client"].get(url).status_code == 200
    assert "daily_tally" in services and services <= TALLIES_ONLY, services
    assert "daily_tally" in pages and pages <= PAGE_TABLES, pages
    assert view["figures"]["interventions"]["current"] == 2 + 1 and partners == ["Keolis", "La Poste"]
    assert [row[0] for row in rows[0]] == ["PIMMS de Dijon", "PIMMS de La Réunion"] and rows[1]


def test_only_the_networks_accounts_open_its_pages(login_as, network):
    day = network["day"]
    dijon = network["members"][0].organisation
    urls = (
        "/network/dashboard",
        f"/network/report?year={day.year}",
        "/network/export/types",
        "/network/report/print.css",
    )
    for role in ("admin", "coordinator", "mediator"):
        client, _ = login_as(role, dijon)
        for url in urls:
            asked = client.post(url) if "/export/" in url else client.get(url)
            assert asked.status_code == 403, (role, url)
    client = network["client"]
    # Signing in on the web lands on the network's dashboard, its menu naming its pages.
    assert client.client.get("/desk").headers["Location"].endswith("/network/dashboard")
    page = page_text(client.get("/network/dashboard"))
    assert 'href="/network/report"' in page and 'href="/desk/dashboard"' not in page
    # What makes no sense is said beside its field, and the page still shows the default figures.
    wrong = client.get("/network/dashboard?partner=Nulle+part")
    assert wrong.status_code == 400 and "Choix non valide." in page_text(wrong)
    wrong = client.get("/network/report?year=1900")
    assert wrong.status_code == 400 and "Année non valide" in page_text(wrong)
    # English once asked, like every desk page.
    client.client.get("/language/en")
    english = page_text(client.get(f"/network/report?year={day.year}"))
    assert f"National report {day.year}" in english and "The members side by side" in english


def test_gender_and_age_shares_count_only_the_missions_that_ask_them(app, network):
    """As in an organisation's yearly report: the post office never asks gender or age, so its
    interventions ("non renseigné") do not dilute the shares of the tram's."""
    day = network["day"]
    user = db.session.scalar(select(User).where(User.email == "union@example.org"))
    with app.test_request_context():
        view = network_view(user, resolve_period("day", day, today=day))
    breakdowns = {code: items for code, _title, items in view["breakdowns"]}
    # Dijon's 5 tram taps (3 men, 2 women) and La Réunion's 3 (2 men, 1 woman); 3 at the post office.
    assert [(item["count"], round(item["share"], 1)) for item in breakdowns["gender"]] == [(5, 62.5), (3, 37.5)]
    assert view["figures"]["interventions"]["current"] == 11
    assert "age_band" in breakdowns and sum(item["count"] for item in breakdowns["age_band"]) == 8


def test_a_member_counted_for_part_of_the_period_says_which_days(app, database, network):
    """A member that joined (or left) within the period shows the days its figures count; a
    member of the whole period shows none."""
    day = network["day"]
    lyon = network["outsider"].organisation
    assert run_cli(app, "networks", "join", "Union nationale des PIMMS", "--org", lyon.name).exit_code == 0
    joined_at = database.session.scalar(
        select(NetworkMembership.joined_at).where(NetworkMembership.organisation_id == lyon.id)
    )
    joined = joined_at.replace(tzinfo=timezone.utc).astimezone(lyon.zone).date()
    last = joined + timedelta(days=1)
    text = network["client"].read(f"/network/dashboard?period=custom&from={day}&to={last}")
    assert f'{lyon.name} <span class="change">(chiffres du {joined:%d/%m/%Y} au {last:%d/%m/%Y})</span>' in text
    dijon = network["members"][0].organisation
    assert f'<th scope="row">{dijon.name}</th>' in text
    english = network["client"].read(f"/network/dashboard?period=custom&from={day}&to={last}&lang=en")
    assert f"(figures from {joined:%d/%m/%Y} to {last:%d/%m/%Y})" in english
