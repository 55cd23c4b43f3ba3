"""A coordinator's corrections: edit, delete or restore a shift or an intervention, with a reason.

Each correction sets `corrected_at` (the phone's older copy may no longer overwrite the row,
see services/sync/batch.py), leaves an audit entry with the before and after values, and moves
the per-day tallies in the same transaction.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..errors import conflict, invalid, not_found
from ..extensions import db
from ..models import Intervention, InterventionMotif, InterventionType, Shift, Site, User
from ..models.clock import local_day_and_hour, to_naive_utc, utcnow
from .audit import jsonable, record_change
from .sync.interventions import PHONE_FIELDS
from .sync.shifts import move_interventions_site
from .tallies import Deltas, apply_deltas, tally_deltas, tally_snapshot

# What a coordinator may correct on an intervention (its types apart): what the phone sets,
# but the shift it belongs to, the offset it was written with and the tombstone.
INTERVENTION_FIELDS = tuple(name for name in PHONE_FIELDS if name not in {"shift_id", "utc_offset_minutes", "deleted"})


def find_intervention(user: User, intervention_id: uuid.UUID, lock: bool = False) -> Intervention:
    """An intervention of the user's organisation, or 404 (never another organisation's).

    `lock` before a change: a phone's edit of the same row then waits for the correction, or
    the correction for it, and each starts from the row as the other left it.
    """
    query = (
        select(Intervention)
        .where(Intervention.id == intervention_id, Intervention.organisation_id == user.organisation_id)
        .options(selectinload(Intervention.motifs))
    )
    if lock:
        query = query.with_for_update(of=Intervention).execution_options(populate_existing=True)
    row = db.session.scalar(query)
    if row is None:
        raise not_found()
    return row


def find_shift(user: User, shift_id: uuid.UUID, lock: bool = False) -> Shift:
    """A shift of the user's organisation, or 404; `lock` as for find_intervention."""
    query = select(Shift).where(Shift.id == shift_id, Shift.organisation_id == user.organisation_id)
    if lock:
        query = query.with_for_update(of=Shift).execution_options(populate_existing=True)
    shift = db.session.scalar(query)
    if shift is None:
        raise not_found()
    return shift


def correct_intervention(user: User, intervention_id: uuid.UUID, values: dict) -> Intervention:
    """Apply a coordinator's edit of any field of an intervention."""
    row = find_intervention(user, intervention_id, lock=True)
    zone = ZoneInfo(user.organisation.timezone)
    wanted = {name: values[name] for name in INTERVENTION_FIELDS}
    occurred = values["occurred_at"].replace(tzinfo=zone)
    wanted["occurred_at"] = to_naive_utc(occurred)
    wanted["types"] = _type_ids(row, values["types"])
    before = {name: getattr(row, name) for name in INTERVENTION_FIELDS}
    before["types"] = tuple(motif.type_id for motif in row.motifs)
    changes = _changes(before, wanted)
    deltas = tally_deltas([tally_snapshot(row)], -1)
    for name in INTERVENTION_FIELDS:
        setattr(row, name, wanted[name])
    row.utc_offset_minutes = int(occurred.utcoffset().total_seconds() // 60)
    row.occurred_on, row.occurred_hour = local_day_and_hour(row.occurred_at, zone)
    if changes.get("types"):
        row.motifs = [
            InterventionMotif(type_id=type_id, position=index) for index, type_id in enumerate(wanted["types"])
        ]
    _finish(user, row, "intervention", "correct", changes, values["reason"])
    apply_deltas(tally_deltas([tally_snapshot(row)], 1, deltas))
    db.session.commit()
    return row


def set_intervention_deleted(user: User, intervention_id: uuid.UUID, deleted: bool, reason: str) -> Intervention:
    """Delete (deleted=True) or restore an intervention; the row itself is always kept."""
    row = find_intervention(user, intervention_id, lock=True)
    if row.deleted == deleted:
        raise conflict(_("Déjà supprimée.") if deleted else _("Pas supprimée."))
    deltas = tally_deltas([tally_snapshot(row)], -1)
    row.deleted = deleted
    _finish(user, row, "intervention", "delete" if deleted else "restore", {"deleted": [not deleted, deleted]}, reason)
    apply_deltas(tally_deltas([tally_snapshot(row)], 1, deltas))
    db.session.commit()
    return row


def correct_shift(user: User, shift_id: uuid.UUID, values: dict) -> Shift:
    """Apply a coordinator's edit of a shift's line or site, start and end."""
    shift = find_shift(user, shift_id, lock=True)
    zone = ZoneInfo(user.organisation.timezone)
    site_id = None
    if values["site"]:
        site_id = db.session.scalar(
            select(Site.id).where(Site.mission_id == shift.mission_id, Site.code == values["site"])
        )
        if site_id is None:
            raise invalid("site", _("Site inconnu."))
    wanted = {
        "site_id": site_id,
        "started_at": _utc(values["started_at"], zone),
        "ended_at": _utc(values["ended_at"], zone),
    }
    before = {name: getattr(shift, name) for name in wanted}
    changes = _changes(before, wanted)
    if "site_id" in changes:
        deltas = Deltas()
        move_interventions_site(shift, site_id, deltas)
        apply_deltas(deltas)
    for name, value in wanted.items():
        setattr(shift, name, value)
    _finish(user, shift, "shift", "correct", changes, values["reason"])
    db.session.commit()
    return shift


def set_shift_deleted(user: User, shift_id: uuid.UUID, deleted: bool, reason: str) -> Shift:
    """Delete or restore a shift: its hours leave the figures; its interventions stay as they are."""
    shift = find_shift(user, shift_id, lock=True)
    if shift.deleted == deleted:
        raise conflict(_("Déjà supprimée.") if deleted else _("Pas supprimée."))
    shift.deleted = deleted
    _finish(user, shift, "shift", "delete" if deleted else "restore", {"deleted": [not deleted, deleted]}, reason)
    db.session.commit()
    return shift


def _utc(local: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if local is None else to_naive_utc(local.replace(tzinfo=zone))


def _type_ids(row: Intervention, codes: list[str]) -> tuple[int, ...]:
    kinds = dict(
        db.session.execute(
            select(InterventionType.code, InterventionType.id).where(InterventionType.mission_id == row.mission_id)
        ).all()
    )
    unknown = [code for code in codes if code not in kinds]
    if unknown or len(set(codes)) != len(codes):
        raise invalid("types", _("Motif inconnu."))
    if len(codes) > 1 and not row.shift.mission.multi_motif:
        fields = {"types": [_("Cette mission n’accepte qu’un motif par intervention.")]}
        raise invalid(fields=fields)
    return tuple(kinds[code] for code in codes)


def _changes(before: dict, after: dict) -> dict:
    changes = {name: [jsonable(before[name]), jsonable(after[name])] for name in after if before[name] != after[name]}
    if not changes:
        raise invalid("_form", _("Rien n’a changé."), summary=_("Aucune modification à enregistrer."))
    return changes


def _finish(user: User, row, entity: str, action: str, changes: dict, reason: str) -> None:
    now = utcnow()
    row.corrected_at = now
    row.updated_at = now
    record_change(user, entity, row.id, action, changes, reason=reason)
