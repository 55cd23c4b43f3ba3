"""Installable, accessible on every screen, and syncing without Background Sync."""

import hashlib
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from server.extensions import db
from server.models import Intervention
from tests.browser.phone import wait_until

pytestmark = pytest.mark.browser
VENDOR = Path(__file__).parent / "vendor"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _axe_source() -> str:
    source = (VENDOR / "axe.min.js").read_bytes()
    expected = (VENDOR / "axe.min.js.sha256").read_text().split()[0]
    assert hashlib.sha256(source).hexdigest() == expected, "the vendored axe-core does not match its checksum"
    return source.decode()


def _violations(browser) -> list:
    browser.execute_script(_axe_source())
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then((r) => done(r.violations.map("
        "(v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' '))}))));",
        WCAG,
    )
    return result


def test_installable(phone):
    phone.wait_for_service_worker()
    errors = phone.browser.execute_cdp_cmd("Page.getInstallabilityErrors", {})
    assert errors["installabilityErrors"] == []
    manifest = phone.browser.execute_cdp_cmd("Page.getAppManifest", {})
    assert manifest["errors"] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_screen_passes_axe(phone, server, live_server, scheme):
    email = "sofia.martin@demo.mediatap.fr"
    server.forget(email)
    browser = phone.browser
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
    try:
        _every_screen(phone, server, live_server, email)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def _every_screen(phone, server, live_server, email):
    browser = phone.browser
    screens = {"sign-in": _violations(browser)}
    phone.sign_in(email)
    wait_until(lambda: phone.visible("screen-shift"), message="the shift screen")
    screens["start a shift"] = _violations(browser)
    phone.start_shift("divia_tram")
    phone.click(lambda: browser.find_element(By.CSS_SELECTOR, "#log-details summary"))
    screens["logging, details open"] = _violations(browser)
    phone.tap(0)
    screens["logging, second question"] = _violations(browser)
    phone.tap(0)
    phone.tap(0)
    wait_until(lambda: phone.pending() == 0, message="the record to be sent")
    # A coordinator deletes it; the mediator, not knowing, edits it: the server says "gone".
    with live_server.app.app_context():
        row = db.session.scalars(db.select(Intervention).order_by(Intervention.created_at.desc())).first()
        row.deleted = True
        db.session.commit()
        db.session.remove()
    phone.click(lambda: browser.find_element(By.CSS_SELECTOR, "#recent-list button:last-child"))
    # The record is read back before the edit opens: a tap before that would log a new one.
    wait_until(lambda: phone.visible("log-editing"), message="the edit to open")
    phone.tap(1)
    phone.tap(1)
    phone.tap(1)
    wait_until(lambda: phone.visible("rejected-open"), message="the record to come back refused")
    phone.click(lambda: browser.find_element(By.ID, "rejected-open"))
    wait_until(lambda: phone.visible("screen-rejected"), message="the rejected screen")
    assert "Supprimée par un coordinateur." in phone.text("rejected-list")
    screens["records to check"] = _violations(browser)
    phone.click(lambda: browser.find_element(By.CSS_SELECTOR, "#rejected-list button"))
    wait_until(lambda: phone.text("rejected-list") == "", message="the refused record to be dropped")
    phone.click(lambda: browser.find_element(By.ID, "rejected-close"))
    phone.end_shift()
    screens["shift summary"] = _violations(browser)
    browser.find_element(By.ID, "language").click()
    wait_until(lambda: browser.execute_script("return document.documentElement.lang") == "en", message="English")
    screens["summary in English"] = _violations(browser)
    assert {name: found for name, found in screens.items() if found} == {}


def test_sync_without_background_sync(browser, live_server, server):
    from tests.browser.phone import Phone

    script = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "delete window.SyncManager; delete ServiceWorkerRegistration.prototype.sync;"},
    )
    try:
        phone = Phone(browser, live_server.url).fresh()
        assert browser.execute_script("return typeof SyncManager") == "undefined"
        email = "julien.roy@demo.mediatap.fr"
        phone.on_shift(server, email, "divia_bus", sent=False)
        phone.offline()
        for _ in range(7):
            phone.log()
        assert phone.pending() >= 7
        phone.online()
        wait_until(lambda: phone.pending() == 0, timeout=30, message="the outbox to empty without SyncManager")
        assert len(server.interventions(email)) == 7
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def test_installed_manifest_and_worker_are_served_right(live_server):
    import requests

    manifest = requests.get(f"{live_server.url}/manifest.webmanifest", timeout=5)
    assert manifest.headers["Content-Type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["lang"] == "fr" and data["display"] == "standalone" and data["id"] == "/"
    assert {icon["purpose"] for icon in data["icons"]} == {"any", "maskable"}
    worker = requests.get(f"{live_server.url}/sw.js", timeout=5)
    assert worker.headers["Content-Type"].startswith("text/javascript")
    assert "__SHELL_VERSION__" not in worker.text
    assert "unsafe-inline" not in worker.headers["Content-Security-Policy"]


def test_the_worker_precaches_every_shell_file(live_server, tmp_path, monkeypatch):
    """The server lists the shell from the client files: a new module is precached offline
    without editing sw.js, and every listed file is served (one 404 fails the install)."""
    import json
    import re
    import shutil

    import requests

    from server.routes.public import client as client_route

    folder = tmp_path / "client"
    shutil.copytree(client_route.CLIENT, folder)
    (folder / "js" / "new-screen.js").write_text("export const ready = true;\n")
    (folder / "js" / ".new-screen.js.swp").write_bytes(b"an editor's swap file")
    monkeypatch.setattr(client_route, "CLIENT", folder)
    worker = requests.get(f"{live_server.url}/sw.js", timeout=5).text
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", worker).group(1))
    modules = {f"/js/{path.name}" for path in (folder / "js").glob("*.js")}
    assert modules <= set(shell) and "/js/new-screen.js" in shell
    assert {"/", "/manifest.webmanifest", "/css/app.css", "/i18n/fr.json", "/icons/icon-192.png"} <= set(shell)
    assert "/sw.js" not in shell and "/js/.new-screen.js.swp" not in shell
    for url in shell:
        assert requests.get(f"{live_server.url}{url}", timeout=5).status_code == 200, url
