"""The proxy itself: a lost reply means stored on the server, unknown to the phone."""

import requests

from tests.reliability.lossy_proxy import LossyProxy


def test_proxy_forwards_and_loses_sync_replies(live_server):
    with LossyProxy(live_server.url) as proxy:
        assert requests.get(f"{proxy.url}/healthz", timeout=5).json() == {"status": "ok"}
        proxy.drop_replies = 1
        phone = requests.Session()
        token = phone.post(
            f"{proxy.url}/api/session",
            json={"email": "mediateur@demo.mediatap.fr", "password": "mediatap-demo"},
            timeout=10,
        ).json()["csrf_token"]
        body = {"device_id": "p", "client_time": "2026-11-28T10:00:00+01:00", "shifts": [], "interventions": []}
        try:
            phone.post(f"{proxy.url}/api/sync", json=body, headers={"X-CSRFToken": token}, timeout=10)
            raise AssertionError("the reply should have been lost")
        except requests.ConnectionError:
            pass
        assert proxy.dropped == 1 and proxy.forwarded_syncs == 1
        reply = phone.post(f"{proxy.url}/api/sync", json=body, headers={"X-CSRFToken": token}, timeout=10)
        assert reply.status_code == 200
