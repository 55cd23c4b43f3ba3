"""Indicators: figures that are not taps, defined by admins, entered at the desk, shown in the
yearly report, the dashboard and the exports."""

import csv
import io

import pytest
from sqlalchemy import select

from server.models import AuditEntry, Indicator, IndicatorValue
from tests.helpers import figure_row, intervention_record, page_text, shift_record


def _define(admin, **fields) -> int:
    form = {"code": "training_hours", "label": "Heures de formation", "label_en": "Training hours"}
    form.update({"unit": "hours", "periodicity": "monthly", "section": ""}, **fields)
    response = admin.post("/admin/indicators", data=form)
    assert response.status_code == 302, page_text(response)
    return admin_indicator(form["code"]).id


def admin_indicator(code: str) -> Indicator:
    from server.extensions import db

    return db.session.scalar(select(Indicator).where(Indicator.code == code))


def _sheet(coordinator, year: int, cells: dict, status: int = 302):
    response = coordinator.post(f"/desk/indicators?year={year}", data=cells)
    assert response.status_code == status, page_text(response)
    return response


@pytest.fixture
def defined(login_as, org):
    """Training hours (the organisation's, monthly), euros recovered (the post office's, yearly)."""
    admin, _ = login_as("admin")
    hours = _define(admin)
    euros = _define(
        admin,
        code="debt_recovered",
        label="Euros de dette recouvrés",
        label_en="Debt recovered",
        unit="euros",
        periodicity="yearly",
        section=str(org.post.id),
    )
    return {"admin": admin, "hours": hours, "euros": euros}


def _post_office_tap(login_as, day: str) -> None:
    phone, _ = login_as("mediator")
    shift = shift_record(
        mission="post", site="grangier", started_at=f"{day}T09:00:00+01:00", updated_at=f"{day}T09:00:00+01:00"
    )
    tap = intervention_record(
        shift["id"],
        occurred_at=f"{day}T09:10:00+01:00",
        updated_at=f"{day}T09:10:00+01:00",
        types=["forms"],
        place="post_office",
    )
    results = phone.sync(shifts=[shift], interventions=[tap]).json["results"]
    assert [result["status"] for result in results] == ["created", "created"], results


def test_values_entered_at_the_desk_appear_in_the_report_with_the_change(database, login_as, defined):
    coordinator, boss = login_as("coordinator")
    _post_office_tap(login_as, "2025-04-01")
    hours, euros = defined["hours"], defined["euros"]
    page = page_text(coordinator.get("/desk/indicators?year=2024"))
    assert "Heures de formation" in page and "Euros de dette recouvrés" in page
    _sheet(coordinator, 2024, {f"i{hours}_{month}": "10" for month in range(1, 13)} | {f"i{euros}_year": "80 000"})
    _sheet(coordinator, 2025, {f"i{hours}_{month}": "12,5" for month in range(1, 13)} | {f"i{euros}_year": "100000,50"})

    sheet = page_text(coordinator.get("/desk/indicators?year=2025"))
    assert 'value="12,50"' in sheet and "150 h" in sheet  # the year is the sum of its months
    report = page_text(coordinator.get("/reports/annual?year=2025"))
    # Organisation indicators in the synthesis, mission ones in the mission's section.
    assert "Autres chiffres de l’organisation" in report
    assert figure_row("Heures de formation") in report
    assert '<td class="number">150 h</td><td class="number">120 h</td><td class="number">+25,0 %</td>' in report
    assert "Autres chiffres — Pré-accueil La Poste" in report
    assert (
        '<td class="number">100 000,50 €</td><td class="number">80 000 €</td><td class="number">+25,0 %</td>' in report
    )
    # The English report uses the English label.
    english = page_text(coordinator.get("/reports/annual?year=2025&lang=en"))
    assert figure_row("Training hours") in english

    # Every change audited with before → after, one entry per indicator and year.
    entries = database.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "indicator", AuditEntry.action == "values")
        .order_by(AuditEntry.id)
    ).all()
    assert [(entry.entity_id, entry.actor_id) for entry in entries] == [
        (str(hours), boss.id),
        (str(euros), boss.id),
        (str(hours), boss.id),
        (str(euros), boss.id),
    ]
    assert entries[2].changes["2025-03"] == [None, 12.5] and entries[3].changes == {"2025": [None, 100000.5]}
    # Saving the same sheet again changes nothing and leaves no entry; a cleared cell is audited.
    _sheet(coordinator, 2025, {f"i{hours}_{month}": "12,5" for month in range(1, 13)} | {f"i{euros}_year": "100000,50"})
    _sheet(coordinator, 2025, {f"i{hours}_{month}": "12,5" for month in range(1, 12)} | {f"i{euros}_year": "100000,50"})
    last = database.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last.changes == {"2025-12": [12.5, None]}
    audit = page_text(defined["admin"].get("/admin/audit"))
    assert "Indicateur · Heures de formation" in audit and "Valeurs saisies" in audit


def test_a_partial_year_is_compared_with_the_same_months(login_as, defined):
    coordinator, _ = login_as("coordinator")
    hours = defined["hours"]
    _sheet(coordinator, 2024, {f"i{hours}_{month}": "10" for month in range(1, 13)})
    _sheet(coordinator, 2025, {f"i{hours}_1": "11", f"i{hours}_2": "11", f"i{defined['euros']}_year": "250"})
    report = page_text(coordinator.get("/reports/annual?year=2025"))
    assert "(2 mois, comparés aux mêmes mois de 2024)" in report
    assert '<td class="number">22 h</td><td class="number">20 h</td><td class="number">+10,0 %</td>' in report
    # A mission with indicators and no taps (a phoning campaign) still gets its section.
    assert '<h2 id="mission-post">Pré-accueil La Poste</h2>' in report and "Chiffres — Pré-accueil La Poste" in report
    assert '<td class="number">250 €</td><td class="number">—</td><td class="number">—</td>' in report


def test_a_bad_value_comes_back_in_place_and_nothing_is_stored(database, login_as, defined):
    coordinator, _ = login_as("coordinator")
    admin = defined["admin"]
    flyers = _define(admin, code="flyers", label="Dépliants distribués", label_en="", unit="count")
    hours = defined["hours"]
    response = _sheet(coordinator, 2025, {f"i{hours}_1": "7", f"i{flyers}_1": "2,5", f"i{flyers}_2": "abc"}, 400)
    page = page_text(response)
    assert "Un nombre, par exemple 1 234,5." in page and 'value="abc"' in page and 'aria-invalid="true"' in page
    # Readable numbers, then the indicator's own rule: a count is whole.
    response = _sheet(coordinator, 2025, {f"i{hours}_1": "7", f"i{flyers}_1": "2,5"}, 400)
    page = page_text(response)
    assert "Un nombre entier." in page and 'value="2,5"' in page and 'value="7"' in page
    assert database.session.scalars(select(IndicatorValue)).all() == []


def test_archive_rather_than_delete_once_values_exist(database, login_as, defined):
    coordinator, _ = login_as("coordinator")
    admin, hours = defined["admin"], defined["hours"]
    empty = _define(admin, code="letters", label="Courriers envoyés", label_en="", unit="count")
    assert admin.post(f"/admin/indicators/{empty}/delete").status_code == 302
    assert database.session.get(Indicator, empty) is None
    _sheet(coordinator, 2025, {f"i{hours}_1": "3"})
    assert admin.post(f"/admin/indicators/{hours}/delete").status_code == 409
    # Its unit and periodicity stay those its values were entered in.
    edit = {"label": "Formation", "label_en": "", "unit": "euros", "periodicity": "monthly", "section": ""}
    refused = admin.post(f"/admin/indicators/{hours}", data=edit)
    assert refused.status_code == 400 and "Des valeurs ont été saisies dans cette unité" in page_text(refused)
    assert admin.post(f"/admin/indicators/{hours}/archive").status_code == 302
    assert "Heures de formation" not in page_text(coordinator.get("/desk/indicators?year=2025"))
    assert "Heures de formation" in page_text(coordinator.get("/reports/annual?year=2025"))


def test_dashboard_sums_monthly_values_over_the_period_and_exports_list_them(login_as, defined):
    coordinator, _ = login_as("coordinator")
    hours, euros = defined["hours"], defined["euros"]
    _sheet(coordinator, 2025, {f"i{hours}_1": "4", f"i{hours}_2": "6", f"i{hours}_3": "5", f"i{euros}_year": "900"})
    dashboard = page_text(coordinator.get("/desk/dashboard?period=month&date=2025-02-10"))
    assert "Indicateurs saisis au mois : 02/2025 – 02/2025, comparés à 01/2025 – 01/2025" in dashboard
    assert figure_row("Heures de formation", "6 h", "4 h") in dashboard
    assert "Euros de dette" not in dashboard  # entered once a year: no monthly sum
    period = "period=custom&from=2025-02-01&to=2025-03-31"
    body = coordinator.post(f"/exports/indicators?format=excel&{period}").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))
    assert rows[0] == ["Code", "Indicateur", "Mission", "Unité", "Année", "Mois", "Valeur"]
    assert rows[1:] == [
        ["training_hours", "Heures de formation", "", "Heures", "2025", "2", "6,00"],
        ["training_hours", "Heures de formation", "", "Heures", "2025", "3", "5,00"],
        ["debt_recovered", "Euros de dette recouvrés", "Pré-accueil La Poste", "Euros", "2025", "", "900,00"],
    ]


def test_indicator_pages_are_the_organisations_own(login_as, make_org, defined):
    stranger_org = make_org("PIMMS de Lyon").organisation
    stranger_admin, _ = login_as("admin", organisation=stranger_org)
    hours = defined["hours"]
    assert stranger_admin.get(f"/admin/indicators/{hours}").status_code == 404
    assert stranger_admin.post(f"/admin/indicators/{hours}/archive").status_code == 404
    assert "Heures de formation" not in page_text(stranger_admin.get("/desk/indicators?year=2025"))
    # The same code may exist in another organisation: codes are unique per organisation only.
    _define(stranger_admin)
    duplicate = defined["admin"].post(
        "/admin/indicators",
        data={"code": "training_hours", "label": "Doublon", "unit": "count", "periodicity": "yearly", "section": ""},
    )
    assert duplicate.status_code == 400 and "Un indicateur porte déjà ce code" in page_text(duplicate)
