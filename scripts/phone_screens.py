"""Screenshots of the mediator app as a phone shows it (412×915, French), light and dark, into
docs/screens/phone-<screen>-<scheme>.png. Run after a change to the app's screens:

    .venv/bin/python scripts/phone_screens.py [--only log-answering]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

from tests.browser.phone import Phone, wait_until  # noqa: E402
from tests.helpers import chromium_options, demo_served  # noqa: E402

WIDTH, HEIGHT = 412, 915
KARIM = "mediateur@demo.mediatap.fr"
AWA = "awa.diallo@demo.mediatap.fr"


def _phone_browser():
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chromium_options())
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True},
    )
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    return browser


def _scenes(phone: Phone):
    """Each screen, brought on by what a mediator does; yields its name once it shows."""
    phone.sign_in(KARIM)
    wait_until(lambda: phone.visible("screen-shift"), message="the shift screen")
    yield "shift"
    phone.start_shift("divia_tram")
    yield "log"
    phone.tap(0)
    phone.tap(1)
    yield "log-answering"
    phone.tap(1)
    wait_until(lambda: phone.saved_count() == 1, message="a record")
    yield "log-saved"
    for kind in (2, 3, 4):
        phone.log(kind=kind)
    phone.tap(4)
    yield "log-mask"
    phone.click(lambda: phone.browser.find_element("id", "trail-cancel"))
    phone.click(lambda: phone.browser.find_element("css selector", "#log-details summary"))
    yield "log-details"
    phone.click(lambda: phone.browser.find_element("css selector", "#log-details summary"))
    phone.offline()
    phone.browser.execute_script("dispatchEvent(new Event('offline'))")
    phone.log(kind=1)
    yield "log-offline"
    phone.online()
    phone.browser.execute_script("dispatchEvent(new Event('online'))")
    wait_until(lambda: phone.pending() == 0, message="the outbox to empty")
    phone.end_shift()
    yield "summary"
    wait_until(lambda: phone.pending() == 0, message="the ended shift to be sent")
    phone.click(lambda: phone.browser.find_element("id", "summary-done"))
    phone.click(lambda: phone.browser.find_element("id", "signout"))
    wait_until(lambda: phone.visible("screen-signin"), message="the sign-in screen")
    yield "signin"
    phone.sign_in(AWA)
    phone.start_shift("la_poste")
    phone.click(lambda: phone.browser.find_element("css selector", "#people-chips button:nth-child(3)"))
    phone.tap(1)
    phone.tap(3)
    yield "log-post-office"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one screen's name")
    arguments = parser.parse_args()
    target = ROOT / "docs" / "screens"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, demo_served(Path(folder) / "demo.db", days=3) as (base, _app):
        for scheme in ("light", "dark"):
            browser = _phone_browser()
            try:
                browser.execute_cdp_cmd(
                    "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
                )
                phone = Phone(browser, base).fresh()
                for name in _scenes(phone):
                    if arguments.only and name != arguments.only:
                        continue
                    time.sleep(0.4)  # the tap guard and any transition settle
                    path = target / f"phone-{name}-{scheme}.png"
                    browser.save_screenshot(str(path))
                    print(path.relative_to(ROOT))
            finally:
                browser.quit()


if __name__ == "__main__":
    main()
