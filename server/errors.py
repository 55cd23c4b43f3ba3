"""One error shape for the whole API: {"error": {"code", "message", "fields"}}."""

from flask import Flask, jsonify, render_template_string, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    """A refusal a service raises; the handler turns it into the JSON error shape."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}

_PAGE = """<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ status }} · Mediatap</title></head>
<body><main><h1>{{ status }}</h1><p>{{ message }}</p><p><a href="/">{{ home }}</a></p></main></body></html>"""


def _messages() -> dict[int, str]:
    return {
        400: _("The request is not valid."),
        401: _("Please sign in."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        415: _("Send JSON (Content-Type: application/json)."),
        422: _("Some fields are not valid."),
        429: _("Too many attempts: wait a moment and try again."),
        500: _("Something went wrong on the server; nothing you sent was lost."),
    }


def _fields_from(exc: HTTPException) -> dict:
    # webargs (via flask-smorest) puts marshmallow's messages under data["messages"][location].
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") or {}
    merged: dict = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            merged.update(location_messages)
        else:
            merged["_schema"] = location_messages
    return merged


def _respond(status: int, code: str, message: str, fields: dict | None = None):
    if request.path.startswith("/api"):
        return jsonify(error_body(code, message, fields)), status
    html = render_template_string(_PAGE, status=status, message=message, home=_("Back to Mediatap"), lang="fr")
    return html, status


def register_error_handlers(app: Flask) -> None:
    """Registered after flask-smorest so these handlers win over its own error shape."""

    @app.errorhandler(ApiError)
    def handle_api_error(exc: ApiError):
        return _respond(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(CSRFError)
    def handle_csrf(exc: CSRFError):
        return _respond(400, "csrf_failed", _("The security token is missing or out of date: reload and try again."))

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):
        status = exc.code or 500
        fields = _fields_from(exc)
        code = _CODES.get(status, "error")
        if status in (400, 422) and fields:
            status, code = 400, "invalid"
        message = _messages().get(status, exc.description or "")
        body, status = _respond(status, code, message, fields)
        allowed = getattr(exc, "valid_methods", None)
        return body, status, ({"Allow": ", ".join(allowed)} if allowed else {})

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return _respond(500, "server_error", _messages()[500])
