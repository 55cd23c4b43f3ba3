"""Organisations: created by the installation's superuser (CLI), then set up by their admins."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..database import begin_write
from ..errors import invalid
from ..extensions import db
from ..models import Organisation, User
from .audit import record_change
from .catalogue_copy import copy_catalogue
from .editing import apply_changes, commit_change
from .logo import checked_logo
from .people import create_person
from .shift_tallies import move_shift_hours

RETENTION_DAYS_RANGE = (1, 3650)


def valid_timezone(name: str) -> bool:
    return name in available_timezones()


def create_organisation(
    name: str, timezone: str = "Europe/Paris", admin: dict | None = None, catalogue_from: str | None = None
) -> Organisation:
    """A new organisation, with its first admin (email, name, password) when given, and the
    catalogue of the organisation named `catalogue_from` when given.

    The superuser's command: the admin is created as `users create` does (see services/people.py).
    """
    begin_write()
    name = name.strip()
    if not name:
        raise invalid("name", _("Indiquez un nom."))
    _check_name_free(name)
    if not valid_timezone(timezone):
        raise invalid("timezone", _("Fuseau horaire inconnu."))
    source = find_organisation(catalogue_from, "catalogue_from") if catalogue_from is not None else None
    organisation = Organisation(name=name, timezone=timezone)
    db.session.add(organisation)
    db.session.flush()
    if source is not None:
        copy_catalogue(None, source, organisation)
    if admin:
        create_person(None, dict(admin, role="admin"), organisation)
    db.session.commit()
    return organisation


def find_organisation(name: str, field: str = "organisation") -> Organisation:
    """The organisation a command names, by its name or, when names are alike, by its number.

    Names need not be unique (an admin renames their organisation without being told another
    uses the name): the superuser, who sees every organisation, is asked for the number then.
    """
    name = name.strip()
    query = select(Organisation).where(Organisation.name == name).order_by(Organisation.id)
    named = db.session.scalars(query).all()
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        numbers = ", ".join(str(organisation.id) for organisation in named)
        raise invalid(
            field, _("Plusieurs organisations portent ce nom (n° %(numbers)s) : donnez le numéro.", numbers=numbers)
        )
    numbered = db.session.get(Organisation, int(name)) if name.isdigit() else None
    if numbered is None:
        raise invalid(field, _("Aucune organisation ne porte ce nom."))
    return numbered


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
    begin_write()
    organisation = actor.organisation
    # Another organisation may carry the same name: refusing it would tell the admin so.
    name = values["name"].strip()
    if not valid_timezone(values["timezone"]):
        raise invalid("timezone", _("Fuseau horaire inconnu."))
    settings = {"name": name, "timezone": values["timezone"], "note_retention_days": values["note_retention_days"]}
    before = organisation.zone

    def on_change(changes: dict) -> None:
        if "timezone" in changes:
            # The figures count a shift on its local day, now in the new zone (its
            # interventions keep the day they were logged on).
            move_shift_hours(organisation.id, before, organisation.zone)

    return commit_change(
        actor, "organisation", organisation, "update", apply_changes(organisation, settings), on_change=on_change
    )


def set_logo(actor: User, data: bytes, filename: str) -> None:
    """Store the printed report's logo after checking its size and kind."""
    begin_write()
    organisation = actor.organisation
    organisation.logo_type, organisation.logo = checked_logo(data)
    record_change(actor, "organisation", organisation.id, "logo", {"logo": [None, filename[:100]]})
    db.session.commit()


def remove_logo(actor: User) -> None:
    """Take the logo off the printed report."""
    begin_write()
    organisation = actor.organisation
    if organisation.logo_type is not None:
        organisation.logo, organisation.logo_type = None, None
        record_change(actor, "organisation", organisation.id, "logo", {"logo": ["logo", None]})
        db.session.commit()


def _check_name_free(name: str) -> None:
    # The superuser creating an organisation sees every name anyway: a new one is told apart.
    taken = select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    if db.session.scalar(taken) is not None:
        raise invalid("name", _("Une organisation porte déjà ce nom."))
