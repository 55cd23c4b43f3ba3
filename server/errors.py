"""Every refusal, named once, and how it is answered: a readable page in the browser, or the
API's one JSON shape {"error": {"code", "message", "fields"}}."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class Refusal(Exception):
    """A refusal raised by name (see below); one handler answers it as a page or as JSON."""

    def __init__(self, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}

    @property
    def status(self) -> int:
        return REFUSAL_STATUS[self.code]


# The one place a refusal's HTTP status is chosen.
REFUSAL_STATUS = {
    "invalid": 400,
    "invalid_credentials": 401,
    "unauthenticated": 401,
    "forbidden": 403,
    "password_change_required": 403,  # nosec B105 # a refusal's code, not a password
    "not_found": 404,
    "conflict": 409,
    "too_many_records": 413,
    "too_many_requests": 429,
}


def invalid(field: str | None = None, message: str | None = None, *, fields: dict | None = None, summary=None):
    """Some input is wrong: `message` is shown next to `field` (or `fields` maps several)."""
    if field is not None:
        fields = {field: [message]}
        message = None
    return Refusal("invalid", summary or message or _("Certains champs ne sont pas valides."), fields)


def not_found(message: str | None = None, fields: dict | None = None) -> Refusal:
    """What is asked does not exist, or not for this person: never say which."""
    return Refusal("not_found", message or _("Introuvable."), fields)


def conflict(message: str) -> Refusal:
    """The request is understood but the record's state forbids it now."""
    return Refusal("conflict", message)


def forbidden() -> Refusal:
    return Refusal("forbidden", _("Vous n’avez pas le droit de faire cela."))


def password_change_required() -> Refusal:
    """The person signed in with a temporary password: they choose their own before anything is filed."""
    return Refusal(
        "password_change_required",
        _("Choisissez votre mot de passe avant d’envoyer vos saisies : elles restent sur ce téléphone."),
    )


def unauthenticated() -> Refusal:
    return Refusal("unauthenticated", _("Veuillez vous connecter."))


def invalid_credentials() -> Refusal:
    return Refusal("invalid_credentials", _("Adresse e-mail ou mot de passe incorrect."))


def too_many_requests(message: str) -> Refusal:
    return Refusal("too_many_requests", message)


def too_many_records(message: str) -> Refusal:
    return Refusal("too_many_records", message)


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

    @app.errorhandler(Refusal)
    def handle_refusal(exc: Refusal):
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
