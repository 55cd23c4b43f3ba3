"""A mission's intervention types, the buttons on the phone: add, rename, reorder, retire.

Records point at a type by id, so renaming or retiring one never rewrites them. Reports show a
type's current label: a rename is meant for spelling and wording; a different meaning is a new
type (retire the old one), which keeps past figures under their own line.
"""

from __future__ import annotations

from flask_babel import gettext as _

from ..database import begin_write
from ..models import InterventionType, Mission, User
from .audit import record_change
from .editing import add_created, labels
from .missions import change_catalogue, find_part, new_part, publish_catalogue


def find_type(actor: User, mission_id: int, type_id: int) -> InterventionType:
    """A type of that mission of the actor's organisation, or a 404."""
    return find_part(actor, InterventionType, mission_id, type_id)


def add_type(actor: User, mission: Mission, values: dict) -> InterventionType:
    """A new button, placed last among the mission's types."""
    begin_write()
    taken = _("Cette mission a déjà un type avec ce code (peut-être retiré) : choisissez-en un autre.")
    kind = InterventionType(mission=mission, **new_part(mission.types, values, taken))
    add_created(actor, "intervention_type", kind)
    publish_catalogue(actor)
    return kind


def rename_type(actor: User, kind: InterventionType, values: dict) -> dict:
    """Change the French or English label; past records keep their type."""
    return change_catalogue(actor, "intervention_type", kind, "update", labels(values))


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
