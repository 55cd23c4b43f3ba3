"""Security headers on every kind of response (issue: prove it, 13)."""

import pytest

PATHS = ["/", "/sw.js", "/manifest.webmanifest", "/login", "/api/openapi.json", "/api/catalogue", "/no-such-page"]


@pytest.mark.parametrize("path", PATHS)
def test_headers_on_every_response(app, database, path):
    response = app.test_client().get(path, base_url="https://mediatap.example")
    response.close()  # static files are streamed from an open file
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["Referrer-Policy"] == "same-origin"


def test_no_hsts_over_plain_http(app, database):
    # HSTS over http would be ignored by browsers and misleading in a local `make run`.
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers
