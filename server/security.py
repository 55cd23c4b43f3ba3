"""Headers every response carries, including the service worker and the manifest; and every
request body read whole before a handler runs."""

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
    @app.before_request
    def read_the_whole_body():
        # On SQLite a write request takes the write lock at its first query (loading the
        # signed-in user); a body still trickling in then would hold every other writer. The
        # body is read first (MAX_CONTENT_LENGTH bounds it), then parsed from memory.
        if request.method not in _NO_BODY_METHODS:
            request.get_data(cache=True)

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


_NO_BODY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The phone app's shell files set their own caching (the service worker decides what is kept).
_SHELL_BLUEPRINTS = frozenset({"client"})
