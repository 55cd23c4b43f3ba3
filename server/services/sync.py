"""Applying a phone's sync batch: one result per record, never a second row for an id.

A record is identified by the UUID the phone gave it at the tap. Replaying a batch, sending
it twice in parallel or weeks later is harmless: identical content is `unchanged`, a newer
edit by its author is `updated`, anything else is reported, never silently applied.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..errors import ApiError
from ..extensions import db
from ..models import (
    Intervention,
    InterventionMotif,
    InterventionType,
    Mission,
    Shift,
    Site,
    SyncBatch,
    User,
)
from ..models.clock import iso_utc, local_day_and_hour, to_naive_utc, utcnow
from ..schemas.sync import InterventionRecordSchema, ShiftRecordSchema
from .audit import jsonable, record_change

_shift_schema = ShiftRecordSchema()
_intervention_schema = InterventionRecordSchema()
_ATTEMPTS = 3


@dataclass
class _Batch:
    """What every record of one request is checked against, loaded once."""

    user: User
    device_id: str
    zone: ZoneInfo
    now: datetime
    missions: dict[str, Mission]
    missions_by_id: dict[int, Mission]
    sites: dict[tuple[int, str], Site]
    types: dict[tuple[int, str], InterventionType]
    shifts: dict[uuid.UUID, Shift] = field(default_factory=dict)
    results: list[dict] = field(default_factory=list)

    def result(self, record_id, status: str, errors: dict | None = None) -> None:
        entry = {"id": str(record_id) if record_id is not None else None, "status": status}
        if errors:
            entry["errors"] = errors
        self.results.append(entry)


def apply_sync_batch(user: User, envelope: dict) -> dict:
    """Store what a phone sends and tell it, record by record, what became of each."""
    # The real object, not Flask-Login's proxy: it is read a few times for every record.
    user = getattr(user, "_get_current_object", lambda: user)()
    shifts, interventions = envelope["shifts"], envelope["interventions"]
    limit = current_app.config["SYNC_MAX_RECORDS"]
    if len(shifts) + len(interventions) > limit:
        raise ApiError(413, "too_many_records", _("Au plus %(limit)d enregistrements par requête.", limit=limit))
    # Validation is pure CPU: do it before taking SQLite's write lock (held from the first
    # query of a POST, here the session lookup) so another worker can write meanwhile.
    db.session.commit()
    rejected: list[dict] = []
    shift_records = _validated(_shift_schema, shifts, rejected)
    intervention_records = _validated(_intervention_schema, interventions, rejected)
    for attempt in range(_ATTEMPTS):
        try:
            batch = _load_batch(user, envelope["device_id"])
            batch.results.extend(rejected)
            _apply_shifts(batch, shift_records)
            _apply_interventions(batch, intervention_records)
            _log_batch(batch, envelope)
            db.session.commit()
            break
        except IntegrityError:
            # Another request inserted one of these ids between our read and our write
            # (PostgreSQL only: SQLite writers are serialised by BEGIN IMMEDIATE). Running the
            # batch again sees that row and answers `unchanged` or `conflict` for it.
            db.session.rollback()
            if attempt == _ATTEMPTS - 1:
                raise
    return {
        "server_time": iso_utc(batch.now),
        "catalogue_version": user.organisation.catalogue_version,
        "results": batch.results,
    }


def _load_batch(user: User, device_id: str) -> _Batch:
    organisation = user.organisation
    missions = db.session.scalars(select(Mission).where(Mission.organisation_id == organisation.id)).all()
    mission_ids = [mission.id for mission in missions]
    sites = db.session.scalars(select(Site).where(Site.mission_id.in_(mission_ids))).all()
    types = db.session.scalars(select(InterventionType).where(InterventionType.mission_id.in_(mission_ids))).all()
    return _Batch(
        user=user,
        device_id=device_id,
        zone=ZoneInfo(organisation.timezone),
        now=utcnow(),
        missions={mission.code: mission for mission in missions},
        missions_by_id={mission.id: mission for mission in missions},
        sites={(site.mission_id, site.code): site for site in sites},
        types={(kind.mission_id, kind.code): kind for kind in types},
    )


def _validated(schema, raws: list[dict], rejected: list[dict]) -> list[dict]:
    valid = []
    for raw in raws:
        try:
            valid.append(schema.load(raw))
        except ValidationError as err:
            record_id = raw.get("id")
            rejected.append(
                {"id": record_id if isinstance(record_id, str) else None, "status": "invalid", "errors": err.messages}
            )
    return valid


# --- shifts -------------------------------------------------------------------------------


def _apply_shifts(batch: _Batch, records: list[dict]) -> None:
    ids = [record["id"] for record in records]
    if ids:
        query = select(Shift).where(Shift.id.in_(ids)).options(selectinload(Shift.teammates))
        batch.shifts.update({shift.id: shift for shift in db.session.scalars(query)})
    for record in records:
        values, errors = _resolve_shift(batch, record)
        if errors:
            batch.result(record["id"], "invalid", errors)
            continue
        current = batch.shifts.get(record["id"])
        if current is None:
            batch.shifts[record["id"]] = _create_shift(batch, record, values)
            batch.result(record["id"], "created")
        else:
            status, errors = _reconcile(batch, current, values, record, "shift", _shift_snapshot, _apply_shift_values)
            batch.result(record["id"], status, errors)


def _resolve_shift(batch: _Batch, record: dict) -> tuple[dict, dict]:
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


def _colleagues(user: User, ids: list[int]) -> list[User]:
    query = select(User).where(User.organisation_id == user.organisation_id, User.id.in_(ids))
    return list(db.session.scalars(query))


def _shift_snapshot(shift: Shift) -> dict:
    return {
        "mission_id": shift.mission_id,
        "site_id": shift.site_id,
        "started_at": shift.started_at,
        "ended_at": shift.ended_at,
        "teammates": tuple(sorted(user.id for user in shift.teammates)),
        "deleted": shift.deleted,
    }


def _apply_shift_values(shift: Shift, values: dict) -> None:
    for name, value in values.items():
        if name == "teammates":
            shift.teammates = [db.session.get(User, user_id) for user_id in value]  # identity map: no query
        else:
            setattr(shift, name, value)


def _create_shift(batch: _Batch, record: dict, values: dict) -> Shift:
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
    _apply_shift_values(shift, values)
    db.session.add(shift)
    # Interventions of this batch are bulk-inserted and must find their shift row.
    db.session.flush()
    return shift


# --- interventions ------------------------------------------------------------------------


def _apply_interventions(batch: _Batch, records: list[dict]) -> None:
    _load_missing_shifts(batch, {record["shift_id"] for record in records})
    ids = [record["id"] for record in records]
    existing: dict[uuid.UUID, Intervention] = {}
    if ids:
        query = select(Intervention).where(Intervention.id.in_(ids)).options(selectinload(Intervention.motifs))
        existing = {row.id: row for row in db.session.scalars(query)}
    new_rows: dict[uuid.UUID, tuple[dict, dict]] = {}
    motif_rows: list[dict] = []
    for record in records:
        values, errors = _resolve_intervention(batch, record)
        if errors:
            batch.result(record["id"], "invalid", errors)
            continue
        current = existing.get(record["id"])
        if current is not None:
            status, errors = _reconcile(
                batch, current, values, record, "intervention", _intervention_snapshot, _apply_intervention_values
            )
            batch.result(record["id"], status, errors)
        elif record["id"] in new_rows:
            # The same id twice in one request: only a byte-identical repeat is harmless.
            same = new_rows[record["id"]][1] == values
            batch.result(record["id"], "unchanged" if same else "conflict", None if same else _conflict("duplicate"))
        else:
            new_rows[record["id"]] = (_new_intervention_row(batch, record, values), values)
            motif_rows.extend(
                {"intervention_id": record["id"], "type_id": type_id, "position": position}
                for position, type_id in enumerate(values["type_ids"])
            )
            batch.result(record["id"], "created")
    if new_rows:
        # Core bulk inserts: the unit of work would double the cost of a 1,000-record batch.
        db.session.execute(insert(Intervention.__table__), [row for row, _values in new_rows.values()])
        db.session.execute(insert(InterventionMotif.__table__), motif_rows)


def _load_missing_shifts(batch: _Batch, shift_ids: set[uuid.UUID]) -> None:
    missing = shift_ids - batch.shifts.keys()
    if missing:
        batch.shifts.update(
            {shift.id: shift for shift in db.session.scalars(select(Shift).where(Shift.id.in_(missing)))}
        )


def _resolve_intervention(batch: _Batch, record: dict) -> tuple[dict, dict]:
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
    occurred_at = to_naive_utc(record["occurred_at"])
    offset = record["occurred_at"].utcoffset()
    values = {
        "shift_id": shift.id,
        "occurred_at": occurred_at,
        "utc_offset_minutes": int(offset.total_seconds() // 60) if offset else 0,
        "type_ids": tuple(type_ids),
        "deleted": record["deleted"],
    }
    for name in (
        "gender",
        "age_band",
        "place",
        "people",
        "duration",
        "mask_reminder",
        "mask_outcome",
        "rating",
        "note",
    ):
        values[name] = record[name]
    if values["note"] is not None:
        values["note"] = values["note"].strip() or None
    return values, {}


def _new_intervention_row(batch: _Batch, record: dict, values: dict) -> dict:
    shift = batch.shifts[values["shift_id"]]
    day, hour = local_day_and_hour(values["occurred_at"], batch.zone)
    row = {name: value for name, value in values.items() if name != "type_ids"}
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


_SNAPSHOT_FIELDS = (
    "shift_id",
    "occurred_at",
    "utc_offset_minutes",
    "gender",
    "age_band",
    "place",
    "people",
    "duration",
    "mask_reminder",
    "mask_outcome",
    "rating",
    "note",
    "deleted",
)


def _intervention_snapshot(row: Intervention) -> dict:
    values = {name: getattr(row, name) for name in _SNAPSHOT_FIELDS}
    values["type_ids"] = tuple(motif.type_id for motif in row.motifs)
    return values


def _apply_intervention_values(row: Intervention, values: dict, zone: ZoneInfo) -> None:
    for name in _SNAPSHOT_FIELDS:
        setattr(row, name, values[name])
    row.occurred_on, row.occurred_hour = local_day_and_hour(row.occurred_at, zone)
    if tuple(motif.type_id for motif in row.motifs) != values["type_ids"]:
        row.motifs = [
            InterventionMotif(type_id=type_id, position=position) for position, type_id in enumerate(values["type_ids"])
        ]


# --- shared ---------------------------------------------------------------------------------


def _conflict(reason: str) -> dict:
    messages = {
        "owner": _("Cet enregistrement appartient à quelqu’un d’autre."),
        "corrected": _("Un coordinateur a corrigé cet enregistrement ; votre version n’a pas été appliquée."),
        "stale": _("Le serveur détient une autre version de cet enregistrement."),
        "duplicate": _("Le même enregistrement a été envoyé deux fois avec un contenu différent."),
    }
    return {"_record": [messages[reason]], "reason": [reason]}


def _reconcile(batch: _Batch, row, values: dict, record: dict, entity: str, snapshot, apply) -> tuple[str, dict | None]:
    user = batch.user
    if row.organisation_id != user.organisation_id or row.mediator_id != user.id:
        return "conflict", _conflict("owner")
    if row.deleted:
        # Whoever deleted it, a tombstone replay is what the phone wants; anything else
        # must not bring the record back to life.
        return ("unchanged", None) if values["deleted"] else ("gone", {"_record": [_("Supprimé sur le serveur.")]})
    before = snapshot(row)
    if before == values:
        return "unchanged", None
    if row.corrected_at is not None:
        return "conflict", _conflict("corrected")
    updated_at = to_naive_utc(record["updated_at"])
    if updated_at <= row.client_updated_at:
        return "conflict", _conflict("stale")
    if entity == "intervention":
        apply(row, values, batch.zone)
    else:
        apply(row, values)
    row.client_updated_at = updated_at
    row.updated_at = batch.now
    changes = {
        name: [jsonable(before[name]), jsonable(values[name])] for name in values if before[name] != values[name]
    }
    action = "delete" if values["deleted"] else "update"
    record_change(user, entity, row.id, action, changes, reason="sync")
    return "updated", None


def _clamped_skew(client_time: datetime, now: datetime) -> int:
    # A phone may report any year at all; ten years either way already says "clock wrong".
    limit = 10 * 366 * 86400
    return max(-limit, min(limit, int((client_time - now).total_seconds())))


def _log_batch(batch: _Batch, envelope: dict) -> None:
    statuses: dict[str, int] = {}
    for result in batch.results:
        statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    client_time = to_naive_utc(envelope["client_time"])
    db.session.add(
        SyncBatch(
            organisation_id=batch.user.organisation_id,
            user_id=batch.user.id,
            device_id=batch.device_id,
            client_time=client_time,
            server_time=batch.now,
            clock_skew_seconds=_clamped_skew(client_time, batch.now),
            record_count=len(batch.results),
            statuses=statuses,
        )
    )
