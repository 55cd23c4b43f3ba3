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

PASSWORD_MIN_LENGTH = 8
# No 0/O, 1/l/I: a temporary password is read aloud or copied by hand.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def temporary_password() -> str:
    """Twelve characters in three groups (about 59 bits), easy to dictate."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


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
    if new == current:
        raise invalid("new_password", _("Choisissez un mot de passe différent de l’actuel."))
    user.set_password(new)
    user.must_change_password = False
    record_change(user, "user", user.id, "change_password", {})
    db.session.commit()
