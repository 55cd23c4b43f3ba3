"""Shift records of a sync batch."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Intervention, Shift, User
from ...models.clock import to_naive_utc
from ..intervention_edit import move_shift_interventions
from ..shift_tallies import ShiftHoursWatch
from .batch import Batch, locked_by_id, reconcile


def apply_shifts(batch: Batch, records: list[dict]) -> None:
    """Create, update or report each validated shift record."""
    ids = [record["id"] for record in records]
    batch.shifts.update(locked_by_id(Shift, ids, selectinload(Shift.teammates)))
    resolved = [(record, *_resolve(batch, record)) for record in records]
    hours = _watch_hours(batch, resolved)
    for record, values, errors in resolved:
        current = batch.shifts.get(record["id"])
        # A shift a coordinator moved answers as any corrected record does (reconcile below):
        # the phone's copy still names the mission it had.
        if (
            not errors
            and current is not None
            and current.mission_id != values["mission_id"]
            and not current.corrected_at
        ):
            errors = _mission_change_errors(current)
        if errors:
            batch.result(record["id"], "invalid", errors)
        elif current is None:
            batch.shifts[record["id"]] = _create(batch, record, values)
            batch.result(record["id"], "created")
        else:
            status, errors = reconcile(batch, current, values, record["updated_at"], "shift", _snapshot, _apply)
            batch.result(record["id"], status, errors)
    hours.settle(batch.tallies)


# What a shift's hours in the tallies depend on (services/shift_tallies.py).
_HOURS_FIELDS = ("mission_id", "started_at", "ended_at", "teammates", "deleted")


def _watch_hours(batch: Batch, resolved: list[tuple[dict, dict, dict]]) -> ShiftHoursWatch:
    """The shifts whose hours the batch may move, read once before it. Only a record that
    creates a shift or changes one of _HOURS_FIELDS costs a read before and one after: the
    usual request, interventions under an unchanged shift, reads nothing more."""
    watch = ShiftHoursWatch(batch.user.organisation_id, batch.zone)
    for record, values, errors in resolved:
        current = batch.shifts.get(record["id"])
        if errors:
            continue
        if current is None:
            watch.add(record["id"], batch.user.id, values["started_at"], values["ended_at"])
            continue
        before = _snapshot(current)
        if any(before[name] != values[name] for name in _HOURS_FIELDS):
            times = (current.started_at, current.ended_at, values["started_at"], values["ended_at"])
            watch.add(record["id"], current.mediator_id, *times)
    watch.read()
    return watch


def _resolve(batch: Batch, record: dict) -> tuple[dict, dict]:
    errors: dict[str, list[str]] = {}
    mission = batch.missions.get(record["mission"])
    if mission is None:
        return {}, {"mission": [_("Mission inconnue.")]}
    site_id = None
    if record["site"] is not None:
        site = batch.sites.get((mission.id, record["site"]))
        if site is None:
            errors["site"] = [_("Ligne ou site inconnu pour cette mission.")]
        else:
            site_id = site.id
    teammates = sorted(set(record["teammates"]) - {batch.user.id})
    if teammates and len(_colleagues(batch.user, teammates)) != len(teammates):
        errors["teammates"] = [_("Coéquipier inconnu.")]
    values = {
        "mission_id": mission.id,
        "site_id": site_id,
        "started_at": to_naive_utc(record["started_at"]),
        "ended_at": to_naive_utc(record["ended_at"]) if record["ended_at"] else None,
        "teammates": tuple(teammates),
        "deleted": record["deleted"],
    }
    return values, errors


def _mission_change_errors(shift: Shift) -> dict:
    # The interventions already logged name types of the first mission: moving the shift
    # would leave them pointing at another mission's catalogue.
    logged = db.session.scalar(select(func.count()).where(Intervention.shift_id == shift.id))
    if logged:
        return {"mission": [_("La mission d’une vacation ne change plus une fois des interventions saisies.")]}
    return {}


def _colleagues(user: User, ids: list[int]) -> list[User]:
    query = select(User).where(User.organisation_id == user.organisation_id, User.id.in_(ids))
    return list(db.session.scalars(query))


def _snapshot(shift: Shift) -> dict:
    return {
        "mission_id": shift.mission_id,
        "site_id": shift.site_id,
        "started_at": shift.started_at,
        "ended_at": shift.ended_at,
        "teammates": tuple(sorted(user.id for user in shift.teammates)),
        "deleted": shift.deleted,
    }


def _apply(batch: Batch, shift: Shift, values: dict) -> None:
    if shift.site_id != values["site_id"]:
        # Interventions carry their shift's line or site for reports: keep them in step.
        move_shift_interventions(shift, values["site_id"], batch.tallies)
    _set_values(shift, values)


def _set_values(shift: Shift, values: dict) -> None:
    for name, value in values.items():
        if name == "teammates":
            # _resolve loaded these users into the session: get() finds them without a query.
            shift.teammates = [db.session.get(User, user_id) for user_id in value]
        else:
            setattr(shift, name, value)


def _create(batch: Batch, record: dict, values: dict) -> Shift:
    shift = Shift(
        id=record["id"],
        organisation_id=batch.user.organisation_id,
        mediator_id=batch.user.id,
        device_id=batch.device_id,
        client_updated_at=to_naive_utc(record["updated_at"]),
        created_at=batch.now,
        updated_at=batch.now,
        received_at=batch.now,
    )
    _set_values(shift, values)
    db.session.add(shift)
    # Interventions of this batch are bulk-inserted and must find their shift row.
    db.session.flush()
    return shift
