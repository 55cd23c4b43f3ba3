"""A real gunicorn (2 workers) on loopback, and phones that talk to it like the app does."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from server import create_app
from server.extensions import db
from server.models import User
from server.services.demo import DEMO_PASSWORD, load_demo

ROOT = Path(__file__).resolve().parents[2]


def prepare_database(uri: str, phones: int) -> list[str]:
    """A fresh schema with the demo organisation and one mediator account per phone."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "reliability"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_demo(days=0)
        template = db.session.query(User).filter_by(email="mediateur@demo.mediatap.fr").one()
        emails = []
        for number in range(phones):
            email = f"phone{number}@demo.mediatap.fr"
            db.session.add(
                User(
                    organisation_id=template.organisation_id,
                    email=email,
                    name=f"Téléphone {number}",
                    role="mediator",
                    password_hash=template.password_hash,
                )
            )
            emails.append(email)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return emails


class GunicornServer:
    """gunicorn as deployed: the settings of gunicorn.conf.py (read from the checkout's root)."""

    def __init__(self, uri: str, workers: int = 2, log: Path | None = None):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            DATABASE_URL=uri,
            SECRET_KEY="reliability-secret",
            MEDIATAP_LOGIN_ADDRESS_LIMIT="10000 per minute",
        )
        self.workers = workers
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        stderr = self.log.open("ab") if self.log is not None else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "1",
                "server:create_app()",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
        if self.log is not None:
            stderr.close()  # the child holds its own copy
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL the master and its workers at once: no shutdown code runs."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


class Phone:
    """A phone with an outbox: a record leaves it only on the server's acknowledgement."""

    def __init__(self, base_url: str, email: str, number: int):
        self.base_url = base_url
        self.email = email
        self.device_id = f"phone-{number}"
        self.http = requests.Session()
        self.sign_in()
        self.shift_id = str(uuid.uuid4())
        started = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
        self.outbox: dict[str, tuple[str, dict]] = {
            self.shift_id: (
                "shift",
                {
                    "id": self.shift_id,
                    "mission": "divia_tram",
                    "site": "t1",
                    "started_at": started,
                    "ended_at": None,
                    "teammates": [],
                    "updated_at": started,
                    "deleted": False,
                },
            )
        }
        self.made: dict[str, dict] = {}
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def sign_in(self) -> None:
        response = self.http.post(
            f"{self.base_url}/api/session", json={"email": self.email, "password": DEMO_PASSWORD}, timeout=30
        )
        response.raise_for_status()
        self.http.headers["X-CSRFToken"] = response.json()["csrf_token"]

    def log(self, count: int) -> None:
        now = datetime.now(UTC)
        for index in range(count):
            record = {
                "id": str(uuid.uuid4()),
                "shift_id": self.shift_id,
                "occurred_at": (now - timedelta(seconds=index)).isoformat(),
                "types": ["itinerary"],
                "gender": "female",
                "age_band": "25_60",
                "place": "on_board",
                "people": 1 + index % 3,
                "duration": "short",
                "mask_reminder": False,
                "mask_outcome": None,
                "rating": None,
                "note": None,
                "updated_at": now.isoformat(),
                "deleted": False,
            }
            self.made[record["id"]] = record
            self.outbox[record["id"]] = ("intervention", record)

    def sync_once(self, size: int = 100) -> bool:
        """Send the oldest records; True when the server answered (whatever the network did)."""
        batch = list(self.outbox.items())[:size]
        body = {
            "device_id": self.device_id,
            "client_time": datetime.now(UTC).isoformat(),
            "shifts": [record for _, (kind, record) in batch if kind == "shift"],
            "interventions": [record for _, (kind, record) in batch if kind == "intervention"],
        }
        started = time.perf_counter()
        try:
            response = self.http.post(f"{self.base_url}/api/sync", json=body, timeout=30)
        except requests.RequestException as error:
            self.failures.append(type(error).__name__)
            return False
        self.latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            self.failures.append(f"{response.status_code} {response.text[:200]}")
            return False
        for result in response.json()["results"]:
            if result["status"] in ("created", "updated", "unchanged"):
                self.outbox.pop(result["id"], None)
            else:
                self.failures.append(f"{result['status']} {result.get('errors')}")
        return True
