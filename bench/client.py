"""Client-side figures of the mediator app, in Debian's chromium against a real server.

    .venv/bin/python bench/client.py

- app-shell bytes: what the service worker precaches (icons excluded), as served, raw and
  gzipped;
- tap to IndexedDB: from the last tap of an intervention to its record committed in
  IndexedDB with "Enregistré" shown, and to the recent list redrawn (median and p95 over
  200 taps; timed by tests/browser/tap_probe.js, injected into the page);
- offline cold start: a new page load with the network off, from navigation start to the
  logging screen ready for a tap (median over 10 loads).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.services.demo import load_demo  # noqa: E402
from tests.browser.phone import Phone, wait_until  # noqa: E402
from tests.helpers import QuietHandler, chromium_options  # noqa: E402

TAP_TIMING = """
const done = arguments[arguments.length - 1];
const pick = (i) => document.querySelectorAll('#log-choices button')[i].click();
(async () => {
  const times = [];
  const shown = [];
  for (let n = 0; n < arguments[0]; n++) {
    pick(n % 5); pick(n % 3);
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


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    folder = Path(tempfile.mkdtemp())
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}", "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        load_demo(days=0)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    count, raw, zipped = shell_sizes(f"http://127.0.0.1:{server.server_port}")
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chromium_options())
    browser.set_script_timeout(300)
    try:
        phone = Phone(browser, f"http://127.0.0.1:{server.server_port}").fresh()
        phone.sign_in("mediateur@demo.mediatap.fr")
        phone.start_shift("divia_tram")
        phone.wait_for_service_worker()
        taps, redrawn = (sorted(series) for series in browser.execute_async_script(TAP_TIMING, 200))
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": READY_PROBE})
        phone.offline()
        starts = []
        for _ in range(10):
            browser.refresh()
            starts.append(wait_until(lambda: browser.execute_script("return window.readyAt"), message="ready"))
        phone.online()
    finally:
        browser.quit()
        server.shutdown()
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


if __name__ == "__main__":
    main()
