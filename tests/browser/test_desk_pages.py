"""The desk in a real browser: dashboard, yearly report and shift review render, pass axe, print."""

import base64
from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By

from tests.browser.phone import wait_until
from tests.browser.test_app_quality import _violations
from tests.helpers import local_today

pytestmark = pytest.mark.browser


def test_dashboard_renders_its_charts_and_tables(desk_login, live_server):
    browser = desk_login(lands_on="/desk/shifts")
    browser.get(f"{live_server.url}/desk/dashboard?period=month")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Tableau de bord"
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart-with-table svg")
    assert len(charts) >= 6 and all(chart.size["width"] > 200 for chart in charts)
    # Each bar chart has its data table beside it, with a row per bar.
    figure = browser.find_element(By.ID, "by-type")
    assert len(figure.find_elements(By.CSS_SELECTOR, "rect")) == len(figure.find_elements(By.CSS_SELECTOR, "tbody tr"))
    assert browser.find_elements(By.CSS_SELECTOR, "table.heat-map td.heat-5")
    assert _violations(browser) == []


def test_annual_report_renders_and_prints_on_a4(desk_login, live_server):
    browser = desk_login(lands_on="/desk/shifts")
    year = (local_today() - timedelta(days=1)).year
    browser.get(f"{live_server.url}/reports/annual?year={year}")
    assert browser.find_element(By.TAG_NAME, "h1").text == f"Rapport d’activité {year}"
    profile = browser.find_element(By.CSS_SELECTOR, ".profile").text
    assert profile.startswith("Profil type d’une intervention : ")
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.mission-section")) >= 2
    assert _violations(browser) == []
    pdf = browser.execute_cdp_cmd(
        "Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True}
    )
    document = base64.b64decode(pdf["data"])
    assert document.startswith(b"%PDF") and len(document) > 10_000


def test_an_export_button_inside_the_reports_form_downloads_the_file(desk_login, live_server, tmp_path):
    """The export buttons stand inside the report's own (GET) form but belong to the export
    form: a click POSTs with the token and the browser saves the file."""
    browser = desk_login(lands_on="/desk/shifts")
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    year = (local_today() - timedelta(days=1)).year
    browser.get(f"{live_server.url}/reports/annual?year={year}")
    browser.find_element(By.XPATH, "//button[contains(., 'heures (XLSX)')]").click()
    saved = wait_until(
        lambda: [path for path in tmp_path.glob("mediatap-hours-*.xlsx") if path.stat().st_size > 0],
        message="the XLSX to be saved",
    )
    assert saved[0].read_bytes().startswith(b"PK")
    assert browser.current_url.startswith(f"{live_server.url}/reports/annual")  # the report stays


def test_shift_review_and_a_shift_page(desk_login, live_server):
    browser = desk_login(lands_on="/desk/shifts")
    browser.get(f"{live_server.url}/desk/shifts?from={local_today() - timedelta(days=3)}&to={local_today()}")
    links = browser.find_elements(By.CSS_SELECTOR, "table.shifts tbody a")
    assert links
    links[0].click()
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Vacation de ")
    assert browser.find_elements(By.CSS_SELECTOR, "table.timeline tbody tr")
    assert _violations(browser) == []
