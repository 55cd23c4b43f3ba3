"""Applying a phone's sync batch: one result per record, never a second row for an id.

A record is identified by the UUID the phone gave it at the tap. Replaying a batch, sending
it twice in parallel or weeks later is harmless: identical content is `unchanged`, a newer
edit by its author is `updated`, anything else is reported, never silently applied.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from ...database import begin_write
from ...errors import password_change_required, too_many_records
from ...extensions import db
from ...models import SyncBatch, User
from ...models.clock import iso_utc, to_naive_utc, utcnow
from ...schemas.sync import TIME_FIELDS, InterventionRecordSchema, ShiftRecordSchema, clock_error
from ..devices import record_device
from ..tallies import apply_deltas
from .batch import Batch
from .catalogue import catalogue_rows
from .interventions import apply_interventions
from .rejections import bounded_errors, log_rejections
from .shifts import apply_shifts

_shift_schema = ShiftRecordSchema()
_intervention_schema = InterventionRecordSchema()
_ATTEMPTS = 3
# A Core insert on the table, built once: the unit of work's flush, or even the ORM's bulk
# insert, cost more than the row itself, every request.
_INSERT_LOG = insert(SyncBatch.__table__).returning(SyncBatch.__table__.c.id)


def apply_sync_batch(user: User, envelope: dict) -> dict:
    """Store what a phone sends and tell it, record by record, what became of each."""
    # The real object, not Flask-Login's proxy: it is read a few times for every record.
    user = getattr(user, "_get_current_object", lambda: user)()
    if user.must_change_password:
        # Nothing is filed under a temporary password an admin read out: the phone keeps
        # every record (it drops one only on a per-record result) until the person chose theirs.
        raise password_change_required()
    shifts, interventions = envelope["shifts"], envelope["interventions"]
    limit = current_app.config["SYNC_MAX_RECORDS"]
    if len(shifts) + len(interventions) > limit:
        raise too_many_records(_("Au plus %(limit)d enregistrements par requête.", limit=limit))
    # Validation is pure CPU: done before the write transaction, so another worker can write meanwhile.
    rejected: list[dict] = []
    spellings: dict = {}
    shift_records = _validated(_shift_schema, shifts, rejected, spellings)
    intervention_records = _validated(_intervention_schema, interventions, rejected, spellings)
    for attempt in range(_ATTEMPTS):
        try:
            begin_write()
            batch = _load_batch(user, envelope["device_id"])
            batch.spellings = spellings
            batch.results.extend(rejected)
            apply_shifts(batch, shift_records)
            apply_interventions(batch, intervention_records)
            apply_deltas(batch.tallies)
            _log_batch(batch, envelope)
            record_device(user, envelope["device_id"], envelope.get("device"), batch.now)
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
        "catalogue_version": batch.catalogue_version,
        "results": batch.results,
    }


def _validated(schema, raws: list[dict], rejected: list[dict], spellings: dict) -> list[dict]:
    valid = []
    for raw in raws:
        try:
            record = schema.load(raw)
        except ValidationError as err:
            record_id = raw.get("id")
            # The sender's key names come back in the errors: cut to size once, here.
            errors = bounded_errors(err.messages)
            if _clock_wrong(raw, errors):
                # A code the phone recognises, beside the field's message: the record is not
                # wrong, the phone's clock is; the app explains and offers to fix the time.
                errors = {**errors, "reason": ["clock"]}
            rejected.append(
                {"id": record_id if isinstance(record_id, str) else None, "status": "invalid", "errors": errors}
            )
            continue
        if raw["id"] != str(record["id"]):
            # Upper case, braces, no hyphens: the phone matches its result by the text it sent.
            spellings[record["id"]] = raw["id"]
        valid.append(record)
    return valid


def _clock_wrong(raw: dict, errors: dict) -> bool:
    """Whether a time field was refused for being out of any right clock's reach."""
    for name in TIME_FIELDS:
        value = raw.get(name) if name in errors else None
        if not isinstance(value, str):
            continue
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            continue
        if parsed.tzinfo is not None and clock_error(parsed) is not None:
            return True
    return False


def _load_batch(user: User, device_id: str) -> Batch:
    organisation = user.organisation
    catalogue = catalogue_rows(organisation)
    return Batch(
        user=user,
        device_id=device_id,
        zone=organisation.zone,
        now=utcnow(),
        catalogue_version=organisation.catalogue_version,
        missions=catalogue.missions,
        missions_by_id=catalogue.missions_by_id,
        sites=catalogue.sites,
        types=catalogue.types,
    )


def _clamped_skew(client_time: datetime, now: datetime) -> int:
    # A phone may report any year at all; ten years either way already says "clock wrong".
    limit = 10 * 366 * 86400
    return max(-limit, min(limit, int((client_time - now).total_seconds())))


def _log_batch(batch: Batch, envelope: dict) -> None:
    statuses: dict[str, int] = {}
    for result in batch.results:
        statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    client_time = to_naive_utc(envelope["client_time"])
    row = {
        "organisation_id": batch.user.organisation_id,
        "user_id": batch.user.id,
        "device_id": batch.device_id,
        "client_time": client_time,
        "server_time": batch.now,
        "clock_skew_seconds": _clamped_skew(client_time, batch.now),
        "record_count": len(batch.results),
        "statuses": statuses,
    }
    log_id = db.session.execute(_INSERT_LOG, row).scalar_one()
    log_rejections(batch, envelope, log_id)
