"""Client-side figures of the mediator app, in Debian's chromium against a real server.

    .venv/bin/python bench/client.py

- app-shell bytes: what the service worker precaches (icons excluded), raw and gzipped;
- tap to IndexedDB: from the last tap of an intervention to its record committed in
  IndexedDB with "Enregistré" shown, and to the recent list redrawn (median and p95 over
  200 taps);
- offline cold start: a new page load with the network off, from navigation start to the
  logging screen ready for a tap (median over 10 loads).
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
import tempfile
import threading
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
const stored = () => Number(document.body.dataset.stored || 0);
const saved = () => Number(document.body.dataset.saved || 0);
const change = (read, before) => new Promise((resolve) => {
  // Wait without starving the event loop (IndexedDB answers in a task).
  if (read() !== before) return resolve();
  const watch = new MutationObserver(() => {
    if (read() !== before) { watch.disconnect(); resolve(); }
  });
  watch.observe(document.body, {attributes: true});
});
(async () => {
  const times = [];
  const shown = [];
  for (let n = 0; n < arguments[0]; n++) {
    pick(n % 5); pick(n % 3);
    const [beforeStored, beforeSaved] = [stored(), saved()];
    const start = performance.now();
    pick(n % 4);
    await change(stored, beforeStored);
    times.push(performance.now() - start);
    await change(saved, beforeSaved);
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


def shell_sizes() -> tuple[int, int, int]:
    worker = (ROOT / "client" / "sw.js").read_text()
    paths = re.findall(r'"(/[^"]*)"', worker.split("const SHELL = [")[1].split("];")[0])
    files = [ROOT / "client" / ("index.html" if path == "/" else path.lstrip("/")) for path in paths]
    files = [path for path in files if "icons" not in path.parts]
    raw = sum(path.stat().st_size for path in files)
    zipped = sum(len(gzip.compress(path.read_bytes(), 6)) for path in files)
    return len(files), raw, zipped


def main() -> None:
    count, raw, zipped = shell_sizes()
    folder = Path(tempfile.mkdtemp())
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}", "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        load_demo(days=0)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
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
