"""Driving the mediator app in chromium the way a mediator does, plus network control."""

from __future__ import annotations

import time
from pathlib import Path

from selenium.webdriver.common.by import By

DEMO_PASSWORD = "mediatap-demo"
TAP_PROBE = (Path(__file__).parent / "tap_probe.js").read_text()
_probed_windows: set[tuple[str, str]] = set()
MASK_QUESTION = "Le masque\u202f?"
QUESTIONS = {"Quelle intervention\u202f?", "Quels motifs\u202f? (plusieurs possibles)"}
# ui.js drops a tap within 40 px of the last one for 350 ms: one twice as far needs no wait.
# Scrolled as WebDriver scrolls before clicking, so the centre is where the tap will land.
TAKES_TAP_ON = """
const [element, far] = arguments;
if (!('settling' in document.body.dataset)) return true;
const last = window.tapProbe && tapProbe.lastTap;
if (!last) return false;
element.scrollIntoView({block: 'end', inline: 'nearest'});
const r = element.getBoundingClientRect();
return Math.hypot(r.x + r.width / 2 - last.x, r.y + r.height / 2 - last.y) >= far;
"""


def wait_until(condition, timeout: float = 20, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(interval)


def install_tap_probe(browser) -> None:
    """Count the app's stored taps (tap_probe.js) in every page this window loads from now on."""
    window = (browser.session_id, browser.current_window_handle)
    if window not in _probed_windows:
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TAP_PROBE})
        _probed_windows.add(window)


class Phone:
    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.worker_sessions: dict[str, str] = {}  # service worker target → DevTools session

    # --- the phone's state -----------------------------------------------------------------

    def fresh(self) -> Phone:
        """A phone that never ran the app: no cookies, storage, caches or service worker."""
        self.online()
        self.browser.get(f"{self.base_url}/healthz")
        self.browser.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": self.base_url, "storageTypes": "all"})
        self.browser.delete_all_cookies()
        install_tap_probe(self.browser)
        self.browser.get(f"{self.base_url}/")
        wait_until(lambda: self.visible("screen-signin"), message="the sign-in screen")
        return self

    def offline(self) -> None:
        # ChromeDriver applies these with DevTools' Network.emulateNetworkConditions and, unlike
        # a bare CDP call, applies them again after every navigation (a reload stays offline).
        self.browser.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
        self._service_worker_network(offline=True)

    def _service_worker_network(self, offline: bool) -> None:
        """The service worker is a target of its own: the page's emulation does not reach the
        requests it lets through to the network, so it is told separately."""
        import json

        targets = self.browser.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]
        sessions = self.worker_sessions
        for target in targets:
            if target["type"] != "service_worker":
                continue
            # One session per worker: conditions set through an earlier session would stay in
            # force beside those of a new one (a worker cut, then let through, stayed cut).
            if target["targetId"] not in sessions:
                attached = self.browser.execute_cdp_cmd("Target.attachToTarget", {"targetId": target["targetId"]})
                sessions[target["targetId"]] = attached["sessionId"]
            session = {"sessionId": sessions[target["targetId"]]}
            for number, (method, params) in enumerate(
                [
                    ("Network.enable", {}),
                    (
                        "Network.emulateNetworkConditions",
                        {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
                    ),
                ]
            ):
                message = json.dumps({"id": number + 1, "method": method, "params": params})
                self.browser.execute_cdp_cmd(
                    "Target.sendMessageToTarget", {"sessionId": session["sessionId"], "message": message}
                )

    def online(self) -> None:
        self._service_worker_network(offline=False)
        try:
            self.browser.delete_network_conditions()
        except Exception:  # noqa: BLE001 - none were set: already online
            pass
        self.browser.execute_cdp_cmd("Network.enable", {})
        self.browser.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )

    def wait_for_service_worker(self) -> None:
        wait_until(
            lambda: self.browser.execute_script("return !!navigator.serviceWorker.controller"),
            message="the service worker to control the page",
        )

    # --- what the mediator sees --------------------------------------------------------------

    def visible(self, element_id: str) -> bool:
        return self.browser.execute_script(
            "const e = document.getElementById(arguments[0]); return !!e && !e.hidden;", element_id
        )

    def text(self, element_id: str) -> str:
        return self.browser.find_element(By.ID, element_id).text

    def pending(self) -> int:
        return int(self.text("status-pending"))

    def today(self) -> int:
        return int(self.text("status-today"))

    # --- what the mediator does ---------------------------------------------------------------

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> None:
        field = self.browser.find_element(By.ID, "signin-email")
        field.clear()
        field.send_keys(email)
        self.browser.find_element(By.ID, "signin-password").send_keys(password)
        self.click(lambda: self.browser.find_element(By.CSS_SELECTOR, "#signin-form button[type=submit]"))

    def on_shift(self, server, email: str, mission: str = "divia_tram", worker: bool = False, sent: bool = True):
        """Sign in as `email` (whose records the server forgets first) and start a shift;
        `worker`: once the service worker controls the page; `sent`: once the shift reached the server."""
        server.forget(email)
        self.sign_in(email)
        self.start_shift(mission)
        if worker:
            self.wait_for_service_worker()
        if sent:
            wait_until(lambda: self.pending() == 0, message="the shift to be sent")

    def start_shift(self, mission: str = "divia_tram") -> None:
        wait_until(lambda: self.visible("screen-shift"), message="the shift screen")
        self.browser.execute_script(
            "const s = document.getElementById('shift-mission'); s.value = arguments[0];"
            "s.dispatchEvent(new Event('change'));",
            mission,
        )
        self.click(lambda: self.browser.find_element(By.CSS_SELECTOR, "#shift-form button[type=submit]"))
        wait_until(lambda: self.visible("screen-log"), message="the logging screen")

    def choices(self):
        return self.browser.find_elements(By.CSS_SELECTOR, "#log-choices button")

    def choice_labels(self) -> list[str]:
        """The labels of the buttons on screen; [] while a sync redraws them."""
        from selenium.common.exceptions import StaleElementReferenceException

        try:
            return [button.text for button in self.choices()]
        except StaleElementReferenceException:
            return []

    def tap(self, index: int) -> None:
        self.click(lambda: self.choices()[index])

    def settled(self) -> bool:
        """True once the app takes taps again: it drops those that follow a tap too closely."""
        return self.browser.execute_script("return !('settling' in document.body.dataset)")

    def takes_tap_on(self, element) -> bool:
        """True once the app would take a tap on `element`: it drops one that follows the last
        too soon at the same spot (ui.js), not one elsewhere, however quick."""
        return self.browser.execute_script(TAKES_TAP_ON, element, 80)

    def click(self, find) -> None:
        """Click what `find` returns, as a person who waits for the screen to answer before
        tapping the same spot again; the screen may redraw in between (a sync landed)."""
        from selenium.common.exceptions import StaleElementReferenceException

        for attempt in range(5):
            try:
                element = find()
                wait_until(
                    lambda: self.takes_tap_on(element), timeout=5, interval=0.02, message="the app to take taps again"
                )
                element.click()
                return
            except StaleElementReferenceException:
                if attempt == 4:
                    raise
                time.sleep(0.05)

    def log(self, kind: int = 0, gender: int = 0, age: int = 1, mask: int = 0) -> None:
        """Three taps: the type, the client's gender, the age band (saved at the last); a
        mask reminder asks its outcome in between."""
        saved = self.saved_count()
        self.tap(kind)
        if self.text("log-question") == MASK_QUESTION:
            self.tap(mask)
        self.tap(gender)
        self.tap(age)
        # A person taps again only once the screen is back on the first question.
        wait_until(lambda: self.saved_count() > saved, message="the record to be saved")
        wait_until(lambda: self.text("log-question") in QUESTIONS, message="the first question again")

    def saved_count(self) -> int:
        """Taps stored on the phone since this page loaded."""
        return int(self.browser.execute_script("return window.tapProbe ? tapProbe.stored : 0"))

    def end_shift(self) -> None:
        self.click(lambda: self.browser.find_element(By.ID, "shift-end"))
        self.browser.switch_to.alert.accept()
        wait_until(lambda: self.visible("screen-summary"), message="the shift summary")
