"""Organisations: created by the installation's superuser (CLI), then set up by their admins."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..errors import invalid
from ..extensions import db
from ..models import Organisation, User
from .audit import record_change
from .editing import apply_changes
from .logo import checked_logo
from .passwords import check_password_policy

RETENTION_DAYS_RANGE = (1, 3650)


def valid_timezone(name: str) -> bool:
    return name in available_timezones()


def create_organisation(name: str, timezone: str = "Europe/Paris", admin: dict | None = None) -> Organisation:
    """A new organisation, with its first admin (email, name, password) when given."""
    name = name.strip()
    if not name:
        raise invalid("name", _("Indiquez un nom."))
    _check_name_free(name)
    if not valid_timezone(timezone):
        raise invalid("timezone", _("Fuseau horaire inconnu."))
    organisation = Organisation(name=name, timezone=timezone)
    db.session.add(organisation)
    db.session.flush()
    if admin:
        email = admin["email"].strip().lower()
        if db.session.scalar(select(User.id).where(User.email == email)) is not None:
            raise invalid("email", _("Cette adresse e-mail a déjà un compte."))
        check_password_policy(admin["password"], email=email, name=admin["name"])
        user = User(organisation_id=organisation.id, email=email, name=admin["name"], role="admin")
        user.set_password(admin["password"])
        db.session.add(user)
    db.session.commit()
    return organisation


def list_organisations() -> list[tuple[Organisation, int]]:
    """Every organisation with its number of active accounts, for the superuser."""
    active = (
        select(func.count())
        .select_from(User)
        .where(User.organisation_id == Organisation.id, User.active.is_(True))
        .scalar_subquery()
    )
    return [
        (organisation, count)
        for organisation, count in db.session.execute(select(Organisation, active).order_by(Organisation.name))
    ]


def update_settings(actor: User, values: dict) -> dict:
    """Name, time zone and note retention period of the actor's organisation."""
    organisation = actor.organisation
    name = values["name"].strip()
    if name != organisation.name:
        _check_name_free(name, organisation.id)
    if not valid_timezone(values["timezone"]):
        raise invalid("timezone", _("Fuseau horaire inconnu."))
    changes = apply_changes(
        organisation,
        {"name": name, "timezone": values["timezone"], "note_retention_days": values["note_retention_days"]},
    )
    if changes:
        record_change(actor, "organisation", organisation.id, "update", changes)
        db.session.commit()
    return changes


def set_logo(actor: User, data: bytes, filename: str) -> None:
    """Store the printed report's logo after checking its size and kind."""
    organisation = actor.organisation
    organisation.logo_type, organisation.logo = checked_logo(data)
    record_change(actor, "organisation", organisation.id, "logo", {"logo": [None, filename[:100]]})
    db.session.commit()


def remove_logo(actor: User) -> None:
    organisation = actor.organisation
    if organisation.logo_type is not None:
        organisation.logo, organisation.logo_type = None, None
        record_change(actor, "organisation", organisation.id, "logo", {"logo": ["logo", None]})
        db.session.commit()


def _check_name_free(name: str, own_id: int | None = None) -> None:
    taken = select(Organisation.id).where(func.lower(Organisation.name) == name.lower(), Organisation.id != own_id)
    if db.session.scalar(taken) is not None:
        raise invalid("name", _("Une organisation porte déjà ce nom."))
