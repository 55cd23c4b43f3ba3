"""Passwords: the one policy a chosen password meets, temporary ones set by an admin (shown
once), and the one a person chooses afterwards."""

from __future__ import annotations

import re
import secrets

from flask_babel import gettext as _
from zxcvbn import zxcvbn

from ..database import begin_write
from ..errors import invalid
from ..extensions import db
from ..models import User
from .audit import record_change
from .auth import check_current_password, current_session_id, end_sessions, forget_failed_attempts

# The one password policy: for a password a person chooses, on the password page or the command line.
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 1024
# zxcvbn's estimate (its lists: the 30,000 most common passwords of public leaks, words,
# names, keyboard walks, dates, l33t): below a million guesses a password falls to a guesser
# within the sign-in budgets in a few years, or at once to one who stole the hashes.
_MIN_GUESSES = 10**6
# Words of the service itself are as guessable as the person's own name.
_SERVICE_WORDS = ("mediatap", "pimms", "mediation", "mediateur", "mediatrice")
# No 0/O, 1/l/I: a temporary password is read aloud or copied by hand.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def check_password_policy(password: str, *, email: str = "", name: str = "", field: str = "password") -> None:
    """Refuse a password a guesser would try early: too short, common, or made of the person's
    own e-mail or name (ASVS 2.1.1, 2.1.7). Every place a password is chosen calls this."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise invalid(field, _("Au moins %(min)d caractères.", min=PASSWORD_MIN_LENGTH))
    if len(password) > PASSWORD_MAX_LENGTH:
        raise invalid(field, _("%(max)d caractères au plus.", max=PASSWORD_MAX_LENGTH))
    context = _context_words(email, name)
    # zxcvbn's time grows with the length; what the first 100 characters hold says enough.
    estimate = zxcvbn(password[:100], user_inputs=context)
    own = sum(len(match["token"]) for match in estimate["sequence"] if match.get("dictionary_name") == "user_inputs")
    if own * 2 >= len(password):
        raise invalid(field, _("Ce mot de passe reprend votre nom ou votre adresse e-mail : choisissez-en un autre."))
    if estimate["guesses"] < _MIN_GUESSES:
        if any(match.get("dictionary_name") == "passwords" for match in estimate["sequence"]):
            message = _("Ce mot de passe fait partie des plus courants : choisissez-en un autre.")
        else:
            message = _("Ce mot de passe est trop facile à deviner : une phrase de quelques mots est plus sûre.")
        raise invalid(field, message)


def _context_words(email: str, name: str) -> list[str]:
    """The e-mail, its parts and the name's words: what a guesser who knows the person tries first."""
    email = email.strip().lower()
    local, _at, domain = email.partition("@")
    labels = domain.split(".")[:-1]
    words = [email, local, *re.split(r"[._+\-]", local), *labels, *re.split(r"[.\-]", ".".join(labels))]
    words += name.lower().split()
    words += [name.lower().replace(" ", ""), *_SERVICE_WORDS]
    return [word for word in dict.fromkeys(words) if len(word) >= 3]


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
    forget_failed_attempts(person)
    end_sessions(person)
    # Never the password itself: the audit trail is read by every admin.
    record_change(actor, "user", person.id, "reset_password", {})
    db.session.commit()
    return password


def change_own_password(user: User, current: str, new: str) -> None:
    """The signed-in person chooses their password (required after a temporary one).

    The current password is checked within a budget of attempts, as at sign-in: a borrowed
    session cannot be used to guess it. Every other session of the person ends.
    """
    begin_write()
    if not check_current_password(user, current):
        raise invalid("current_password", _("Le mot de passe actuel est incorrect."))
    if new == current:
        raise invalid("new_password", _("Choisissez un mot de passe différent de l’actuel."))
    check_password_policy(new, email=user.email, name=user.name, field="new_password")
    user.set_password(new)
    user.must_change_password = False
    end_sessions(user, keep=current_session_id())
    record_change(user, "user", user.id, "change_password", {})
    db.session.commit()
