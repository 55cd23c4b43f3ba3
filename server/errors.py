"""One error shape for the whole API: {"error": {"code", "message", "fields"}}."""

from flask import Flask, jsonify, render_template, request
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


def _messages() -> dict[int, str]:
    return {
        400: _("La requête n’est pas valide."),
        401: _("Veuillez vous connecter."),
        403: _("Vous n’avez pas le droit de faire cela."),
        404: _("Introuvable."),
        405: _("Cette méthode n’est pas permise ici."),
        413: _("La requête est trop volumineuse."),
        415: _("Envoyez du JSON (Content-Type: application/json)."),
        422: _("Certains champs ne sont pas valides."),
        429: _("Trop de tentatives : patientez un instant puis réessayez."),
        500: _("Une erreur est survenue sur le serveur ; rien de ce que vous avez envoyé n’est perdu."),
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
    return render_template("error.html", status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    """Registered after flask-smorest so these handlers win over its own error shape."""

    @app.errorhandler(ApiError)
    def handle_api_error(exc: ApiError):
        return _respond(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(CSRFError)
    def handle_csrf(exc: CSRFError):
        return _respond(
            400, "csrf_failed", _("Le jeton de sécurité manque ou a expiré : rechargez la page et réessayez.")
        )

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
