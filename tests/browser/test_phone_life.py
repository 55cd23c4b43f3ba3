"""A day of a phone (issue 11): logging never stops when the session ends, a shared phone says
whose records wait and never mixes people, sign-out really signs out, the status bar tells
the truth, a wrong clock is caught, two tabs keep one shift."""

import re

import pytest
from selenium.webdriver.common.by import By

from server.services.demo import DEMO_PASSWORD
from tests.browser.phone import wait_until

pytestmark = pytest.mark.browser
KARIM = "mediateur@demo.mediatap.fr"
SOFIA = "sofia.martin@demo.mediatap.fr"
AWA = "awa.diallo@demo.mediatap.fr"


def _by_id(phone, element_id):
    return phone.browser.find_element(By.ID, element_id)


def _meta(phone, key: str, value) -> None:
    phone.browser.execute_async_script(
        "const [key, value, done] = arguments;"
        "import('/js/db.js').then(async (db) => { await db.setMeta(key, value); done(); });",
        key,
        value,
    )


def _server_session(phone) -> int:
    """The status /api/session answers with this browser's cookie, as anyone holding the phone would get."""
    return phone.browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/session', {cache: 'no-store'}).then((r) => done(r.status), () => done(0));"
    )


def _sign_out(phone, pending: bool = False) -> None:
    """Sign out; with `pending` records on the phone it asks first ("Se déconnecter quand même ?")."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    phone.click(lambda: _by_id(phone, "signout"))
    if pending:
        WebDriverWait(phone.browser, 5).until(expected_conditions.alert_is_present()).accept()
    wait_until(lambda: phone.visible("screen-signin"), message="the sign-in screen")


def test_an_ended_session_never_stops_logging(phone, server):
    phone.on_shift(server, KARIM)
    phone.log()
    wait_until(lambda: phone.pending() == 0, message="the first record sent")
    server.expire_sessions(KARIM)
    phone.tap(2)  # a record half-entered when the server says the session is over
    phone.browser.execute_script("dispatchEvent(new Event('online'))")
    wait_until(lambda: phone.visible("session-banner"), message="the banner offering to sign in again")
    assert phone.visible("screen-log") and not phone.visible("screen-signin")
    assert phone.text("trail-text") == "Aide automate"
    phone.tap(0)
    phone.tap(1)
    wait_until(lambda: phone.saved_count() == 2, message="the half-entered record, saved")
    phone.log(kind=1)
    # A reload, even offline, comes back to the shift and the banner, not a sign-in wall.
    phone.browser.refresh()
    wait_until(lambda: phone.visible("screen-log") and phone.visible("session-banner"), message="the shift again")
    assert "2 saisies attendent" in phone.text("session-text")
    assert _by_id(phone, "session-email").get_attribute("value") == KARIM
    _by_id(phone, "session-password").send_keys(DEMO_PASSWORD)
    phone.click(lambda: phone.browser.find_element(By.CSS_SELECTOR, "#session-form button"))
    wait_until(lambda: phone.pending() == 0, message="every record sent after signing in again")
    assert not phone.visible("session-banner")
    assert len(server.interventions(KARIM)) == 3


def test_a_shared_phone_says_whose_records_wait_and_sends_them_only_as_theirs(phone, server):
    server.forget(SOFIA)
    phone.on_shift(server, KARIM)
    phone.offline()
    for kind in range(3):
        phone.log(kind=kind)
    phone.end_shift()
    phone.click(lambda: _by_id(phone, "summary-done"))
    _sign_out(phone, pending=True)
    waiting = "4 saisies de Karim Benali attendent sur ce téléphone"  # three taps and the end of his shift
    assert waiting in phone.text("signin-pending")
    phone.online()
    # The sign-out made offline is finished on the server once the network is back.
    phone.browser.execute_script("dispatchEvent(new Event('online'))")
    wait_until(lambda: _server_session(phone) == 401, message="the previous session to end on the server")
    phone.sign_in(SOFIA)
    wait_until(lambda: phone.visible("screen-shift"), message="the next person's shift screen")
    assert waiting in phone.text("others-pending")
    assert phone.pending() == 0
    phone.start_shift("divia_tram")
    phone.log()
    wait_until(lambda: phone.pending() == 0, message="Sofia's record to be sent")
    assert server.interventions(KARIM) == [] and len(server.interventions(SOFIA)) == 1
    # The desk sees what this phone still holds for Karim, and which version of the app it runs.
    device = server.device_of(SOFIA)
    assert device.pending == 4 and device.oldest_pending_at is not None
    assert device.app_version == phone.browser.execute_script(
        "return document.querySelector('meta[name=app-version]').content"
    )
    assert re.fullmatch(r"[0-9a-f]{16}", device.app_version)
    phone.end_shift()
    phone.click(lambda: _by_id(phone, "summary-done"))
    wait_until(lambda: phone.pending() == 0, message="the ended shift to be sent")
    _sign_out(phone)
    phone.sign_in(KARIM)
    wait_until(lambda: len(server.interventions(KARIM)) == 3, message="Karim's records, under his name")
    assert len(server.interventions(SOFIA)) == 1
    wait_until(lambda: not phone.visible("others-pending"), message="nothing left waiting")


def test_the_next_person_never_sees_the_previous_ones_catalogue(phone, server):
    phone.on_shift(server, KARIM)
    phone.end_shift()
    wait_until(lambda: phone.pending() == 0, message="the ended shift to be sent")
    phone.click(lambda: _by_id(phone, "summary-done"))
    _sign_out(phone)
    # The next person's catalogue fails to arrive once.
    phone.browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/api/catalogue*"]})
    try:
        phone.sign_in(AWA)
        wait_until(lambda: phone.visible("screen-shift"), message="the shift screen")
        shown = phone.text("screen-shift")
        missions = [o.text for o in phone.browser.find_elements(By.CSS_SELECTOR, "#shift-mission option")]
        mates = [o.text for o in phone.browser.find_elements(By.CSS_SELECTOR, "#shift-teammate option")]
    finally:
        phone.browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    assert missions == [] and "Karim" not in " ".join(mates) and "Divia" not in shown
    assert "Le catalogue n’est pas encore sur ce téléphone" in shown


def test_the_status_bar_tells_offline_from_an_unreachable_server(phone, server):
    phone.browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 412, "height": 915, "deviceScaleFactor": 1, "mobile": True}
    )
    try:
        phone.on_shift(server, SOFIA)
        wait_until(lambda: phone.text("status-last-sync") == "Envoyé à l’instant", message="the last sync in words")
        phone.browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/api/sync*"]})
        phone.log()
        phone.browser.execute_script("document.dispatchEvent(new Event('visibilitychange'))")
        wait_until(lambda: phone.text("status-network") == "Serveur injoignable", message="the server unreachable")
        phone.offline()
        phone.browser.execute_script("dispatchEvent(new Event('offline'))")
        wait_until(lambda: phone.text("status-network") == "Hors ligne", message="offline")
        # One line each, and the toast under the bar, never over it.
        rows = phone.browser.execute_script(
            "return [...document.querySelectorAll('.status-row')].map((row) => row.getBoundingClientRect().height)"
        )
        assert all(height < 60 for height in rows), rows
        phone.log()
        bar, toast = phone.browser.execute_script(
            "return [document.getElementById('status').getBoundingClientRect().bottom,"
            " document.getElementById('toast').getBoundingClientRect().top]"
        )
        assert toast >= bar
        # Dated while still offline: back online, the records held back (or the worker's
        # background sync, at a moment of the browser's choosing) would date the last sync now.
        yesterday = phone.browser.execute_script(
            "const d = new Date(Date.now() - 86400000); d.setHours(14, 5); return d.toISOString()"
        )
        _meta(phone, f"lastSync:{_user_id(phone)}", yesterday)
        phone.browser.execute_script("dispatchEvent(new Event('offline'))")
        wait_until(lambda: phone.text("status-last-sync") == "Envoyé hier à 14:05", message="yesterday's sync, dated")
    finally:
        phone.browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        phone.online()
        phone.browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _user_id(phone) -> int:
    return phone.browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('/js/db.js').then(async (db) => done((await db.getMeta('session')).user.id));"
    )


# The phone's clock, moved by window.__clockShift milliseconds (the machine's own clock cannot
# be changed here): every Date the app makes reads it.
CLOCK = """
(() => {
  const RealDate = Date;
  const shift = () => window.__clockShift || 0;
  class PhoneDate extends RealDate {
    constructor(...args) { if (args.length) super(...args); else super(RealDate.now() + shift()); }
    static now() { return RealDate.now() + shift(); }
  }
  window.Date = PhoneDate;
})();
"""


def test_a_phone_clock_a_day_ahead_is_said_and_its_records_fixed(phone, server):
    script = phone.browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CLOCK})
    try:
        phone.browser.refresh()
        phone.on_shift(server, SOFIA)
        phone.browser.execute_script("window.__clockShift = 25 * 3600 * 1000")
        phone.log()
        phone.browser.execute_script("document.dispatchEvent(new Event('visibilitychange'))")
        wait_until(lambda: phone.visible("rejected-open"), message="the record refused for its time")
        wait_until(lambda: phone.visible("clock-banner"), message="the clock warning")
        assert "L’horloge de ce téléphone avance de 25 heures" in phone.text("clock-text")
        phone.click(lambda: _by_id(phone, "rejected-open"))
        wait_until(lambda: phone.visible("screen-rejected"), message="the records to check")
        assert "Refusée pour son heure : l’horloge du téléphone avance de 25 heures." in phone.text(
            "rejected-list"
        ).replace("\u202f", " ")
        phone.click(lambda: phone.browser.find_element(By.CSS_SELECTOR, "#rejected-list button.primary"))
        wait_until(lambda: len(server.interventions(SOFIA)) == 1, message="the fixed record on the server")
        from datetime import datetime, timedelta

        (row,) = server.interventions(SOFIA)
        assert abs(row.occurred_at - datetime.utcnow()) < timedelta(minutes=5)
    finally:
        phone.browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def test_a_tab_never_logs_into_a_shift_another_tab_ended(phone, server):
    phone.on_shift(server, SOFIA)
    first = phone.browser.current_window_handle
    phone.browser.switch_to.new_window("tab")
    phone.browser.get(f"{phone.base_url}/")
    wait_until(lambda: phone.visible("screen-log"), message="the same shift in the second tab")
    phone.end_shift()
    phone.browser.close()
    phone.browser.switch_to.window(first)
    wait_until(lambda: phone.visible("screen-shift"), message="the first tab to follow")
    assert phone.visible("shift-elsewhere")
    wait_until(lambda: phone.pending() == 0, message="the ended shift to be sent")
    (shift,) = server.shifts(SOFIA)
    assert shift.ended_at is not None
    assert server.interventions(SOFIA) == []


def test_a_tap_into_a_shift_ended_elsewhere_stores_nothing(phone, server):
    """The shift's end can reach the meta store before any message from the tab that ended
    it: the tap checks the open shift in the same transaction as its write."""
    phone.on_shift(server, SOFIA)
    phone.log()
    user_id = phone.browser.execute_async_script(
        "const done = arguments[0];"
        "import('/js/db.js').then((db) => db.getMeta('session')).then((session) => done(session.user.id));"
    )
    _meta(phone, f"openShift:{user_id}", None)  # ended in a tab whose message never came
    stored = phone.saved_count()
    for answer in (0, 0, 1):
        phone.tap(answer)
    wait_until(lambda: phone.visible("screen-shift"), message="the tab to follow the shift's end")
    assert phone.visible("shift-elsewhere")
    assert phone.saved_count() == stored
    wait_until(lambda: phone.pending() == 0, message="the first record to be sent")
    assert len(server.interventions(SOFIA)) == 1


def test_each_answer_moves_the_focus_to_the_next_question_and_big_text_keeps_it_reachable(phone, server):
    phone.on_shift(server, SOFIA, sent=False)
    phone.tap(0)
    focused = phone.browser.execute_script("return document.activeElement.id")
    assert focused == "log-question"
    wait_until(
        lambda: phone.text("announcer").replace("\u202f", " ") == "Client : genre", message="the question read out"
    )
    phone.browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 412, "height": 915, "deviceScaleFactor": 1, "mobile": True}
    )
    try:
        phone.browser.execute_script("document.documentElement.style.fontSize = '36px'")  # 200 % text
        for index in range(len(phone.choices())):
            reachable = phone.browser.execute_script(
                "const b = document.querySelectorAll('#log-choices button')[arguments[0]];"
                "b.scrollIntoView({block: 'center'});"
                "const r = b.getBoundingClientRect();"
                "return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b;",
                index,
            )
            assert reachable, f"answer {index} cannot be reached at 200 %"
    finally:
        phone.browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_new_screens_and_banners_pass_axe_in_both_languages(phone, server, scheme):
    from tests.browser.test_app_quality import _violations

    browser = phone.browser
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
    try:
        phone.on_shift(server, SOFIA, sent=False)
        phone.tap(4)  # a mask reminder: its outcome is the next question
        screens = {"mask outcome": _violations(browser)}
        # Every banner at once: the session ended, a colleague's records wait, the clock is off.
        _meta(phone, "clockOffset", {"seconds": -90000, "at": "2026-01-01T00:00:00Z"})
        _meta(phone, "people", {"999": {"name": "Karim Benali", "email": KARIM}})
        browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "import('/js/db.js').then(async (db) => { await db.write(['outbox'], ({outbox}) => outbox.put("
            "{id: 'x', kind: 'intervention', userId: 999, payload: {}, seq: Date.now() * 1000})); done(); });"
        )
        server.expire_sessions(SOFIA)
        browser.execute_script("dispatchEvent(new Event('online'))")
        wait_until(
            lambda: (
                phone.visible("session-banner") and phone.visible("others-pending") and phone.visible("clock-banner")
            ),
            message="the three banners",
        )
        for language in ("fr", "en"):
            screens[f"banners, {language}"] = _violations(browser)
            phone.click(lambda: browser.find_element(By.ID, "language"))
            wait_until(
                lambda: browser.execute_script("return document.documentElement.lang") != language,
                message="the other language",
            )
        browser.execute_script(
            "document.getElementById('screen-password') && (() => {"
            "for (const s of document.querySelectorAll('main > .screen')) s.hidden = s.id !== 'screen-password';})()"
        )
        screens["password"] = _violations(browser)
        assert {name: found for name, found in screens.items() if found} == {}
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_a_temporary_password_is_changed_on_the_phone_before_logging(phone, server, live_server):
    from sqlalchemy import select

    from server.extensions import db
    from server.models import User
    from server.services.passwords import reset_password

    email = "julien.roy@demo.mediatap.fr"
    server.forget(email)
    with live_server.app.app_context():
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        person = db.session.scalar(select(User).where(User.email == email))
        temporary = reset_password(admin, person)
        db.session.remove()
    phone.sign_in(email, temporary)
    wait_until(lambda: phone.visible("screen-password"), message="the password screen first")
    _by_id(phone, "password-current").send_keys(temporary)
    _by_id(phone, "password-new").send_keys("court")
    phone.click(lambda: phone.browser.find_element(By.CSS_SELECTOR, "#password-form button"))
    wait_until(lambda: phone.visible("password-error"), message="the policy's refusal")
    assert phone.visible("screen-password")
    _by_id(phone, "password-new").clear()
    _by_id(phone, "password-new").send_keys("un tram nommé désir à Dijon")
    phone.click(lambda: phone.browser.find_element(By.CSS_SELECTOR, "#password-form button"))
    wait_until(lambda: phone.visible("screen-shift"), message="the shift screen once the password is chosen")
    with live_server.app.app_context():
        from server.database import begin_write

        begin_write()
        person = db.session.scalar(select(User).where(User.email == email))
        assert not person.must_change_password
        person.set_password(DEMO_PASSWORD)  # as the other tests know them
        db.session.commit()
        db.session.remove()
