"""Moving a shift to another mission and/or line or site, its interventions with it.

A shift logged under the wrong mission (the bus round started as a tram one) keeps its
interventions: each follows the shift, its motifs mapped to the new mission's (the same code
unless the coordinator chose another; a motif with no match must be chosen), and its fields
re-read against the new mission. A field the new mission does not ask takes what the phone
logs there (gender and age band "non renseigné", one person, no duration, mask reminder or
rating, the mission's default place); a place it asks but does not offer becomes none; a
rating on another scale is dropped. The values before stay in each record's audit entry.

Every row moved is marked corrected, so the phone's older copy, replayed, is answered
`conflict` (`corrected`) and never moves it back; the tallies move in the same transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..database import begin_write
from ..errors import conflict, invalid
from ..extensions import db
from ..models import Intervention, InterventionMotif, InterventionType, Mission, Shift, Site, User
from ..models.mission import MISSION_FIELDS
from .corrections import apply_correction, find_shift, nothing_changed, record_correction
from .shift_deletion import ALONG
from .shift_tallies import ShiftHoursWatch
from .tallies import Deltas, apply_deltas

# What the phone logs for a field its mission does not ask (client/js/logging.js and the sync
# schema's defaults); the place is the mission's default place, set apart.
_UNASKED = {
    "gender": {"gender": "unknown"},
    "age_band": {"age_band": "unknown"},
    "people": {"people": 1},
    "duration": {"duration": None},
    "mask_reminder": {"mask_reminder": False, "mask_outcome": None},
    "rating": {"rating": None},
}


@dataclass
class MovePlan:
    """What a move to `mission` asks of the coordinator: a line or site (`site`, the one offered
    first: the shift's own, or the new mission's of the same code or name), a new motif for each
    one the shift's interventions use (`matches` holds the same code's, or None), and the fields
    it resets."""

    mission: Mission
    interventions: int = 0
    site: str | None = None
    used_types: list[InterventionType] = field(default_factory=list)
    matches: dict[int, str | None] = field(default_factory=dict)
    unasked: list[str] = field(default_factory=list)


def destination_missions(user: User) -> list[Mission]:
    """The missions a shift may move to: the organisation's, archived ones apart."""
    query = select(Mission).where(Mission.organisation_id == user.organisation_id, Mission.archived.is_(False))
    return list(db.session.scalars(query.order_by(Mission.position, Mission.label)))


def move_plan(user: User, shift: Shift, mission_code: str | None) -> MovePlan:
    """The plan of moving `shift` to the mission of this code (its own when None or unknown)."""
    mission = _mission(user, mission_code) if mission_code else None
    mission = mission or shift.mission
    count = db.session.scalar(select(func.count()).where(Intervention.shift_id == shift.id))
    site = _same_site(shift.site, mission)
    if mission.id == shift.mission_id:
        return MovePlan(mission, count, site)
    used = db.session.scalars(
        select(InterventionType)
        .where(InterventionType.id.in_(_used_type_ids(shift)))
        .order_by(InterventionType.position, InterventionType.label)
    ).all()
    codes = {kind.code for kind in mission.types}
    return MovePlan(
        mission,
        count,
        site,
        list(used),
        {kind.id: kind.code if kind.code in codes else None for kind in used},
        [name for name in shift.mission.fields if name not in mission.fields],
    )


def _same_site(site: Site | None, mission: Mission) -> str | None:
    """The code of `mission`'s line or site that is `site` (the same code, else the same name):
    a shift moved from "Divia — tram" to "Divia — tram (soirée)" stays on its line."""
    if site is None:
        return None
    offered = [other for other in mission.sites if not other.archived]  # as the form offers them
    for same in (lambda other: other.code == site.code, lambda other: other.label.casefold() == site.label.casefold()):
        found = next((other for other in offered if same(other)), None)
        if found:
            return found.code
    return None


def move_shift(user: User, shift_id: uuid.UUID, values: dict) -> Shift:
    """Move a shift (`mission` and `site` codes) and its interventions, `types` mapping an old
    type's id to the new mission's code (missing: the same code); `reason` goes to each entry."""
    begin_write()
    shift = find_shift(user, shift_id, lock=True)
    if shift.deleted:
        raise conflict(_("Cette vacation est supprimée : restaurez-la avant de la déplacer."))
    mission = _mission(user, values["mission"])
    if mission is None:
        raise invalid("mission", _("Mission inconnue."))
    site_id = None
    if values.get("site"):
        site_id = db.session.scalar(select(Site.id).where(Site.mission_id == mission.id, Site.code == values["site"]))
        if site_id is None:
            raise invalid("site", _("Ligne ou site inconnu pour cette mission."))
    if mission.id == shift.mission_id and site_id == shift.site_id:
        raise nothing_changed()
    rows = _locked_interventions(shift)
    wanted = _wanted(shift, mission, site_id, rows, values.get("types") or {})
    tallies = Deltas()
    # Its hours follow it to the other mission; its times, hence its teammates', stay.
    hours = ShiftHoursWatch(user.organisation_id, user.organisation.zone)
    if mission.id != shift.mission_id:
        hours.add(shift.id)
    hours.read()
    for row in rows:
        apply_correction(user, row, wanted[row.id], values["reason"], tallies, action="relocate")
    changes = {
        name: [before, after]
        for name, before, after in (("mission_id", shift.mission_id, mission.id), ("site_id", shift.site_id, site_id))
        if before != after
    }
    if rows:
        changes[ALONG] = [None, [str(row.id) for row in rows]]
    shift.mission_id, shift.site_id = mission.id, site_id
    record_correction(user, shift, "shift", "relocate", changes, values["reason"])
    hours.settle(tallies)
    apply_deltas(tallies)
    db.session.commit()
    return shift


def _wanted(shift: Shift, mission: Mission, site_id: int | None, rows: list[Intervention], chosen: dict) -> dict:
    """Each row's values in its new mission, or the refusal of the whole move (nothing written)."""
    if mission.id == shift.mission_id:
        return {row.id: {"site_id": site_id} for row in rows}
    new_types = {kind.code: kind.id for kind in mission.types}
    used = {motif.type_id for row in rows for motif in row.motifs}
    old_types = {
        kind.id: kind for kind in db.session.scalars(select(InterventionType).where(InterventionType.id.in_(used)))
    }
    mapping, errors = {}, {}
    for type_id in sorted(used):
        old = old_types[type_id]
        code = chosen.get(type_id) or (old.code if old.code in new_types else None)
        if code not in new_types:
            errors[f"type_{type_id}"] = [
                _(
                    "Choisissez le motif de « %(mission)s » qui remplace « %(type)s ».",
                    mission=mission.label,
                    type=old.label,
                )
            ]
        else:
            mapping[type_id] = new_types[code]
    if errors:
        raise invalid(fields=errors, summary=_("Un motif de la vacation n’a pas d’équivalent : choisissez-le."))
    reset = {}
    for name in MISSION_FIELDS:
        if name not in mission.fields and name != "place":
            reset.update(_UNASKED[name])
    wanted, crowded = {}, 0
    for row in rows:
        types = tuple(dict.fromkeys(mapping[motif.type_id] for motif in row.motifs))
        if len(types) > 1 and not mission.multi_motif:
            crowded += 1
        values = {"mission_id": mission.id, "site_id": site_id, "types": types, **reset}
        if "place" not in mission.fields:
            values["place"] = mission.default_place
        elif row.place is not None and row.place not in mission.places:
            values["place"] = None
        if "rating" in mission.fields and mission.rating_scale != shift.mission.rating_scale:
            values["rating"] = None
        wanted[row.id] = values
    if crowded:
        message = ngettext(
            "%(mission)s n’accepte qu’un motif par intervention et %(num)d intervention de la vacation en a "
            "plusieurs : corrigez-la d’abord.",
            "%(mission)s n’accepte qu’un motif par intervention et %(num)d interventions de la vacation en ont "
            "plusieurs : corrigez-les d’abord.",
            crowded,
            mission=mission.label,
        )
        raise invalid("mission", message)
    return wanted


def _mission(user: User, code: str) -> Mission | None:
    return db.session.scalar(
        select(Mission).where(
            Mission.organisation_id == user.organisation_id, Mission.code == code, Mission.archived.is_(False)
        )
    )


def _used_type_ids(shift: Shift):
    return (
        select(InterventionMotif.type_id)
        .join(Intervention, Intervention.id == InterventionMotif.intervention_id)
        .where(Intervention.shift_id == shift.id)
        .distinct()
    )


def _locked_interventions(shift: Shift) -> list[Intervention]:
    # Deleted ones move too: restored later, they belong to the shift's mission.
    query = (
        select(Intervention)
        .where(Intervention.shift_id == shift.id)
        .options(selectinload(Intervention.motifs))
        .order_by(Intervention.occurred_at, Intervention.id)
        .with_for_update(of=Intervention)
        .execution_options(populate_existing=True)
    )
    return list(db.session.scalars(query))
