"""A new release on a phone that holds records: the service worker offers it, the phone's
database upgrades in place with every record and every unsent change kept, and a tab still
on the older version lets the new one through (issue 9, item 8)."""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from server.routes.public import client as client_route
from tests.browser.phone import wait_until

pytestmark = pytest.mark.browser

# What the next schema change will look like: one more step in db.js's upgrade(), which
# must also run over the records the phone already holds.
NEXT_STEP = """  if (oldVersion < {version}) {{
    transaction.objectStore("records").createIndex("byKind", "kind");
  }}
"""

READ_DATABASE = """
const done = arguments[arguments.length - 1];
const request = indexedDB.open("mediatap");
request.onsuccess = () => {
  const db = request.result;
  const transaction = db.transaction(["records", "outbox"]);
  const records = transaction.objectStore("records");
  const found = { version: db.version, indexed: null };
  records.getAll().onsuccess = (event) => { found.records = event.target.result; };
  transaction.objectStore("outbox").getAll().onsuccess = (event) => { found.outbox = event.target.result; };
  if (records.indexNames.contains("byKind")) {
    records.index("byKind").count("intervention").onsuccess = (event) => { found.indexed = event.target.result; };
  }
  transaction.oncomplete = () => { db.close(); done(found); };
};
"""

# A connection deaf to "versionchange", as every release before this one was.
HOLD_DATABASE = """
const done = arguments[arguments.length - 1];
const request = indexedDB.open("mediatap");
request.onsuccess = () => { window.heldDatabase = request.result; done(request.result.version); };
"""


@dataclass
class Release:
    folder: Path
    version: int
    monkeypatch: pytest.MonkeyPatch

    def deploy(self) -> None:
        """The server now serves this release's files (and so a new service worker)."""
        self.monkeypatch.setattr(client_route, "CLIENT", self.folder)


@pytest.fixture
def next_release(tmp_path, monkeypatch) -> Release:
    """The app's next release: today's client whose database gains one version."""
    folder = tmp_path / "client"
    shutil.copytree(client_route.CLIENT, folder)
    db_js = folder / "js" / "db.js"
    source = db_js.read_text()
    current = int(re.search(r"^const VERSION = (\d+);$", source, re.MULTILINE).group(1))
    upgrade = re.search(r"^function upgrade\(transaction, oldVersion\) \{$.*?^\}$", source, re.MULTILINE | re.DOTALL)
    assert upgrade, "db.js's upgrade(transaction, oldVersion) is where each version's step goes"
    closing = upgrade.end() - 1
    source = source[:closing] + NEXT_STEP.format(version=current + 1) + source[closing:]
    db_js.write_text(source.replace(f"const VERSION = {current};", f"const VERSION = {current + 1};"))
    return Release(folder, current + 1, monkeypatch)


def read_database(browser) -> dict:
    return browser.execute_async_script(READ_DATABASE)


def reloaded(browser, click) -> None:
    """Click what reloads the page and wait for the new page."""
    browser.execute_script("window.stalePage = true")
    browser.find_element(By.ID, click).click()

    def new_page():
        try:
            return browser.execute_script("return !window.stalePage")
        except WebDriverException:  # between the two pages
            return False

    wait_until(new_page, message="the page to reload")


def apply_update(phone) -> None:
    """The mediator taps "Mettre à jour" once it is offered."""
    wait_until(lambda: phone.visible("update-banner"), message="the update to be offered")
    reloaded(phone.browser, "update-apply")


def recent_count(phone) -> int:
    return len(phone.browser.find_elements(By.CSS_SELECTOR, "#recent-list li"))


def test_an_update_keeps_every_record_and_unsent_change(proxied, server, next_release):
    proxy, phone = proxied
    email = "julien.roy@demo.mediatap.fr"
    phone.on_shift(server, email, worker=True)
    proxy.drop_replies = 1_000  # from now on the server stores each batch, the phone never hears
    for number in range(3):
        phone.log(kind=number)
    wait_until(lambda: proxy.dropped >= 1, message="a batch to be sent and its reply lost")
    before = read_database(phone.browser)
    assert before["version"] == next_release.version - 1
    assert len(before["outbox"]) == 3 and phone.pending() == 3

    next_release.deploy()
    phone.browser.refresh()  # the mediator opens the app: the browser finds the new worker
    apply_update(phone)
    wait_until(lambda: phone.visible("screen-log"), message="the logging screen on the new version")
    wait_until(lambda: recent_count(phone) == 3, message="the three taps in the recent list")
    assert phone.pending() == 3
    after = read_database(phone.browser)
    assert after["version"] == next_release.version
    assert after["records"] == before["records"] and after["outbox"] == before["outbox"]
    assert after["indexed"] == 3  # the new step ran over the records already there

    proxy.drop_replies = 0
    phone.browser.execute_script("dispatchEvent(new Event('online'))")
    wait_until(lambda: phone.pending() == 0, timeout=40, message="the kept outbox to be sent")
    rows = server.interventions(email)
    assert len(rows) == 3 and len({row.id for row in rows}) == 3


def test_a_tab_left_on_the_old_version(phone, server, live_server, next_release):
    """The new version waits for a tab deaf to "versionchange" to close its connection (the
    blocked notice), then upgrades; a tab of this version lets go by itself and offers a reload."""
    browser = phone.browser
    email = "sofia.martin@demo.mediatap.fr"
    phone.on_shift(server, email, worker=True, sent=False)
    phone.log()
    phone.log()
    old_tab = browser.current_window_handle
    assert browser.execute_async_script(HOLD_DATABASE) == next_release.version - 1

    next_release.deploy()
    browser.switch_to.new_window("tab")
    try:
        new_tab = browser.current_window_handle
        browser.get(f"{live_server.url}/")
        apply_update(phone)
        wait_until(lambda: phone.visible("database-blocked"), message="the new version to wait for the old tab")
        assert "fermez cet onglet" in phone.text("database-blocked")
        assert not phone.visible("screen-log")

        browser.switch_to.window(old_tab)
        wait_until(lambda: phone.visible("database-outdated"), message="the old tab to offer a reload")
        assert browser.execute_script("return document.getElementById('main').inert")
        browser.execute_script("heldDatabase.close()")  # the last old tab is closed

        browser.switch_to.window(new_tab)
        wait_until(lambda: phone.visible("screen-log"), message="the new version to open once unblocked")
        assert not phone.visible("database-blocked")
        wait_until(lambda: recent_count(phone) == 2, message="both taps in the recent list")
        assert read_database(browser)["version"] == next_release.version
    finally:
        for handle in set(browser.window_handles) - {old_tab}:
            browser.switch_to.window(handle)
            browser.close()
        browser.switch_to.window(old_tab)

    reloaded(browser, "database-reload")
    wait_until(lambda: phone.visible("screen-log"), message="the old tab on the new version")
    assert not phone.visible("database-outdated")
    wait_until(lambda: recent_count(phone) == 2, message="both taps in the reloaded tab")
    wait_until(lambda: phone.pending() == 0, message="both taps to reach the server")
    assert len(server.interventions(email)) == 2


# The records a phone of version 1 held, put back in a database of version 1's shape.
AS_VERSION_ONE = """
const [records, done] = arguments;
indexedDB.deleteDatabase("mediatap").onsuccess = () => {
  const request = indexedDB.open("mediatap", 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    const store = db.createObjectStore("records", { keyPath: "id" });
    store.createIndex("byShift", "shiftId");
    store.createIndex("byShiftTime", ["shiftId", "payload.occurred_at"]);
    store.createIndex("byUserDay", ["userId", "day"]);
    store.createIndex("byUserState", ["userId", "state"]);
    db.createObjectStore("outbox", { keyPath: "id" }).createIndex("byUserSeq", ["userId", "seq"]);
    db.createObjectStore("meta");
  };
  request.onsuccess = () => {
    const db = request.result;
    const transaction = db.transaction(["records", "meta"], "readwrite");
    for (const record of records.rows) transaction.objectStore("records").put(record);
    for (const [key, value] of records.meta) transaction.objectStore("meta").put(value, key);
    transaction.oncomplete = () => { db.close(); done(); };
  };
};
"""

READ_ALL = """
const done = arguments[arguments.length - 1];
indexedDB.open("mediatap").onsuccess = (event) => {
  const db = event.target.result;
  const transaction = db.transaction(["records", "meta"]);
  const found = { meta: [] };
  transaction.objectStore("records").getAll().onsuccess = (read) => { found.rows = read.target.result; };
  transaction.objectStore("meta").openCursor().onsuccess = (read) => {
    const cursor = read.target.result;
    if (!cursor) return;
    found.meta.push([cursor.key, cursor.value]);
    cursor.continue();
  };
  transaction.oncomplete = () => { db.close(); done(found); };
};
"""


def test_version_two_counts_the_records_a_phone_of_version_one_holds(phone, server):
    """Today's count reads an index since version 2: the upgrade marks the records already
    there, an undone one apart."""
    phone.on_shift(server, "julien.roy@demo.mediatap.fr")
    for number in range(3):
        phone.log(kind=number)
    wait_until(lambda: phone.today() == 3, message="three taps today")
    held = phone.browser.execute_async_script(READ_ALL)
    for record in held["rows"]:
        record.pop("counted", None)
    interventions = [record for record in held["rows"] if record["kind"] == "intervention"]
    interventions[0]["payload"]["deleted"] = True  # undone on the old version
    phone.browser.get(f"{phone.base_url}/manifest.webmanifest")  # no app running meanwhile
    phone.browser.execute_async_script(AS_VERSION_ONE, held)
    phone.browser.get(f"{phone.base_url}/")
    wait_until(lambda: phone.visible("screen-log"), message="the logging screen after the upgrade")
    wait_until(lambda: phone.today() == 2, message="the two taps not undone counted")
    upgraded = phone.browser.execute_async_script(READ_ALL)
    assert sorted(record.get("counted") for record in upgraded["rows"]) == [0, 0, 1, 1]  # the shift, the undone
