"""Every state-changing route refuses a request that has the cookie but not the token
(issue: prove it, 10). Routes are read from app.url_map, so new pages are covered too."""

import uuid

import pytest

# Signing in has no session yet to bind a token to; it takes JSON only (a cross-site form
# cannot send that without a CORS preflight) and the cookie is SameSite=Lax.
EXEMPT = {("POST", "/api/session")}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _sample_url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        if kind == "AnyConverter":  # <any(archive, unarchive):action> and the like
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = {"UUIDConverter": str(uuid.uuid4()), "IntegerConverter": 1}.get(kind, "x")
    return rule.build(values, append_unknown=False)[1]


def _state_changing_routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & WRITES):
            if (method, rule.rule) not in EXEMPT:
                yield method, rule


def test_every_write_needs_the_csrf_token(app, login_as):
    client, _ = login_as("admin")
    routes = list(_state_changing_routes(app))
    assert len(routes) >= 3
    refused = []
    for method, rule in routes:
        url = _sample_url(rule)
        response = client.client.open(url, method=method, json={})
        assert response.status_code == 400, f"{method} {url} answered {response.status_code}"
        body = response.json if response.is_json else None
        if body is not None:
            assert body["error"]["code"] == "csrf_failed", f"{method} {url}"
        else:
            assert "jeton de sécurité" in response.text, f"{method} {url}"
        refused.append(f"{method} {rule.rule}")
    print(f"\n{len(refused)} state-changing routes refuse a missing token: {refused}")


@pytest.mark.parametrize("token", ["", "not-a-token", "ImFhYWEi.Z0aaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"])
def test_a_forged_token_is_refused(login_as, token):
    client, _ = login_as("mediator")
    response = client.client.post("/api/sync", json={}, headers={"X-CSRFToken": token})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "csrf_failed"


def test_another_sessions_token_is_refused(login_as):
    mine, _ = login_as("mediator")
    theirs, _ = login_as("mediator")
    response = mine.client.post("/api/sync", json={}, headers={"X-CSRFToken": theirs.csrf_token})
    assert response.json["error"]["code"] == "csrf_failed"
