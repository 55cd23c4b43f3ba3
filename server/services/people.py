"""People of an organisation: create, edit, deactivate, reactivate, reset a password.

Every operation takes the acting admin first and only ever touches rows of the admin's own
organisation. Changes a phone sees (a colleague's name, who is active, a mediator's missions)
bump the catalogue version.

The command line (`flask --app server users ...`) goes through the same operations with the
actor None: the installation's superuser, whom no account names. Its audit entries have no
actor and the reason "cli" (see services/audit.py); the rules are the admin pages' own.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..database import begin_write
from ..errors import conflict, invalid
from ..extensions import db
from ..models import Mission, Organisation, User
from .audit import record_change
from .auth import end_sessions
from .editing import apply_changes, commit_change, find_owned
from .passwords import check_password_policy, temporary_password

# Fields of a person the phones of colleagues (or their own phone) show: a mediator's missions
# follow their pole when none are assigned, and only mediators are listed as teammates.
_CATALOGUE_FIELDS = {"name", "active", "missions", "pole", "role"}


def organisation_partners(organisation_id: int) -> list[str]:
    """The partner names the organisation's missions carry, as a partner account may choose them."""
    query = select(Mission.partner).where(Mission.organisation_id == organisation_id, Mission.partner != "")
    return sorted(set(db.session.scalars(query)))


def _partner(organisation_id: int, values: dict) -> str | None:
    """A partner account's partner: one its organisation's missions name; other roles have none."""
    if values["role"] != "partner":
        return None
    partner = (values.get("partner") or "").strip()
    if not partner:
        raise invalid("partner", _("Choisissez le partenaire dont ce compte verra les chiffres."))
    if partner not in organisation_partners(organisation_id):
        raise invalid("partner", _("Aucune mission de l’organisation n’a ce partenaire."))
    return partner


def list_people(actor: User) -> list[User]:
    """The organisation's people, active ones first, by name."""
    query = select(User).where(User.organisation_id == actor.organisation_id)
    return list(db.session.scalars(query.order_by(User.active.desc(), User.name)))


def organisation_mediators(actor: User) -> list[User]:
    """The mediators of the actor's organisation by name: the desk's filters offer them."""
    query = select(User).where(User.organisation_id == actor.organisation_id, User.role == "mediator")
    return list(db.session.scalars(query.order_by(User.name)))


def find_person(actor: User, person_id: int) -> User:
    """A person of the actor's organisation; anyone else's is a 404, as if it did not exist."""
    return find_owned(actor, User, person_id)


def find_people_by_email(email: str) -> list[User]:
    """The accounts of an address, one per organisation at most (for the command line)."""
    query = select(User).where(User.email == email.strip().lower()).order_by(User.id)
    return list(db.session.scalars(query))


def create_person(actor: User | None, values: dict, organisation: Organisation | None = None) -> tuple[User, str]:
    """Create an account; returns it with its password.

    Without a `password` in `values` it gets a temporary one, shown once and to be changed at
    first sign-in. The command line (actor None) names the organisation and may choose it.
    """
    begin_write()
    organisation = actor.organisation if actor is not None else organisation
    _check_organisation_role(values["role"])
    email = values["email"].strip().lower()
    check_email_free(email, organisation.id)
    password = values.get("password")
    if password is not None:
        check_password_policy(password, email=email, name=values["name"], field="password")
    partner = _partner(organisation.id, values)
    person = User(
        organisation_id=organisation.id,
        email=email,
        name=values["name"].strip(),
        role=values["role"],
        pole=values.get("pole") or None,
        partner=partner,
        # A partner account logs nothing: no mission to log for.
        missions=[] if partner else _missions(organisation.id, values.get("mission_ids", [])),
        must_change_password=password is None,
    )
    password = password if password is not None else temporary_password()
    person.set_password(password)
    db.session.add(person)
    db.session.flush()
    record_change(actor, "user", person.id, "create", _snapshot(person), organisation_id=organisation.id)
    organisation.bump_catalogue()
    db.session.commit()
    return person, password


def update_person(actor: User, person: User, values: dict) -> dict:
    """Edit name, email, role, pole and missions; an admin stays among the active people."""
    begin_write()
    email = values["email"].strip().lower()
    if email != person.email:
        check_email_free(email, person.organisation_id)
    _check_organisation_role(values["role"])
    if person.role == "admin" and values["role"] != "admin":
        _keep_an_admin(person, "role")
    before_missions = sorted(mission.id for mission in person.missions)
    partner = _partner(person.organisation_id, values)
    changes = apply_changes(
        person,
        {
            "name": values["name"].strip(),
            "email": email,
            "role": values["role"],
            "pole": values.get("pole") or None,
            "partner": partner,
        },
    )
    person.missions = [] if partner else _missions(person.organisation_id, values.get("mission_ids", []))
    after_missions = sorted(mission.id for mission in person.missions)
    if before_missions != after_missions:
        changes["missions"] = [before_missions, after_missions]
    _save(actor, person, "update", changes)
    return changes


def set_person_active(actor: User | None, person: User, active: bool) -> None:
    """Deactivate (signs them out everywhere; records and history stay) or reactivate."""
    begin_write()
    if not active:
        if actor is not None and person.id == actor.id:
            raise conflict(_("Vous ne pouvez pas désactiver votre propre compte."))
        if person.role == "admin":
            _keep_an_admin(person, "active")
        end_sessions(person)
    changes = apply_changes(person, {"active": active})
    _save(actor, person, "reactivate" if active else "deactivate", changes)


def _check_organisation_role(role: str) -> None:
    # A network account belongs to no organisation: only the command line creates one.
    if role == "network":
        raise invalid("role", _("Un compte réseau se crée en ligne de commande, hors de toute organisation."))


def _save(actor: User | None, person: User, action: str, changes: dict) -> None:
    if person.organisation_id is not None:
        commit_change(
            actor,
            "user",
            person,
            action,
            changes,
            organisation_id=person.organisation_id,
            on_change=_tell_phones(person),
        )
    else:
        # A network account: the network's trail, as at its creation; no phones to tell.
        commit_change(actor, "user", person, action, changes, network_id=person.network_id)
    # Sessions ended without a change to the row still need their commit.
    db.session.commit()


def _tell_phones(person: User):
    def bump(changes: dict) -> None:
        if _CATALOGUE_FIELDS & changes.keys():
            person.organisation.bump_catalogue()

    return bump


def check_email_free(email: str, organisation_id: int | None) -> None:
    """Refuse an address that already has an account in the organisation (None: among network accounts)."""
    # Only the organisation's own accounts are looked at: refusing an address another
    # organisation uses would tell an admin who works there (issue 10 item 9). Sign-in tells
    # accounts sharing an address apart by their password (services/auth.py).
    scope = User.organisation_id.is_(None) if organisation_id is None else User.organisation_id == organisation_id
    if db.session.scalar(select(User.id).where(User.email == email, scope)) is not None:
        raise invalid("email", _("Cette adresse e-mail a déjà un compte."))


def _keep_an_admin(person: User, field: str) -> None:
    """Refuse to remove the organisation's last active admin."""
    # Locking the organisation row serialises two admins demoting each other at once
    # (PostgreSQL; SQLite already runs one writer at a time).
    db.session.execute(select(Organisation.id).where(Organisation.id == person.organisation_id).with_for_update())
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(
            User.organisation_id == person.organisation_id,
            User.role == "admin",
            User.active.is_(True),
            User.id != person.id,
        )
    )
    if not others:
        message = _("C’est le dernier administrateur actif : nommez-en un autre d’abord.")
        if field == "active":
            raise conflict(message)
        raise invalid(field, message)


def _missions(organisation_id: int, mission_ids) -> list[Mission]:
    ids = {int(mission_id) for mission_id in mission_ids}
    if not ids:
        return []
    missions = db.session.scalars(
        select(Mission).where(Mission.id.in_(ids), Mission.organisation_id == organisation_id)
    ).all()
    if len(missions) != len(ids):
        raise invalid("mission_ids", _("Mission inconnue."))
    return list(missions)


def _snapshot(person: User) -> dict:
    return {
        "name": [None, person.name],
        "email": [None, person.email],
        "role": [None, person.role],
        "pole": [None, person.pole],
        "missions": [None, sorted(mission.id for mission in person.missions)],
        **({"partner": [None, person.partner]} if person.partner else {}),
    }
