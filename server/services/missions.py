"""Missions and their sites or lines: create, edit, archive (types: catalogue_admin.py).

Codes are what phones send back in their records, so they are fixed at creation; labels can
change at any time. Archiving hides from phones and keeps every past record and figure.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..database import begin_write
from ..errors import invalid, not_found
from ..extensions import db
from ..models import Mission, Site, User
from ..models.mission import MISSION_FIELDS, MissionPart, places_of_kind
from ..vocabulary import PLACES
from .editing import add_created, apply_changes, audited_change, find_owned, labels, placed_last
from .satisfaction import check_scale_change

# What an admin may change after creation; the code stays as the phones know it.
EDITABLE = (
    "label",
    "label_en",
    "partner",
    "pole",
    "mediation",
    *(f"asks_{name}" for name in MISSION_FIELDS),
    "rating_scale",
    "multi_motif",
    "default_place",
    "places",
)


def list_missions(actor: User) -> list[Mission]:
    """The organisation's missions, archived ones last."""
    query = select(Mission).where(Mission.organisation_id == actor.organisation_id)
    return list(db.session.scalars(query.order_by(Mission.archived, Mission.position, Mission.label)))


def find_mission(actor: User, mission_id: int) -> Mission:
    """A mission of the actor's organisation, or a 404."""
    return find_owned(actor, Mission, mission_id)


def find_part(actor: User, model: type[MissionPart], mission_id: int, part_id: int) -> MissionPart:
    """A site or type (`model`) of that mission of the actor's organisation, or a 404."""
    mission = find_mission(actor, mission_id)
    part = db.session.get(model, part_id)
    if part is None or part.mission_id != mission.id:
        raise not_found()
    return part


def new_part(parts: list[MissionPart], values: dict, taken: str) -> dict:
    """The code, labels and position of a new site or type among the mission's `parts`: its code
    refused (message `taken`) when one of them holds it, retired or archived ones too; placed last."""
    if any(part.code == values["code"] for part in parts):
        raise invalid("code", taken)
    position = max((part.position for part in parts), default=-1) + 1
    return {"code": values["code"], **labels(values), "position": position}


def find_site(actor: User, mission_id: int, site_id: int) -> Site:
    """A site of that mission of the actor's organisation, or a 404."""
    return find_part(actor, Site, mission_id, site_id)


def create_mission(actor: User, values: dict) -> Mission:
    """A new mission, last in the phone's list; its types are added next."""
    begin_write()
    mission = Mission(**placed_last(actor, Mission, values["code"], _("Une mission porte déjà ce code.")))
    cleaned = _mission_values(values)
    if not cleaned.get("places"):
        # Nothing ticked on a new mission: the places of its kind, which the admin refines later.
        cleaned["places"] = places_of_kind(cleaned.get("pole"), cleaned.get("default_place"))
    apply_changes(mission, _checked_places(cleaned))
    add_created(actor, "mission", mission)
    publish_catalogue(actor)
    return mission


def update_mission(actor: User, mission: Mission, values: dict) -> dict:
    """Change a mission's label, partner, places or the fields it asks for; its rating scale while it
    has no rating."""
    begin_write()
    if message := check_scale_change(mission, values.get("rating_scale", mission.rating_scale)):
        raise invalid("rating_scale", message)
    return change_catalogue(actor, "mission", mission, "update", _checked_places(_mission_values(values)))


def set_mission_archived(actor: User, mission: Mission, archived: bool) -> None:
    """Archive (gone from phones at their next sync, figures kept) or bring back."""
    change_catalogue(actor, "mission", mission, "archive" if archived else "unarchive", {"archived": archived})


def add_site(actor: User, mission: Mission, values: dict) -> Site:
    """A new line or site at the end of the mission's list."""
    begin_write()
    placed = new_part(mission.sites, values, _("Cette mission a déjà une ligne ou un site avec ce code."))
    site = Site(mission_id=mission.id, network=(values.get("network") or "").strip(), **placed)
    add_created(actor, "site", site)
    publish_catalogue(actor)
    return site


def update_site(actor: User, site: Site, values: dict) -> dict:
    """Rename a site or change its network; past records keep pointing at the same site."""
    cleaned = {**labels(values), "network": (values.get("network") or "").strip()}
    return change_catalogue(actor, "site", site, "update", cleaned)


def set_site_archived(actor: User, site: Site, archived: bool) -> None:
    change_catalogue(actor, "site", site, "archive" if archived else "unarchive", {"archived": archived})


def _mission_values(values: dict) -> dict:
    cleaned = {name: values[name] for name in EDITABLE if name in values}
    for name in ("label", "label_en", "partner"):
        cleaned[name] = (cleaned.get(name) or "").strip()
    cleaned["default_place"] = cleaned.get("default_place") or None
    if "places" in cleaned:
        # Stored in the vocabulary's order, whatever order they were ticked or sent in.
        chosen = set(cleaned["places"] or ())
        cleaned["places"] = [code for code in PLACES if code in chosen]
    return cleaned


def _checked_places(values: dict) -> dict:
    """Refuse a mission the phone could not log: no place at all, or a default it does not offer."""
    if "places" not in values:
        return values
    if not values["places"]:
        raise invalid("places", _("Cochez au moins un lieu."))
    if values.get("default_place") and values["default_place"] not in values["places"]:
        raise invalid("default_place", _("Le lieu par défaut doit faire partie des lieux proposés."))
    return values


def change_catalogue(actor: User, entity: str, row, action: str, values: dict) -> dict:
    """Apply `values` to a mission, site or type; if anything changed, audit it and publish."""
    begin_write()
    return audited_change(
        actor, entity, row, action, values, on_change=lambda _changes: actor.organisation.bump_catalogue()
    )


def publish_catalogue(actor: User) -> None:
    """Commit a catalogue change under a new version: phones refetch their copy at next sync."""
    actor.organisation.bump_catalogue()
    db.session.commit()
