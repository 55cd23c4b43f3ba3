"""A mission's intervention types, the buttons on the phone: add, rename, reorder, retire.

Records point at a type by id, so renaming or retiring one never rewrites them. Reports show a
type's current label: a rename is meant for spelling and wording; a different meaning is a new
type (retire the old one), which keeps past figures under their own line.
"""

from __future__ import annotations

from flask_babel import gettext as _

from ..database import begin_write
from ..errors import invalid, not_found
from ..extensions import db
from ..models import InterventionType, Mission, User
from .audit import record_change
from .missions import change_catalogue, find_mission, publish_catalogue


def find_type(actor: User, mission_id: int, type_id: int) -> InterventionType:
    """A type of that mission of the actor's organisation, or a 404."""
    mission = find_mission(actor, mission_id)
    kind = db.session.get(InterventionType, type_id)
    if kind is None or kind.mission_id != mission.id:
        raise not_found()
    return kind


def add_type(actor: User, mission: Mission, values: dict) -> InterventionType:
    """A new button, placed last among the mission's types."""
    begin_write()
    if any(kind.code == values["code"] for kind in mission.types):
        message = _("Cette mission a déjà un type avec ce code (peut-être retiré) : choisissez-en un autre.")
        raise invalid("code", message)
    kind = InterventionType(
        mission=mission,
        code=values["code"],
        label=values["label"].strip(),
        label_en=(values.get("label_en") or "").strip(),
        position=max((kind.position for kind in mission.types), default=-1) + 1,
    )
    db.session.add(kind)
    db.session.flush()
    created = {"code": [None, kind.code], "label": [None, kind.label]}
    record_change(actor, "intervention_type", kind.id, "create", created)
    publish_catalogue(actor)
    return kind


def rename_type(actor: User, kind: InterventionType, values: dict) -> dict:
    """Change the French or English label; past records keep their type."""
    cleaned = {"label": values["label"].strip(), "label_en": (values.get("label_en") or "").strip()}
    return change_catalogue(actor, "intervention_type", kind, "update", cleaned)


def move_type(actor: User, kind: InterventionType, offset: int) -> None:
    """Swap a type with its neighbour (-1: up, +1: down) in the order of the phone's buttons."""
    begin_write()
    ordered = list(kind.mission.types)
    index = ordered.index(kind)
    target = index + offset
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    # Renumbering all of them repairs equal or gapped positions left by older data.
    for position, each in enumerate(ordered):
        each.position = position
    record_change(actor, "intervention_type", kind.id, "move", {"position": [index, target]})
    publish_catalogue(actor)


def set_type_active(actor: User, kind: InterventionType, active: bool) -> None:
    """Retire a type (gone from phones at their next sync, kept in reports) or bring it back."""
    change_catalogue(actor, "intervention_type", kind, "restore" if active else "retire", {"active": active})
