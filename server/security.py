"""Headers every response carries, including the service worker and the manifest."""

from flask import Flask, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def add_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        if request.blueprint not in _SHELL_BLUEPRINTS and request.endpoint != "static":
            # Pages, API answers and exports hold people's data (shift notes, names): no copy
            # on a shared desk computer's disk, in a proxy, or in the back button's history.
            response.headers["Cache-Control"] = "no-store"
        return response


# The phone app's shell files set their own caching (the service worker decides what is kept).
_SHELL_BLUEPRINTS = frozenset({"client"})
