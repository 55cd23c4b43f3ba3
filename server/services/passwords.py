"""Passwords set by an admin (temporary, shown once) and chosen by the person afterwards."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _

from ..database import begin_write
from ..errors import invalid
from ..extensions import db
from ..models import User
from .audit import record_change
from .auth import end_sessions

# The one password policy: for a password a person chooses, on the password page or the command line.
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 1024
# No 0/O, 1/l/I: a temporary password is read aloud or copied by hand.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def temporary_password() -> str:
    """Twelve characters in three groups (about 59 bits), easy to dictate."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def check_password_policy(password: str, field: str) -> None:
    """Refuse a chosen password the policy does not allow, under the form's `field`."""
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise invalid(field, _("Au moins %(min)d caractères.", min=PASSWORD_MIN_LENGTH))


def reset_password(actor: User, person: User) -> str:
    """A new temporary password, shown once to the admin; the person's sessions end."""
    begin_write()
    password = temporary_password()
    person.set_password(password)
    person.must_change_password = True
    person.failed_logins = 0
    end_sessions(person)
    # Never the password itself: the audit trail is read by every admin.
    record_change(actor, "user", person.id, "reset_password", {})
    db.session.commit()
    return password


def change_own_password(user: User, current: str, new: str) -> None:
    """The signed-in person chooses their password (required after a temporary one)."""
    begin_write()
    if not user.check_password(current):
        raise invalid("current_password", _("Le mot de passe actuel est incorrect."))
    check_password_policy(new, "new_password")
    if new == current:
        raise invalid("new_password", _("Choisissez un mot de passe différent de l’actuel."))
    user.set_password(new)
    user.must_change_password = False
    record_change(user, "user", user.id, "change_password", {})
    db.session.commit()
