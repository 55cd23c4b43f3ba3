"""Slow clients against gunicorn as deployed (issue 10, item 13): with sync workers, two
connections that sent their body a byte at a time took both workers, and 6 of 9 health checks
failed. The settings in gunicorn.conf.py keep the server answering."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests

from server.config import deployment_warnings
from tests.reliability.gunicorn_server import GunicornServer, Phone, prepare_database

# Runs gunicorn, which takes both cores: never beside another gunicorn test (tests/conftest.py).
pytestmark = pytest.mark.xdist_group("gunicorn")

SLOW_CONNECTIONS = 4


def _slow_post(port: int, stop: threading.Event, path: str = "/api/session", headers: str = "") -> None:
    """A POST whose announced 10 kB body comes one byte every half second, until told to stop."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{headers}"
            "Content-Length: 10000\r\n\r\n{".encode()
        )
        for _ in range(60):  # 30 s at most
            if stop.wait(0.5):
                return
            try:
                connection.sendall(b" ")
            except OSError:
                return  # the server gave up on us: fine too


@pytest.mark.slow
def test_slow_bodies_do_not_stop_the_health_check(tmp_path):
    uri = f"sqlite:///{tmp_path / 'slow.db'}"
    prepare_database(uri, phones=0)
    log = tmp_path / "gunicorn.log"
    server = GunicornServer(uri, log=log)
    server.start()
    stop = threading.Event()
    slow = [threading.Thread(target=_slow_post, args=(server.port, stop)) for _ in range(SLOW_CONNECTIONS)]
    answered = []
    try:
        for thread in slow:
            thread.start()
        time.sleep(1)  # every slow connection is in, holding what it holds
        for _ in range(9):
            try:
                answered.append(requests.get(f"{server.url}/healthz", timeout=2).status_code == 200)
            except requests.RequestException:
                answered.append(False)
            time.sleep(0.3)
    finally:
        stop.set()
        for thread in slow:
            thread.join()
        server.stop()
    print(f"\n{SLOW_CONNECTIONS} slow bodies: {answered.count(True)} of 9 health checks answered")
    assert answered == [True] * 9
    # Bound to loopback without BEHIND_TLS_PROXY: it says so when it starts.
    assert "BEHIND_TLS_PROXY is off" in log.read_text()


@pytest.mark.slow
def test_a_signed_in_slow_body_does_not_hold_the_database(tmp_path):
    """On SQLite a write request takes the write lock at its first query: reading the session
    before the body would hold every other phone's sync while the body trickles in."""
    uri = f"sqlite:///{tmp_path / 'slow.db'}"
    emails = prepare_database(uri, phones=2)
    server = GunicornServer(uri)
    server.start()
    stop = threading.Event()
    try:
        slow_phone, phone = (Phone(server.url, email, number) for number, email in enumerate(emails))
        cookie = "; ".join(f"{name}={value}" for name, value in slow_phone.http.cookies.items())
        headers = f"Cookie: {cookie}\r\nX-CSRFToken: {slow_phone.http.headers['X-CSRFToken']}\r\n"
        slow = threading.Thread(target=_slow_post, args=(server.port, stop, "/api/sync", headers))
        slow.start()
        time.sleep(1)
        phone.log(3)
        started = time.perf_counter()
        synced = phone.sync_once()
        took = time.perf_counter() - started
    finally:
        stop.set()
        slow.join()
        server.stop()
    print(f"\na sync beside a slow signed-in body: {took * 1000:.0f} ms")
    assert synced and not phone.outbox and not phone.failures
    assert took < 5


@pytest.mark.parametrize(
    ("binds", "behind_proxy", "warned"),
    [
        (["127.0.0.1:8000"], True, None),
        (["unix:/run/mediatap.sock"], True, None),
        (["[::1]:8000", "localhost:8000"], True, None),
        (["0.0.0.0:8000"], False, None),
        (["0.0.0.0:8000"], True, "anyone can send that header"),
        (["[::]:8000"], True, "anyone can send that header"),
        (["mediatap.example:8000"], True, "anyone can send that header"),
        (["127.0.0.1:8000", "203.0.113.4:8000"], True, "203.0.113.4:8000"),
        (["127.0.0.1:8000"], False, "BEHIND_TLS_PROXY is off"),
    ],
)
def test_a_proxy_setting_that_disagrees_with_the_bind_address_is_warned(binds, behind_proxy, warned):
    warnings = deployment_warnings(binds, behind_proxy)
    if warned is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and warned in warnings[0]
