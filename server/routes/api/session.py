from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from ...extensions import csrf
from ...rate_limits import sign_in_address_limit
from ...schemas.session import CredentialsSchema, PasswordChangeSchema, SessionSchema
from ...services.auth import sign_in, sign_out
from ...services.passwords import change_own_password
from .blueprint import ApiBlueprint as Blueprint

blp = Blueprint("session", __name__, url_prefix="/api", description="Signing in and out")


def _session_body(user) -> dict:
    return {"user": user, "csrf_token": generate_csrf()}


@blp.route("/session", methods=["POST"])
@csrf.exempt  # there is no session yet to bind a token to; JSON-only + SameSite cover it
@sign_in_address_limit
@blp.arguments(CredentialsSchema, error_status_code=400)
@blp.response(200, SessionSchema)
@blp.refusals(400, 401, 429)
def create_session(credentials):
    """Sign in; returns the user and the CSRF token for later writes."""
    user = sign_in(credentials["email"], credentials["password"])
    return _session_body(user)


@blp.route("/session", methods=["GET"])
@login_required
@blp.response(200, SessionSchema)
@blp.refusals(401)
def read_session():
    """The signed-in user, with a fresh CSRF token."""
    return _session_body(current_user)


@blp.route("/session", methods=["DELETE"])
@login_required
@blp.response(204)
@blp.refusals(400, 401)
def delete_session():
    """Sign out: the session ends on the server, so an old cookie no longer works."""
    sign_out()


@blp.route("/session/password", methods=["PUT"])
@login_required
@blp.arguments(PasswordChangeSchema, error_status_code=400)
@blp.response(200, SessionSchema)
@blp.refusals(400, 401, 429)
def change_password(passwords):
    """Choose one's password (required after a temporary one); every other session ends."""
    change_own_password(current_user, passwords["current_password"], passwords["new_password"])
    return _session_body(current_user)
