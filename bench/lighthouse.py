"""Lighthouse's four scores for the mediator app, as a phone sees it.

    .venv/bin/python bench/lighthouse.py [--lighthouse 12.8.2]

Serves the demo (SQLite, a local server, as `bench/client.py` does) and runs Lighthouse's
mobile audit (its default: a mid-range phone, slow 4G and a 4× slower processor, simulated)
with Debian's chromium on two screens: the sign-in screen of a first visit, and the app of a
signed-in mediator (the session cookie passed along). Lighthouse comes from the npm registry
through `npx` (Node 18 or later); it is a measuring tool, not a dependency of the app.

The local server sends the app's files uncompressed; in production nginx compresses them
(`docs/deploy.md`), so the server here compresses the same files the same way.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.services.demo import DEMO_PASSWORD  # noqa: E402
from tests.helpers import demo_served  # noqa: E402

# What docs/deploy.md's nginx compresses: the phone app's own files.
COMPRESSED = re.compile(r"^/(js|css|i18n)/|^/(sw\.js|manifest\.webmanifest)?$")
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking"


class Gzip:
    """nginx's `gzip on` for the app's files, as in docs/deploy.md."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if not COMPRESSED.search(environ.get("PATH_INFO", "")) or "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", ""):
            return self.app(environ, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=headers)

        body = b"".join(self.app(environ, capture))
        if captured["status"].startswith("200"):
            body = gzip.compress(body)
            headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
            headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))]
        else:
            headers = captured["headers"]
        start_response(captured["status"], headers)
        return [body]


def lighthouse(version: str, url: str, headers: dict | None = None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            "npx",
            "--yes",
            f"lighthouse@{version}",
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={FLAGS}",
            "--form-factor=mobile",
        ]
        if headers:
            command.append(f"--extra-headers={json.dumps(headers)}")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
        return json.loads(report.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lighthouse", default="12.8.2", help="the npm version of Lighthouse")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, demo_served(Path(folder) / "bench.db", days=0) as (base, app):
        app.wsgi_app = Gzip(app.wsgi_app)
        signed_in = app.test_client()
        answer = signed_in.post("/api/session", json={"email": "mediateur@demo.mediatap.fr", "password": DEMO_PASSWORD})
        assert answer.status_code == 200, answer.get_data(as_text=True)
        cookie = "; ".join(f"{c.key}={c.value}" for c in signed_in._cookies.values())
        for screen, headers in (("sign-in, first visit", None), ("a signed-in mediator", {"Cookie": cookie})):
            report = lighthouse(arguments.lighthouse, f"{base}/", headers)
            scores = {name: round(category["score"] * 100) for name, category in report["categories"].items()}
            failing = [
                f"{audit['id']} ({audit.get('displayValue') or audit['score']})"
                for audit in report["audits"].values()
                if audit.get("score") is not None
                and audit["score"] < 0.9
                and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
            ]
            print(f"{screen}: " + ", ".join(f"{name} {score}" for name, score in scores.items()))
            if failing:
                print("   below 0.9: " + ", ".join(failing))


if __name__ == "__main__":
    main()
