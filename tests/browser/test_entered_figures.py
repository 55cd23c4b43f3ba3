"""Entered figures in a real browser: an admin defines an indicator, a coordinator enters a
month's value at the desk and finds it in the yearly report."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.phone import wait_until
from tests.browser.test_app_quality import _violations
from tests.helpers import local_today

pytestmark = pytest.mark.browser


def _flash(browser) -> str:
    return " ".join(element.text for element in browser.find_elements(By.CSS_SELECTOR, ".flash"))


def test_a_monthly_value_entered_at_the_desk_appears_in_the_yearly_report(desk_login, live_server):
    year = local_today().year
    browser = desk_login("admin@demo.mediatap.fr")
    browser.get(f"{live_server.url}/admin/indicators")
    browser.find_element(By.ID, "code").send_keys("training_hours")
    browser.find_element(By.ID, "label").send_keys("Heures de formation")
    Select(browser.find_element(By.ID, "unit")).select_by_value("hours")
    Select(browser.find_element(By.ID, "periodicity")).select_by_value("monthly")
    browser.find_element(By.CSS_SELECTOR, "#add-indicator button[type=submit]").click()
    wait_until(lambda: "Indicateur créé" in _flash(browser), message="the indicator to be created")
    assert _violations(browser) == []

    browser = desk_login("coordinatrice@demo.mediatap.fr")
    browser.find_element(By.LINK_TEXT, "Chiffres saisis").click()
    wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "table.sheet"), message="the sheet of indicators")
    assert browser.find_element(By.TAG_NAME, "h1").text == f"Indicateurs {year}"
    assert _violations(browser) == []
    # Each input is named by its label ("Heures de formation — mars 2026"), for screen readers too.
    label = browser.find_element(By.XPATH, f"//label[normalize-space()='Heures de formation — mars {year}']")
    cell = browser.find_element(By.ID, label.get_attribute("for"))
    cell.send_keys("12,5")
    browser.find_element(By.CSS_SELECTOR, "#indicator-sheet button[type=submit]").click()
    wait_until(lambda: "1 valeur enregistrée." in _flash(browser), message="the value to be saved")
    assert "12,50 h" in browser.find_element(By.CSS_SELECTOR, "table.sheet").text

    browser.get(f"{live_server.url}/reports/annual?year={year}")
    table = browser.find_element(By.ID, "indicators-organisation")
    row = table.find_element(By.XPATH, ".//tr[th[starts-with(normalize-space(), 'Heures de formation')]]")
    assert row.find_elements(By.TAG_NAME, "td")[0].text == "12,50 h"
    assert f"1 mois, comparés aux mêmes mois de {year - 1}" in row.text
    assert _violations(browser) == []
