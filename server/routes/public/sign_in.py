"""Signing in and out of the desk pages (the phone app uses /api/session)."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from ...errors import Refusal
from ...navigation import may
from ...rate_limits import sign_in_address_limit
from ...services.auth import sign_in, sign_out
from ..pages import safe_next

bp = Blueprint("web_session", __name__)


def _landing() -> str:
    if current_user.is_authenticated and may(current_user, "coordinator"):
        return url_for("desk.shifts") if "desk.shifts" in current_app.view_functions else "/"
    if current_user.is_authenticated and may(current_user, "partner"):
        return url_for("desk.dashboard")
    if current_user.is_authenticated and may(current_user, "network"):
        return url_for("network_pages.dashboard")
    return "/"


@bp.get("/desk")
def home():
    """The desk's entry: the sign-in form, or the first page the user's role opens."""
    if not current_user.is_authenticated:
        return redirect(url_for("web_session.login"))
    return redirect(_landing())


@bp.route("/login", methods=["GET", "POST"])
@sign_in_address_limit
def login():
    next_page = safe_next(request.args.get("next"))
    if request.method == "GET":
        return render_template("auth/login.html", error=None, email="", next=next_page)
    email = request.form.get("email", "")
    try:
        sign_in(email, request.form.get("password", ""))
    except Refusal as refusal:
        status = refusal.status
        return render_template("auth/login.html", error=refusal.message, email=email, next=next_page), status
    return redirect(next_page or _landing())


@bp.post("/logout")
def logout():
    sign_out()
    return redirect(url_for("web_session.login"))


@bp.get("/language/<code>")
def language(code: str):
    """Remember the chosen language (French by default) for this browser."""
    if code in ("fr", "en"):
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")) or url_for("web_session.home"))
