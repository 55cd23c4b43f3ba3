"""Screenshots of the coordinator's desk (1280 wide, French) into docs/screens/: the shift
review with its flags' legend (desk-review.png) and a shift's history after corrections made
in the browser (desk-history.png); the network's dashboard of the demo network (its members'
figures side by side, network-dashboard.png), the top of its national report of La Poste
(network-report.png), its trail after an export (network-audit.png) and the year's members
(network-members.png); a member's admin pages (admin-organisation.png, admin-mission.png);
moving a shift to another mission (desk-move.png), the table of interventions with rows ticked
for a bulk correction (desk-interventions.png), the dashboard (desk-dashboard.png) and the
entered figures (desk-indicators.png). Run after a change to these pages:

    .venv/bin/python scripts/desk_screens.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.select import Select  # noqa: E402

from tests.browser.phone import wait_until  # noqa: E402
from tests.helpers import chromium_options, demo_served  # noqa: E402
from tests.network_world import DEMO_NETWORK_ACCOUNT, demo_network  # noqa: E402

SCREENS = ROOT / "docs" / "screens"
WIDTH = 1280


def _shoot(browser, name: str, selector: str = "body") -> None:
    """The whole page (or one element) at full height."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    browser.find_element(By.CSS_SELECTOR, selector).screenshot(str(SCREENS / f"{name}.png"))
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    print(SCREENS / f"{name}.png")


def _submit(browser, reason: str) -> None:
    form = browser.find_element(By.CSS_SELECTOR, "form.correction")
    form.find_element(By.ID, "reason").send_keys(reason)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_until(lambda: "/edit" not in browser.current_url, message="the correction saved")


def _sign_in(browser, base: str, email: str, landing: str) -> None:
    browser.get(f"{base}/login")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys("mediatap-demo")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_until(lambda: landing in browser.current_url, message="the first page after sign-in")


def network_screens(browser) -> None:
    """Two months of the demo and three members of its catalogue, in a network."""
    with (
        tempfile.TemporaryDirectory() as folder,
        demo_served(Path(folder) / "network.db", days=70, prepare=demo_network) as (
            base,
            _app,
        ),
    ):
        _sign_in(browser, base, DEMO_NETWORK_ACCOUNT, "/network/dashboard")
        _shoot(browser, "network-dashboard")
        browser.get(f"{base}/network/report?partner=La+Poste")
        _shoot(browser, "network-report", "section.synthesis")
        # One export (the file itself refused by the browser), then the network's trail.
        browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "deny"})
        browser.get(f"{base}/network/dashboard")
        browser.find_element(By.CSS_SELECTOR, "p.exports button[formaction*='format=xlsx']").click()
        browser.get(f"{base}/network/audit")
        wait_until(lambda: "XLSX" in browser.find_element(By.TAG_NAME, "table").text, message="the export in the trail")
        _shoot(browser, "network-audit")
        # The year's members side by side: Lille, gone at the start of this month, says its days.
        browser.get(f"{base}/network/dashboard?period=year")
        _shoot(browser, "network-members", "#members")
        # A member's admin: the organisation page's network section (catalogue copy, leaving)
        # and a mission's lines and types, added and renamed by one set of views.
        browser.delete_all_cookies()
        _sign_in(browser, base, "admin@demo.mediatap.fr", "/desk")
        browser.get(f"{base}/admin/organisation")
        _shoot(browser, "admin-organisation")
        browser.get(f"{base}/admin/missions")
        browser.find_element(By.LINK_TEXT, "Divia — tram").click()
        _shoot(browser, "admin-mission")


def main() -> None:
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chromium_options())
    try:
        network_screens(browser)
        with tempfile.TemporaryDirectory() as folder, demo_served(Path(folder) / "demo.db", days=3) as (base, _app):
            browser.get(f"{base}/login")
            browser.find_element(By.ID, "email").send_keys("coordinatrice@demo.mediatap.fr")
            browser.find_element(By.ID, "password").send_keys("mediatap-demo")
            browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            wait_until(lambda: "/desk/shifts" in browser.current_url, message="the desk after sign-in")
            _shoot(browser, "desk-review")

            # A shift of the tram with interventions: correct one's client, then the shift's end.
            browser.get(f"{base}/desk/shifts?mission=divia_tram")
            browser.find_element(By.CSS_SELECTOR, "table.shifts tbody a").click()
            shift_url = browser.current_url
            browser.find_element(By.CSS_SELECTOR, "table.timeline tbody a").click()
            gender = Select(browser.find_element(By.ID, "gender"))
            gender.select_by_value(
                "male" if gender.first_selected_option.get_attribute("value") != "male" else "female"
            )
            _submit(browser, "Erreur de saisie sur le genre")
            browser.get(shift_url.rstrip("/") + "/edit")
            ended = browser.find_element(By.ID, "ended_at")
            browser.execute_script("arguments[0].value = arguments[0].value.replace(/T(\\d\\d):/, 'T18:')", ended)
            _submit(browser, "Fin de vacation mal saisie")
            browser.get(shift_url)
            _shoot(browser, "desk-history", "section[aria-labelledby=history-title]")
            # Moving the shift to the bus: its lines, and a motif of the bus for each old one.
            browser.get(shift_url.rstrip("/") + "/move?mission=divia_bus")
            _shoot(browser, "desk-move")
            # The table of interventions with rows ticked for one correction.
            browser.get(f"{base}/desk/interventions?mission=divia_tram")
            for box in browser.find_elements(By.CSS_SELECTOR, "table input[type=checkbox]")[:3]:
                box.click()
            _shoot(browser, "desk-interventions")
            # The dashboard's export buttons, and the entered figures' shared layout.
            browser.get(f"{base}/desk/dashboard")
            _shoot(browser, "desk-dashboard")
            browser.get(f"{base}/desk/indicators")
            _shoot(browser, "desk-indicators")
    finally:
        browser.quit()


if __name__ == "__main__":
    main()
