"""Intervention records of a sync batch: the thousands of taps, inserted in bulk."""

from __future__ import annotations

import functools
import uuid

from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import selectinload

from ...database import dialect_insert
from ...extensions import db
from ...models import Intervention, InterventionMotif, Shift
from ...models.clock import local_day_and_hour, to_naive_utc
from ..intervention_edit import PHONE_FIELDS, phone_values, rewrite_intervention
from ..satisfaction import rating_error
from ..tallies import tally_deltas
from .batch import Batch, conflict, locked_by_id, reconcile


def apply_interventions(batch: Batch, records: list[dict]) -> None:
    """Create, update or report each validated intervention record."""
    _load_missing_shifts(batch, {record["shift_id"] for record in records})
    inserted = _insert_new(batch, records)
    ids = [record["id"] for record in records if record["id"] not in inserted]
    existing: dict[uuid.UUID, Intervention] = locked_by_id(Intervention, ids, selectinload(Intervention.motifs))
    new_rows: dict[uuid.UUID, tuple[dict, dict]] = {}
    late_rows: list[dict] = []
    for record in records:
        current = existing.get(record["id"])
        if record["id"] in inserted and record["id"] not in new_rows:
            new_rows[record["id"]] = inserted[record["id"]]
            batch.result(record["id"], "created")
            continue
        if current is not None and current.shift_id != record["shift_id"]:
            batch.result(record["id"], *_shift_change(batch, current))
            continue
        values, errors = _resolve(batch, record, current)
        if errors and current is not None and current.corrected_at is not None and current.mediator_id == batch.user.id:
            # Read against what a coordinator made of the row (a shift moved to another
            # mission: the phone's motifs are the old mission's), the phone's copy is not
            # wrong but outdated: the correction stands, and the phone is told so.
            batch.result(record["id"], "conflict", conflict("corrected"))
        elif errors:
            batch.result(record["id"], "invalid", errors)
        elif current is None and batch.shifts[record["shift_id"]].deleted:
            # A coordinator deleted the shift: nothing new is filed under it.
            batch.result(record["id"], "gone", {"shift_id": [_("Cette vacation a été supprimée sur le serveur.")]})
        elif current is not None:
            status, errors = reconcile(
                batch, current, values, record["updated_at"], "intervention", phone_values, _apply
            )
            batch.result(record["id"], status, errors)
        elif record["id"] in new_rows:
            # The same id twice in one request: only an identical repeat is harmless.
            same = new_rows[record["id"]][1] == values
            batch.result(record["id"], "unchanged" if same else "conflict", None if same else conflict("duplicate"))
        else:
            # New, but not tried by _insert_new (an earlier record of the batch had its id).
            new_rows[record["id"]] = (_new_row(batch, record, values), values)
            late_rows.append(new_rows[record["id"]][0])
            batch.result(record["id"], "created")
    if late_rows:
        # A plain insert: if a parallel request stored one of these ids meanwhile, the
        # IntegrityError runs the batch again (services/sync/__init__.py).
        db.session.execute(insert(Intervention.__table__), sorted(late_rows, key=lambda row: row["id"]))
    if new_rows:
        motif_rows = [
            {"intervention_id": record_id, "type_id": type_id, "position": position}
            for record_id, (_row, values) in new_rows.items()
            for position, type_id in enumerate(values["type_ids"])
        ]
        db.session.execute(insert(InterventionMotif.__table__), motif_rows)
        tally_deltas((dict(row, type_ids=values["type_ids"]) for row, values in new_rows.values()), 1, batch.tallies)


def _insert_new(batch: Batch, records: list[dict]) -> dict[uuid.UUID, tuple[dict, dict]]:
    """Insert the records that are valid as new ones, unless their id is stored already.

    The phone's usual record is new: one INSERT … ON CONFLICT DO NOTHING stores it, and only
    the ids it did not insert (replays, edits) are then read and locked. The insert itself
    locks the new row; on PostgreSQL it waits for a parallel request inserting the same id,
    then leaves that row to the read. Returns {id: (row, values)} of the rows inserted.
    """
    candidates: dict[uuid.UUID, tuple[dict, dict]] = {}
    seen: set[uuid.UUID] = set()
    for record in records:
        if record["id"] in seen:
            continue  # an id sent twice: the repeat is judged with the others, against the first
        seen.add(record["id"])
        values, errors = _resolve(batch, record, None)
        if not errors and not batch.shifts[record["shift_id"]].deleted:
            candidates[record["id"]] = (_new_row(batch, record, values), values)
    if not candidates:
        return {}
    statement = _insert_new_statement(db.session.get_bind().dialect.name)
    # In id order, as rows are locked everywhere: two batches inserting the same new ids in
    # another order would each hold one the other waits for (PostgreSQL).
    rows = [candidates[record_id][0] for record_id in sorted(candidates)]
    inserted = db.session.scalars(statement, rows).all()
    return {record_id: candidates[record_id] for record_id in inserted}


@functools.cache
def _insert_new_statement(dialect_name: str):
    table = Intervention.__table__
    return dialect_insert(table, dialect_name).on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)


def _shift_change(batch: Batch, current: Intervention) -> tuple[str, dict | None]:
    """What a record naming another shift than the stored row's gets: never applied.

    An intervention's shift, and so its mission, line or site and the catalogue its motifs
    come from, is fixed once it is stored: moving it would leave the row's mission and site
    disagreeing with its motifs (the phone never moves one; a coordinator does, on the desk).
    """
    if current.organisation_id != batch.user.organisation_id or current.mediator_id != batch.user.id:
        return "conflict", conflict("owner")
    if current.deleted:
        return "gone", {"_record": [_("Supprimé sur le serveur.")]}
    if current.corrected_at is not None:
        # A coordinator moved it to another shift: their version stands.
        return "conflict", conflict("corrected")
    return "invalid", {"shift_id": [_("Une intervention reste dans la vacation où elle a été saisie.")]}


def _load_missing_shifts(batch: Batch, shift_ids: set[uuid.UUID]) -> None:
    missing = shift_ids - batch.shifts.keys()
    if missing:
        batch.shifts.update({shift.id: shift for shift in db.session.scalars(_SHIFTS, {"ids": list(missing)})})


# Built once: composing it cost as much as running it.
_SHIFTS = select(Shift).where(Shift.id.in_(bindparam("ids", expanding=True)))


def _resolve(batch: Batch, record: dict, current: Intervention | None) -> tuple[dict, dict]:
    shift = batch.shifts.get(record["shift_id"])
    user = batch.user
    if shift is None or shift.organisation_id != user.organisation_id:
        return {}, {"shift_id": [_("Vacation inconnue : envoyez la vacation avant ses interventions.")]}
    if shift.mediator_id != user.id and user.id not in {mate.id for mate in shift.teammates}:
        return {}, {"shift_id": [_("Cette vacation appartient à quelqu’un d’autre.")]}
    mission = batch.missions_by_id[shift.mission_id]
    type_ids = []
    for code in record["types"]:
        # Retired types are still accepted: a phone offline since before the change logged
        # them honestly, and the record must not be lost.
        kind = batch.types.get((mission.id, code))
        if kind is None:
            return {}, {"types": [_("Type d’intervention inconnu pour cette mission : %(code)s", code=code)]}
        type_ids.append(kind.id)
    if len(type_ids) > 1 and not mission.multi_motif:
        return {}, {"types": [_("Cette mission n’accepte qu’un motif par intervention.")]}
    place = record.get("place")
    # A place the row already holds stays accepted (a replay, an undo, an edit of another
    # field) even if the admin has since withdrawn it: what is stored is never refused back.
    if place is not None and place not in mission.places and (current is None or current.place != place):
        return {}, {"place": [_("Ce lieu n’est pas proposé pour cette mission.")]}
    if message := rating_error(mission.rating_scale, record.get("rating")):
        return {}, {"rating": [message]}
    offset = record["occurred_at"].utcoffset()
    values = {name: record[name] for name in PHONE_FIELDS if name in record}
    values.update(
        shift_id=shift.id,
        occurred_at=to_naive_utc(record["occurred_at"]),
        utc_offset_minutes=int(offset.total_seconds() // 60) if offset else 0,
        note=(record["note"] or "").strip() or None,
        type_ids=tuple(type_ids),
    )
    return values, {}


def _new_row(batch: Batch, record: dict, values: dict) -> dict:
    shift = batch.shifts[values["shift_id"]]
    day, hour = local_day_and_hour(values["occurred_at"], batch.zone)
    row = {name: values[name] for name in PHONE_FIELDS}
    row.update(
        id=record["id"],
        organisation_id=batch.user.organisation_id,
        mediator_id=batch.user.id,
        mission_id=shift.mission_id,
        site_id=shift.site_id,
        occurred_on=day,
        occurred_hour=hour,
        device_id=batch.device_id,
        client_updated_at=to_naive_utc(record["updated_at"]),
        created_at=batch.now,
        updated_at=batch.now,
        received_at=batch.now,
    )
    return row


def _apply(batch: Batch, row: Intervention, values: dict) -> None:
    rewrite_intervention(row, values, batch.zone, batch.tallies)
