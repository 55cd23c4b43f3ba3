"""The app shell as a first visit receives it: every module announced in the page itself."""

from __future__ import annotations

import re
from pathlib import Path

CLIENT = Path(__file__).resolve().parents[1] / "client"


def test_the_page_lists_every_module_so_a_first_visit_fetches_them_at_once(app):
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 200
    announced = re.findall(r'<link rel="modulepreload" href="([^"]+)">', page.get_data(as_text=True))
    assert sorted(announced) == sorted(f"/js/{path.name}" for path in (CLIENT / "js").glob("*.js"))
    for url in announced:
        module = client.get(url)
        module.close()
        assert module.status_code == 200 and "javascript" in module.mimetype, url


def test_the_page_answers_not_modified_to_a_browser_that_has_it(app):
    client = app.test_client()
    first = client.get("/")
    again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Cache-Control"] == "no-cache"


def test_the_page_says_which_shell_it_is_as_its_worker_does(app):
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    worker = client.get("/sw.js").get_data(as_text=True)
    (version,) = re.findall(r'<meta name="app-version" content="([0-9a-f]{16})">', page)
    assert f'const VERSION = "{version}";' in worker
