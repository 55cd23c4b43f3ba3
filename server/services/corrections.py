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

from ..database import begin_write
from ..errors import conflict, invalid, not_found
from ..extensions import db
from ..models import Intervention, InterventionType, Shift, Site, User
from ..models.clock import EARLIEST, FUTURE_MARGIN, as_local, to_naive_utc, utcnow
from .audit import changes_between, record_change
from .intervention_edit import CORRECTABLE_FIELDS, motif_type_ids, move_shift_interventions, rewrite_intervention
from .satisfaction import check_rating
from .shift_tallies import ShiftHoursWatch
from .tallies import Deltas, apply_deltas

# The intervention form's fields, its types apart.
INTERVENTION_FIELDS = CORRECTABLE_FIELDS


def find_intervention(user: User, intervention_id: uuid.UUID, lock: bool = False) -> Intervention:
    """An intervention of the user's organisation, or 404 (never another organisation's).

    `lock` before a change: a phone's edit of the same row then waits for the correction, or
    the correction for it, and each starts from the row as the other left it.
    """
    return _organisation_row(Intervention, user, intervention_id, lock, selectinload(Intervention.motifs))


def find_shift(user: User, shift_id: uuid.UUID, lock: bool = False) -> Shift:
    """A shift of the user's organisation, or 404; `lock` as for find_intervention."""
    return _organisation_row(Shift, user, shift_id, lock)


def _organisation_row(model, user: User, row_id: uuid.UUID, lock: bool, *options):
    query = select(model).where(model.id == row_id, model.organisation_id == user.organisation_id).options(*options)
    if lock:
        query = query.with_for_update(of=model).execution_options(populate_existing=True)
    row = db.session.scalar(query)
    if row is None:
        raise not_found()
    return row


def correct_intervention(user: User, intervention_id: uuid.UUID, values: dict) -> Intervention:
    """Apply a coordinator's edit of any field of an intervention."""
    begin_write()
    row = find_intervention(user, intervention_id, lock=True)
    if "rating" in values:
        check_rating(row.mission_id, values["rating"])
    zone = user.organisation.zone
    occurred = values["occurred_at"].replace(tzinfo=zone)
    wanted = {name: values[name] for name in INTERVENTION_FIELDS if name in values}
    wanted["occurred_at"] = _plausible(
        "occurred_at", _as_typed(row.occurred_at, to_naive_utc(occurred)), row.occurred_at, zone
    )
    wanted["types"] = _type_ids(row, values["types"])
    tallies = Deltas()
    offset = int(occurred.utcoffset().total_seconds() // 60)
    if not apply_correction(user, row, wanted, values["reason"], tallies, offset_minutes=offset):
        raise nothing_changed()
    apply_deltas(tallies)
    db.session.commit()
    return row


def apply_correction(
    user: User,
    row: Intervention,
    wanted: dict,
    reason: str,
    tallies: Deltas,
    offset_minutes: int | None = None,
    action: str = "correct",
) -> dict:
    """Write and audit what of `wanted` differs from the locked row: fields of
    INTERVENTION_FIELDS, `types` as type ids, and for a move `mission_id` and `site_id`.

    Only what changed is written (an untouched field keeps its value to the microsecond), the
    tallies' changes go to `tallies`; returns the entry's changes, {} when nothing differed.
    """
    before = {name: getattr(row, name) for name in wanted if name != "types"}
    if "types" in wanted:
        wanted = dict(wanted, types=tuple(wanted["types"]))
        before["types"] = motif_type_ids(row)
    changes = changes_between(before, wanted)
    if not changes:
        return {}
    changed = {name: wanted[name] for name in changes if name != "types"}
    if "occurred_at" in changed and offset_minutes is not None:
        changed["utc_offset_minutes"] = offset_minutes
    if "types" in changes:
        changed["type_ids"] = wanted["types"]
    rewrite_intervention(row, changed, user.organisation.zone, tallies)
    record_correction(user, row, "intervention", action, changes, reason)
    return changes


def set_intervention_deleted(user: User, intervention_id: uuid.UUID, deleted: bool, reason: str) -> Intervention:
    """Delete (deleted=True) or restore an intervention; the row itself is always kept."""
    begin_write()
    row = find_intervention(user, intervention_id, lock=True)
    tallies = Deltas()
    mark_intervention_deleted(user, row, deleted, reason, tallies)
    apply_deltas(tallies)
    db.session.commit()
    return row


def mark_intervention_deleted(user: User, row: Intervention, deleted: bool, reason: str, tallies: Deltas) -> None:
    """Delete or restore a locked intervention, audited, its tallies' changes added to `tallies`
    (the one way a row leaves or joins the figures at the desk: alone, with its shift, in bulk)."""
    zone = user.organisation.zone
    mark_deleted(
        user,
        row,
        "intervention",
        deleted,
        reason,
        lambda: rewrite_intervention(row, {"deleted": deleted}, zone, tallies),
    )


def correct_shift(user: User, shift_id: uuid.UUID, values: dict) -> Shift:
    """Apply a coordinator's edit of a shift's line or site, start and end."""
    begin_write()
    shift = find_shift(user, shift_id, lock=True)
    zone = user.organisation.zone
    site_id = None
    if values["site"]:
        site_id = db.session.scalar(
            select(Site.id).where(Site.mission_id == shift.mission_id, Site.code == values["site"])
        )
        if site_id is None:
            raise invalid("site", _("Site inconnu."))
    wanted = {
        "site_id": site_id,
        "started_at": _plausible(
            "started_at", _as_typed(shift.started_at, _utc(values["started_at"], zone)), shift.started_at, zone
        ),
        "ended_at": _plausible(
            "ended_at", _as_typed(shift.ended_at, _utc(values["ended_at"], zone)), shift.ended_at, zone
        ),
    }
    changes = changes_between({name: getattr(shift, name) for name in wanted}, wanted)
    if not changes:
        raise nothing_changed()
    tallies = Deltas()
    hours = ShiftHoursWatch(user.organisation_id, zone)
    if "started_at" in changes or "ended_at" in changes:
        times = (shift.started_at, shift.ended_at, wanted["started_at"], wanted["ended_at"])
        hours.add(shift.id, shift.mediator_id, *times)
    hours.read()
    if "site_id" in changes:
        move_shift_interventions(shift, site_id, tallies)
    for name in changes:
        setattr(shift, name, wanted[name])
    hours.settle(tallies)
    apply_deltas(tallies)
    record_correction(user, shift, "shift", "correct", changes, values["reason"])
    db.session.commit()
    return shift


def mark_deleted(user: User, row, entity: str, deleted: bool, reason: str, apply, along: dict | None = None) -> None:
    """Refuse a delete of a deleted row (or a restore of a kept one), else apply and audit it;
    `along` adds to the entry what changed with it (a shift's interventions)."""
    if row.deleted == deleted:
        raise conflict(_("Déjà supprimée.") if deleted else _("Pas supprimée."))
    apply()
    changes = {"deleted": [not deleted, deleted], **(along or {})}
    record_correction(user, row, entity, "delete" if deleted else "restore", changes, reason)


def _utc(local: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if local is None else to_naive_utc(local.replace(tzinfo=zone))


def _as_typed(stored: datetime | None, typed: datetime | None) -> datetime | None:
    """The stored time when the one typed is its minute: a form's time input holds no seconds,
    and sending the form back unchanged must not round the record (nor log that it did)."""
    if stored is not None and typed == stored.replace(second=0, microsecond=0):
        return stored
    return typed


def _plausible(field: str, value: datetime | None, stored: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A typed time, refused beside its field when no record can lie there (a year mistyped);
    a stored time sent back unchanged is the phone's, never refused here."""
    if value is None or value == stored:
        return value
    latest = utcnow() + FUTURE_MARGIN
    if EARLIEST.replace(tzinfo=None) <= value <= latest:
        return value
    first = EARLIEST.astimezone(zone).strftime("%d/%m/%Y")
    last = as_local(latest, zone).strftime("%d/%m/%Y")
    raise invalid(
        field, _("Date impossible : indiquez un moment entre le %(first)s et le %(last)s.", first=first, last=last)
    )


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


def nothing_changed():
    """The refusal of a correction that would change nothing."""
    return invalid("_form", _("Rien n’a changé."), summary=_("Aucune modification à enregistrer."))


def record_correction(user: User, row, entity: str, action: str, changes: dict, reason: str) -> None:
    """Mark a shift or an intervention corrected (the phone's older copy no longer overwrites it)
    and audit the change."""
    now = utcnow()
    row.corrected_at = now
    row.updated_at = now
    record_change(user, entity, row.id, action, changes, reason=reason)
