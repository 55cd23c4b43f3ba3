"""Signing in and out, with server-side sessions, timeouts and throttling."""

from __future__ import annotations

import contextlib
import time
from datetime import timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, session
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from sqlalchemy import select, update

from ..database import begin_write
from ..errors import invalid_credentials, too_many_requests
from ..extensions import db
from ..models import User, UserSession
from ..models.clock import utcnow
from ..models.user import password_hasher

# Verifying against a real hash for unknown emails keeps response times alike, so the
# sign-in form does not tell which addresses have an account.
_DUMMY_HASH = password_hasher.hash("not-a-real-password")

# The idle clock lives in the signed cookie: refreshing it costs no database write per request.
_SEEN_REFRESH_SECONDS = 60


def sign_in(email: str, password: str) -> User:
    """Check credentials, throttle repeated failures per account, open a new session."""
    begin_write()
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None or not user.active:
        _slow_fail(password)
        raise invalid_credentials()
    if _locked(user):
        raise too_many_requests(_("Trop d’essais infructueux : réessayez dans quelques minutes."))
    if not user.check_password(password):
        user.failed_logins += 1
        user.last_failed_login_at = utcnow()
        db.session.commit()
        raise invalid_credentials()
    user.failed_logins = 0
    user.last_failed_login_at = None
    record = UserSession(user_id=user.id)
    db.session.add(record)
    db.session.commit()
    # A fresh cookie at sign-in: nothing an attacker planted before survives it.
    session.clear()
    login_user(user)
    session["sid"] = record.id
    session["seen"] = int(time.time())
    session.permanent = True
    return user


def _slow_fail(password: str) -> None:
    with contextlib.suppress(VerificationError, InvalidHashError):
        password_hasher.verify(_DUMMY_HASH, password)


def _locked(user: User) -> bool:
    window: timedelta = current_app.config["LOGIN_LOCK_WINDOW"]
    return (
        user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]
        and user.last_failed_login_at is not None
        and user.last_failed_login_at > utcnow() - window
    )


def sign_out() -> None:
    """End the server-side session so a copied cookie stops working too."""
    begin_write()
    sid = session.get("sid")
    if sid:
        record = db.session.get(UserSession, sid)
        if record is not None and record.ended_at is None:
            record.ended_at = utcnow()
            db.session.commit()
    logout_user()
    session.clear()


def end_sessions(user: User) -> None:
    """End every open session of a user (deactivated, password reset): signed out everywhere."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user only if their server-side session is still open."""
    sid = session.get("sid")
    seen = session.get("seen", 0)
    if not sid or not user_id.isdigit():
        return None
    now = time.time()
    idle: timedelta = current_app.config["SESSION_IDLE_TIMEOUT"]
    if now - seen > idle.total_seconds():
        return None
    record = db.session.get(UserSession, sid)
    absolute: timedelta = current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    if (
        record is None
        or record.ended_at is not None
        or record.user_id != int(user_id)
        or record.created_at < utcnow() - absolute
        or not record.user.active
    ):
        return None
    if now - seen > _SEEN_REFRESH_SECONDS:
        session["seen"] = int(now)
    return record.user
