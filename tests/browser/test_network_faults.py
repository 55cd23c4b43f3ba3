"""The network cut in the middle of a sync, and replies lost after the server committed:
no record lost, none stored twice (issue 3; issue 6, 2 and 6)."""

import random
from datetime import datetime

import pytest

from server.models.clock import to_naive_utc
from tests.browser.phone import wait_until

pytestmark = pytest.mark.browser

LOG_IN_PAGE = """
// Taps the real buttons, as fast as the screen allows: type (not the mask reminder, which asks
// one more question), gender, age band.
const [count, done] = [arguments[0], arguments[arguments.length - 1]];
const pick = (index) => document.querySelectorAll('#log-choices button')[index].click();
const saved = () => tapProbe.stored;
(async () => {
  for (let n = 0; n < count; n++) {
    const before = saved();
    pick(n % 4); pick(n % 3); pick(n % 4);
    while (saved() === before) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  done(saved());
})();
"""


def test_lost_replies_and_a_cut_mid_sync(proxied, server):
    proxy, phone = proxied
    email = "sofia.martin@demo.mediatap.fr"
    phone.on_shift(server, email)
    proxy.drop_replies = 2  # stored on the server, never acknowledged to the phone
    for _ in range(10):
        phone.log()
    wait_until(lambda: proxy.dropped == 2, message="two replies to be lost")
    proxy.offline = True  # and then the tunnel: nothing goes through at all
    for _ in range(5):
        phone.log()
    proxy.offline = False
    phone.browser.execute_script("dispatchEvent(new Event('online'))")
    wait_until(lambda: phone.pending() == 0, timeout=40, message="the outbox to empty")
    rows = server.interventions(email)
    assert len(rows) == 15 and len({row.id for row in rows}) == 15


def test_a_hanging_network_does_not_hold_the_app(proxied, server):
    """Online as far as the phone knows, yet nothing answers: the app opens and logs at once."""
    proxy, phone = proxied
    email = "julien.roy@demo.mediatap.fr"
    phone.on_shift(server, email, worker=True)
    proxy.hang = True
    phone.browser.refresh()
    wait_until(lambda: phone.choice_labels(), timeout=5, message="the logging screen while requests hang")
    for _ in range(3):
        phone.log()
    assert phone.pending() == 3 and proxy.held >= 1
    proxy.release()
    phone.browser.execute_script("dispatchEvent(new Event('online'))")
    wait_until(lambda: phone.pending() == 0, timeout=40, message="the outbox to empty after the hang")
    rows = server.interventions(email)
    assert len(rows) == 3 and len({row.id for row in rows}) == 3


@pytest.mark.slow
def test_two_thousand_taps_through_fifty_cuts(proxied, server, browser):
    proxy, phone = proxied
    email = "mediateur@demo.mediatap.fr"
    phone.on_shift(server, email)
    browser.set_script_timeout(120)
    rng = random.Random(2020)
    for cut in range(50):
        browser.execute_async_script(LOG_IN_PAGE, 40)
        # Half the cuts come after the server committed (the reply is lost), half before.
        after_commit = rng.random() < 0.5
        seen = proxy.dropped if after_commit else proxy.refused
        if after_commit:
            proxy.drop_replies = 1
        else:
            proxy.offline = True
        browser.execute_script("dispatchEvent(new Event('online'))")  # sync now, into the cut
        counter = (lambda: proxy.dropped) if after_commit else (lambda: proxy.refused)
        wait_until(lambda: counter() > seen, timeout=60, message=f"cut {cut} to hit a sync")
        proxy.offline = False
        proxy.drop_replies = 0
    browser.execute_script("dispatchEvent(new Event('online'))")
    wait_until(lambda: phone.pending() == 0, timeout=120, interval=0.5, message="the outbox to empty")
    stored = server.interventions(email)
    on_phone = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const request = indexedDB.open('mediatap');
        request.onsuccess = () => {
          const all = request.result.transaction('records').objectStore('records').getAll();
          all.onsuccess = () => done(all.result.filter((r) => r.kind === 'intervention').map((r) => r.payload));
        };
        """
    )
    assert len(on_phone) == 2000
    assert len(stored) == 2000 and len({row.id for row in stored}) == 2000
    by_id = {str(row.id): row for row in stored}
    fields = ("gender", "age_band", "place", "people", "duration", "mask_reminder", "mask_outcome", "rating", "note")
    for record in on_phone:
        row = by_id[record["id"]]
        assert row.codes == record["types"] and row.deleted == record["deleted"]
        assert {name: getattr(row, name) for name in fields} == {name: record[name] for name in fields}
        # The same instant as the phone's, whatever the offset it was written with.
        assert row.occurred_at == to_naive_utc(datetime.fromisoformat(record["occurred_at"]))
    print(
        f"\n2,000 taps through 50 cuts ({proxy.dropped} replies lost after commit, {proxy.refused} requests cut): "
        "0 lost, 0 duplicated, outbox empty"
    )
