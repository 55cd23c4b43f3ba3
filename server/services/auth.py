"""Signing in and out, with server-side sessions, timeouts and throttling."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import time
from datetime import UTC, timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from flask import after_this_request, current_app, request, session
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from ..database import begin_write
from ..errors import invalid_credentials, too_many_requests
from ..extensions import db
from ..models import User, UserSession
from ..models.clock import utcnow
from ..models.user import password_hasher
from ..rate_limits import Budget, forget_account, give_back, take_attempt

# Verifying against a real hash for unknown emails keeps response times alike, so the
# sign-in form does not tell which addresses have an account.
_DUMMY_HASH = password_hasher.hash("not-a-real-password")

# The idle clock lives in the signed cookie: refreshing it costs no database write per request.
_SEEN_REFRESH_SECONDS = 60

# A browser or phone where the person signed in before (OWASP's "device cookie"): its own
# budget of attempts, so a stranger who spends the account's budget elsewhere does not lock
# the owner out of the devices they use.
DEVICE_COOKIE = "mediatap_device"
_DEVICE_COOKIE_AGE = timedelta(days=180)


# Hash checks per attempt, whatever the accounts behind the address typed: an address may have
# an account in several organisations (each is tried), and the time taken must not tell
# an admin who adds a person that another organisation has one.
_HASH_CHECKS = 2


def sign_in(email: str, password: str) -> User:
    """Check credentials within the attempt budgets, open a new session.

    Every e-mail typed, with or without an account, active or not, is answered the same way
    (401 then 429, with the same bodies and the same number of password hash checks per
    answered attempt), so the form tells nobody which addresses have an account. An address
    with accounts in several organisations signs in to the one whose password matches.
    """
    begin_write()
    email = email.strip().lower()
    accounts = db.session.scalars(select(User).where(User.email == email).order_by(User.id)).all()
    device_account, nonce = _device(accounts)
    own, shared = _budgets(email, nonce, device_account)
    now = _now()
    if not take_attempt([own, *shared], now):
        raise too_many_requests(_("Trop d’essais infructueux : réessayez dans quelques minutes."))
    # A device remembered for one account signs in to that account only: its budget of its own
    # must not let whoever holds it (say, an admin who made an account at an address another
    # organisation uses) guess the other account's password.
    user = _matching_account([device_account] if device_account else accounts, password)
    if user is None:
        raise invalid_credentials()
    # The owner proved who they are on this device or address: its count starts again. The
    # account-wide budget only gets this attempt back, so a guesser's count there stays.
    give_back(own, now, everything=True)
    for budget in shared:
        give_back(budget, now)
    record = UserSession(user_id=user.id)
    db.session.add(record)
    db.session.commit()
    # A fresh cookie at sign-in: nothing an attacker planted before survives it.
    session.clear()
    login_user(user)
    session["sid"] = record.id
    session["seen"] = int(time.time())
    session.permanent = True
    _remember_device(user)
    return user


def check_current_password(user: User, password: str) -> bool:
    """The signed-in person's password, checked within a budget of its own, drained as at sign-in."""
    budget = _budget(
        "password", user.email, str(user.id), limit="LOGIN_MAX_FAILURES", window="LOGIN_LOCK_WINDOW", owner=user
    )
    now = _now()
    if not take_attempt([budget], now):
        raise too_many_requests(_("Trop d’essais infructueux : réessayez dans quelques minutes."))
    if not user.check_password(password):
        return False
    # Given back at once: a new password refused by the policy next is no failed guess.
    give_back(budget, now, everything=True)
    db.session.commit()
    return True


def forget_failed_attempts(user: User) -> None:
    """Empty the budgets of this account's own devices (an admin gave the person a new password).

    The budgets of the address typed stay and drain as usual: another organisation may have an
    account at the same address, and emptying them would hand its guesser a fresh budget.
    """
    forget_account(_hashed("owner", user.email, str(user.id)))


def _matching_account(accounts: list[User], password: str) -> User | None:
    """The active account whose password matches, after the same number of hash checks.

    When several match, the one whose password was set last opens: an admin who gives an
    account at an address another organisation uses a password to try then signs in to that
    same account whether or not the other has it, and learns nothing about it.
    """
    matched = []
    for slot in range(max(_HASH_CHECKS, len(accounts))):
        account = accounts[slot] if slot < len(accounts) else None
        if account is None or not account.password_hash:
            with contextlib.suppress(VerificationError, InvalidHashError):
                password_hasher.verify(_DUMMY_HASH, password)
        elif account.check_password(password) and account.active:
            matched.append(account)
    return max(matched, key=lambda account: (account.password_set_at or account.created_at, account.id), default=None)


def _budgets(email: str, device: str | None, device_account: User | None) -> tuple[Budget, list[Budget]]:
    """The attempt's own budget (its device, or its address), and the budgets it shares."""
    if device is not None:
        own = _budget(
            "device", email, device, limit="LOGIN_MAX_FAILURES", window="LOGIN_LOCK_WINDOW", owner=device_account
        )
        return own, []
    # Per address and account first: one address alone never spends the account's whole budget.
    own = _budget("address", email, request.remote_addr or "", limit="LOGIN_MAX_FAILURES", window="LOGIN_LOCK_WINDOW")
    return own, [_budget("account", email, limit="LOGIN_ACCOUNT_MAX_FAILURES", window="LOGIN_ACCOUNT_WINDOW")]


def _budget(kind: str, email: str, *scope: str, limit: str, window: str, owner: User | None = None) -> Budget:
    """A budget; one tied to an account (`owner`: its device, its password changes) is emptied by a reset."""
    config = current_app.config
    return Budget(
        key=_hashed(kind, email, *scope),
        account=_hashed("owner", email, str(owner.id)) if owner is not None else _hashed(email),
        capacity=config[limit],
        window=config[window].total_seconds(),
    )


def _hashed(*parts: str) -> str:
    # Keyed: the table of budgets holds no e-mail or address that a dictionary could recover.
    message = "\x1f".join(parts).encode()
    return hmac.new(current_app.secret_key.encode(), message, hashlib.sha256).hexdigest()


def _now() -> float:
    return utcnow().replace(tzinfo=UTC).timestamp()


def _device_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="mediatap-device")


def _device(accounts: list[User]) -> tuple[User | None, str | None]:
    """The account this device's cookie was given to, among the address's, and its nonce."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not accounts or not raw:
        return None, None
    try:
        user_id, nonce = _device_signer().loads(raw)
    except (BadSignature, TypeError, ValueError):
        return None, None
    account = next((account for account in accounts if account.id == user_id), None)
    if account is None or not isinstance(nonce, str):
        return None, None
    return account, nonce


def _device_nonce(user: User) -> str | None:
    """The device's nonce when its cookie was given to this very account; None otherwise."""
    return _device([user])[1]


def _remember_device(user: User) -> None:
    nonce = _device_nonce(user) or secrets.token_urlsafe(16)
    value = _device_signer().dumps([user.id, nonce])

    @after_this_request
    def set_device_cookie(response):
        response.set_cookie(
            DEVICE_COOKIE,
            value,
            max_age=int(_DEVICE_COOKIE_AGE.total_seconds()),
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            samesite="Lax",
        )
        return response


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


def end_sessions(user: User, *, keep: str | None = None) -> None:
    """End every open session of a user but `keep` (deactivated, new password): signed out everywhere else."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None), UserSession.id != (keep or ""))
        .values(ended_at=utcnow())
    )


def current_session_id() -> str | None:
    """The server-side session this request belongs to."""
    return session.get("sid")


def session_timeouts(user: User) -> tuple[timedelta, timedelta]:
    """How long a session of this person lasts: (without any request, at most in all).

    A mediator's lasts a working day on the phone; a coordinator's or an admin's keeps the
    desk's shorter limits (server/config.py says why).
    """
    config = current_app.config
    if user.role == "mediator":
        return config["MEDIATOR_SESSION_IDLE_TIMEOUT"], config["MEDIATOR_SESSION_ABSOLUTE_TIMEOUT"]
    return config["SESSION_IDLE_TIMEOUT"], config["SESSION_ABSOLUTE_TIMEOUT"]


# Built once: composing the query and its loader options cost more than running it.
_SESSION_AND_USER = (
    select(UserSession)
    .where(UserSession.id == bindparam("sid"))
    .options(joinedload(UserSession.user, innerjoin=True).joinedload(User.organisation))
)


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user only if their server-side session is still open."""
    sid = session.get("sid")
    seen = session.get("seen", 0)
    if not sid or not user_id.isdigit():
        return None
    now = time.time()
    # One query for the session, its user and their organisation: every request needs the
    # three (the organisation's zone, name, catalogue version), and three round trips were a
    # fifth of a phone's sync request.
    record = db.session.execute(_SESSION_AND_USER, {"sid": sid}).scalar_one_or_none()
    if record is None or record.ended_at is not None or record.user_id != int(user_id) or not record.user.active:
        return None
    # The limits depend on the person's role today, not at sign-in: a mediator made
    # coordinator gets the desk's limits at their next request.
    idle, absolute = session_timeouts(record.user)
    if now - seen > idle.total_seconds() or record.created_at < utcnow() - absolute:
        return None
    if now - seen > _SEEN_REFRESH_SECONDS:
        session["seen"] = int(now)
    return record.user
