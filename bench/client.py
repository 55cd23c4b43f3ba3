"""Client-side figures of the mediator app, in Debian's chromium against a real server.

    .venv/bin/python bench/client.py

- app-shell bytes: what the service worker precaches (icons excluded), as served, raw and
  gzipped;
- tap to IndexedDB: from the last tap of an intervention to its record committed in
  IndexedDB with "Enregistré" shown, and to the recent list redrawn (median and p95 over
  200 taps; timed by tests/browser/tap_probe.js, injected into the page);
- offline cold start: a new page load with the network off, from navigation start to the
  logging screen ready for a tap (median over 10 loads);
- taps per intervention: a realistic mix driven through the screen as a mediator would (mask
  reminders with their outcome, groups, "Même chose", La Poste families with several
  motifs, town-hall appointments), the taps each record took, median and mean;
- sync requests per 100 taps: a mediator logging steadily online, one tap a second; the
  server counts the POST /api/sync it receives (page and service worker together).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

from tests.browser.phone import Phone, wait_until  # noqa: E402
from tests.helpers import chromium_options, demo_served  # noqa: E402

TAP_TIMING = """
const done = arguments[arguments.length - 1];
const pick = (i) => document.querySelectorAll('#log-choices button')[i].click();
(async () => {
  const times = [];
  const shown = [];
  for (let n = 0; n < arguments[0]; n++) {
    pick(n % 4); pick(n % 3);
    const [stored, saved] = [tapProbe.stored, tapProbe.saved];
    const start = performance.now();
    pick(n % 4);
    await tapProbe.when("stored", stored);
    times.push(performance.now() - start);
    await tapProbe.when("saved", saved);
    shown.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  done([times, shown]);
})();
"""

READY_PROBE = """
new MutationObserver((changes, observer) => {
  const screen = document.getElementById('screen-log');
  if (screen && !screen.hidden && document.querySelector('#log-choices button')) {
    window.readyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def shell_sizes(base_url: str) -> tuple[int, int, int]:
    """The files the served worker precaches, fetched as the worker fetches them."""
    worker = urllib.request.urlopen(f"{base_url}/sw.js").read().decode()
    paths = json.loads(re.search(r"const SHELL = (\[.*?\]);", worker).group(1))
    bodies = [urllib.request.urlopen(base_url + path).read() for path in paths if not path.startswith("/icons/")]
    return len(bodies), sum(map(len, bodies)), sum(len(gzip.compress(body, 6)) for body in bodies)


class SyncCounter:
    """WSGI middleware: counts the sync requests the server receives."""

    def __init__(self, app):
        self.app = app
        self.count = 0

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"] == "/api/sync" and environ["REQUEST_METHOD"] == "POST":
            self.count += 1
        return self.app(environ, start_response)


# The mix of a transport mediator's records, from the domain's figures: mask reminders with
# their outcome, groups of two to four, the same thing again for a group asking one after the
# other. Each entry: (share, what the mediator taps).
TRANSPORT_MIX = [
    (0.62, "single"),
    (0.10, "mask"),
    (0.10, "group"),
    (0.18, "repeat"),
]


def _drive_transport(phone, rng, kind: str) -> int:
    """One transport record, tapped as a mediator would; returns the taps it took."""
    types = len(phone.choices())
    if kind == "repeat":
        phone.click(lambda: phone.browser.find_element("id", "log-repeat"))
        return 1
    taps = 0
    if kind == "group":
        phone.click(lambda: phone.browser.find_elements("css selector", "#people-chips button")[rng.randint(1, 3)])
        taps += 1
    phone.tap(4 if kind == "mask" else rng.choice([0, 1, 2, 3, 5, 6][: types - 1]))
    taps += 1
    if kind == "mask":
        phone.tap(rng.choice([0, 0, 0, 1]))
        taps += 1
    phone.tap(rng.randint(0, 2))
    phone.tap(rng.randint(0, 3))
    return taps + 2


def _drive_post_office(phone, rng) -> int:
    """A La Poste client: 1.8 motifs on average, now and then a family."""
    taps = 0
    if rng.random() < 0.2:
        phone.click(lambda: phone.browser.find_elements("css selector", "#people-chips button")[rng.randint(1, 3)])
        taps += 1
    motifs = rng.sample(range(len(phone.choices())), 1 if rng.random() < 0.35 else 2 if rng.random() < 0.8 else 3)
    for motif in motifs:
        phone.tap(motif)
    phone.click(lambda: phone.browser.find_element("id", "motifs-next"))
    return taps + len(motifs) + 1


def taps_per_intervention(phone, base_url: str, records: int = 60) -> list[int]:
    """Taps of each record over a day's mix: two thirds transport, a quarter La Poste."""
    rng = random.Random(2020)
    taps = []
    for email, mission, count in (
        ("mediateur@demo.mediatap.fr", "divia_tram", records * 3 // 4),
        ("awa.diallo@demo.mediatap.fr", "la_poste", records // 4),
    ):
        phone.fresh()
        phone.sign_in(email)
        phone.start_shift(mission)
        for number in range(count):
            saved = phone.saved_count()
            if mission == "la_poste":
                taps.append(_drive_post_office(phone, rng))
            else:
                shares, kinds = zip(*TRANSPORT_MIX, strict=True)
                kind = rng.choices(kinds, weights=shares)[0] if number else "single"
                taps.append(_drive_transport(phone, rng, kind))
            wait_until(lambda saved=saved: phone.saved_count() > saved, message="the record saved")
    return taps


def requests_per_taps(phone, counter: SyncCounter, taps: int = 100, gap: float = 1.0) -> int:
    """Sync requests while a mediator taps steadily online, until the outbox is empty."""
    phone.fresh()
    phone.sign_in("sofia.martin@demo.mediatap.fr")
    phone.start_shift("divia_tram")
    phone.wait_for_service_worker()
    wait_until(lambda: phone.pending() == 0, message="the shift sent")
    time.sleep(1)
    before = counter.count
    for number in range(taps):
        record, step = divmod(number, 3)  # type, gender, age band (no mask reminder: three taps each)
        phone.tap((record % 4, record % 3, record % 4)[step])
        time.sleep(gap)
    wait_until(lambda: phone.pending() == 0, timeout=120, message="the outbox to empty")
    return counter.count - before


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    with tempfile.TemporaryDirectory() as folder, demo_served(Path(folder) / "bench.db", days=0) as (base, app):
        counter = SyncCounter(app.wsgi_app)
        app.wsgi_app = counter
        count, raw, zipped = shell_sizes(base)
        browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chromium_options())
        browser.set_script_timeout(300)
        try:
            phone = Phone(browser, base).fresh()
            phone.sign_in("mediateur@demo.mediatap.fr")
            phone.start_shift("divia_tram")
            phone.wait_for_service_worker()
            taps, redrawn = (sorted(series) for series in browser.execute_async_script(TAP_TIMING, 200))
            probe = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": READY_PROBE})
            phone.offline()
            starts = []
            for _ in range(10):
                browser.refresh()
                starts.append(wait_until(lambda: browser.execute_script("return window.readyAt"), message="ready"))
            phone.online()
            browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": probe["identifier"]})
            mix = taps_per_intervention(phone, base)
            requests = requests_per_taps(phone, counter)
        finally:
            browser.quit()
    print(f"App shell: {count} files, {raw / 1024:.1f} KB raw, {zipped / 1024:.1f} KB gzipped (goal < 60 KB)")
    print(
        f"Tap to IndexedDB (committed, 'Enregistré' shown): median {statistics.median(taps):.1f} ms, "
        f"p95 {taps[int(len(taps) * 0.95)]:.1f} ms over {len(taps)} taps (goal: median < 16 ms)"
    )
    print(
        f"Tap to the recent list redrawn, ready for the next tap: median {statistics.median(redrawn):.1f} ms, "
        f"p95 {redrawn[int(len(redrawn) * 0.95)]:.1f} ms"
    )
    print(
        f"Offline cold start to a usable logging screen: median {statistics.median(starts):.0f} ms, "
        f"worst {max(starts):.0f} ms over {len(starts)} loads (goal < 500 ms)"
    )

    spread = collections.Counter(mix)
    print(
        f"Taps per intervention over a realistic mix of {len(mix)} records: median {statistics.median(mix):.0f}, "
        f"mean {statistics.mean(mix):.2f} (goal: median <= 3); records by taps: "
        + ", ".join(f"{taps} tap{'s' if taps > 1 else ''}: {spread[taps]}" for taps in sorted(spread))
    )
    print(f"Sync requests per 100 taps, logging steadily online (a tap a second): {requests} (goal <= 10)")


if __name__ == "__main__":
    main()
