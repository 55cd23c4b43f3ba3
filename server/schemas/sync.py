"""The sync contract: an envelope of shift and intervention records, one result per record."""

from datetime import datetime, timezone

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..models.clock import EARLIEST, FUTURE_MARGIN
from ..models.intervention import NOTE_MAX_LENGTH
from ..vocabulary import AGE_BANDS, DURATIONS, GENDERS, MASK_OUTCOMES, PLACES
from .common import StrictSchema, Text

STATUSES = ("created", "updated", "unchanged", "conflict", "invalid", "gone")


# Record fields whose time the phone's clock gives.
TIME_FIELDS = ("started_at", "ended_at", "occurred_at", "updated_at")


def clock_error(value: datetime) -> str | None:
    """Why no phone with a right clock sends this time (in the mediator's words), or None."""
    if value > datetime.now(timezone.utc) + FUTURE_MARGIN:
        return _(
            "Cette saisie est datée de plus de 24 h dans le futur : l’horloge du téléphone est sans doute en "
            "avance. Réglez la date et l’heure du téléphone, puis corrigez l’heure de la saisie."
        )
    if value < EARLIEST:
        return _(
            "Cette saisie est datée d’avant 2015 : l’horloge du téléphone est sans doute fausse. Réglez la "
            "date et l’heure du téléphone, puis corrigez l’heure de la saisie."
        )
    return None


def _plausible_time(value: datetime) -> None:
    message = clock_error(value)
    if message is not None:
        raise ValidationError(message)


class IsoTime(fields.AwareDateTime):
    """ISO 8601 with an explicit offset, parsed by the standard library (a sync batch holds
    thousands of them: marshmallow's regex parser is fifty times slower)."""

    def __init__(self, *args, beyond_calendar_ok: bool = False, **kwargs):
        # A time read only to be shown (the device report) may leave the calendar: the
        # reader keeps it as unknown rather than refuse the request.
        self.beyond_calendar_ok = beyond_calendar_ok
        super().__init__(*args, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        if not isinstance(value, str):
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as error:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE) from error
        if parsed.tzinfo is None:
            raise self.make_error("invalid_awareness", awareness=self.AWARENESS, obj_type=self.OBJ_TYPE)
        if self.beyond_calendar_ok:
            return parsed
        try:
            # Year 9999 at -14:00 is year 10000 in UTC, year 1 at +14:00 is year 0: both are
            # beyond Python's calendar, and every stored time is UTC.
            parsed.astimezone(timezone.utc)
        except OverflowError as error:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE) from error
        return parsed


_WITH_OFFSET = {"description": "ISO 8601 with offset (the phone's local time)."}


def _time(**kwargs) -> IsoTime:
    return IsoTime(format="iso", validate=_plausible_time, metadata=_WITH_OFFSET, **kwargs)


class ShiftRecordSchema(StrictSchema):
    id = fields.UUID(required=True)
    mission = Text(required=True, validate=validate.Length(min=1, max=40))
    site = Text(load_default=None, allow_none=True, validate=validate.Length(min=1, max=40))
    started_at = _time(required=True)
    ended_at = _time(load_default=None, allow_none=True)
    teammates = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1)),
        load_default=list,
        validate=validate.Length(max=10),
    )
    updated_at = _time(required=True)
    deleted = fields.Boolean(load_default=False)

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if data.get("ended_at") and data.get("started_at") and data["ended_at"] < data["started_at"]:
            raise ValidationError("A shift cannot end before it starts.", "ended_at")


class InterventionRecordSchema(StrictSchema):
    id = fields.UUID(required=True)
    shift_id = fields.UUID(required=True)
    occurred_at = _time(required=True)
    types = fields.List(
        Text(validate=validate.Length(min=1, max=40)),
        required=True,
        validate=validate.Length(min=1, max=20),
    )
    gender = Text(load_default="unknown", validate=validate.OneOf(GENDERS))
    age_band = Text(load_default="unknown", validate=validate.OneOf(AGE_BANDS))
    place = Text(load_default=None, allow_none=True, validate=validate.OneOf(PLACES))
    people = fields.Integer(load_default=1, strict=True, validate=validate.Range(min=1, max=500))
    duration = Text(load_default=None, allow_none=True, validate=validate.OneOf(DURATIONS))
    mask_reminder = fields.Boolean(load_default=False)
    mask_outcome = Text(load_default=None, allow_none=True, validate=validate.OneOf(MASK_OUTCOMES))
    rating = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=5))
    note = Text(load_default=None, allow_none=True, validate=validate.Length(max=NOTE_MAX_LENGTH))
    updated_at = _time(required=True)
    deleted = fields.Boolean(load_default=False)

    @validates_schema
    def _outcome_needs_reminder(self, data, **kwargs):
        if data.get("mask_outcome") and not data.get("mask_reminder"):
            raise ValidationError("An outcome is only given with a mask reminder.", "mask_outcome")
        if len(set(data.get("types") or [])) != len(data.get("types") or []):
            raise ValidationError("A motif is given twice.", "types")


class DeviceReportSchema(StrictSchema):
    """What the phone says of itself at each sync, for the coordinators' list of devices."""

    pending = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=0, max=10_000_000),
        metadata={"description": "Records waiting on the whole phone, for every account signed in on it."},
    )
    oldest_pending = IsoTime(
        format="iso",
        beyond_calendar_ok=True,
        load_default=None,
        allow_none=True,
        metadata={
            "description": "When the oldest of them was logged (ISO 8601 with offset), or null. A time no "
            "phone could mean (before 2000, after 2100) is kept as unknown: a wrong report never holds "
            "the phone's records back."
        },
    )
    app_version = Text(load_default=None, allow_none=True, validate=validate.Length(max=32))


class SyncRequestSchema(StrictSchema):
    device_id = Text(required=True, validate=validate.Length(min=1, max=64))
    client_time = IsoTime(format="iso", required=True, metadata=_WITH_OFFSET)
    # Optional but never null: OpenAPI 3.0 can only write a nullable object as "any object",
    # and the document must say exactly what is accepted.
    device = fields.Nested(
        DeviceReportSchema,
        load_default=None,
        allow_none=False,
        metadata={"description": "Optional: the phone's own report, shown on the desk's page of devices."},
    )
    # Records are validated one by one by the sync service so one bad record never fails
    # the batch; here they only need to be JSON objects.
    shifts = fields.List(
        fields.Dict(),
        load_default=list,
        metadata={"record": "ShiftRecord"},
    )
    interventions = fields.List(
        fields.Dict(),
        load_default=list,
        metadata={"record": "InterventionRecord"},
    )


class SyncResultSchema(Schema):
    id = Text(required=True, allow_none=True)
    status = Text(required=True, validate=validate.OneOf(STATUSES))
    errors = fields.Dict()


class SyncResponseSchema(Schema):
    server_time = Text(required=True, metadata={"description": "ISO 8601 with offset, in UTC (+00:00)."})
    catalogue_version = fields.Integer(required=True)
    results = fields.List(fields.Nested(SyncResultSchema), required=True)
