"""Shifts and their interventions as the API lists them, dumped from the rows themselves."""

from marshmallow import Schema, fields, validate

from .common import StrictSchema, Text, UtcTime


class ShiftFilterSchema(StrictSchema):
    # Loaded under the names services take: "from" is a Python keyword.
    first = fields.Date(data_key="from", load_default=None)
    last = fields.Date(data_key="to", load_default=None)
    mediator = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    mission = Text(load_default=None, validate=validate.Length(max=40))


class PersonSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class _CodeSchema(Schema):
    code = fields.String()


class InterventionSchema(Schema):
    id = fields.UUID()
    shift_id = fields.UUID()
    occurred_at = UtcTime()
    utc_offset_minutes = fields.Integer()
    types = fields.List(fields.String(), attribute="type_codes")
    gender = fields.String()
    age_band = fields.String()
    place = fields.String(allow_none=True)
    people = fields.Integer()
    duration = fields.String(allow_none=True)
    mask_reminder = fields.Boolean()
    mask_outcome = fields.String(allow_none=True)
    rating = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    deleted = fields.Boolean()
    updated_at = UtcTime()
    received_at = UtcTime()


class ShiftSchema(Schema):
    id = fields.UUID()
    mission = fields.Pluck(_CodeSchema, "code")
    site = fields.Pluck(_CodeSchema, "code", allow_none=True)
    started_at = UtcTime()
    ended_at = UtcTime(allow_none=True)
    teammates = fields.Pluck(PersonSchema, "id", many=True)
    mediator = fields.Nested(PersonSchema)
    deleted = fields.Boolean()
    updated_at = UtcTime()
    received_at = UtcTime()
    # Set on the row by services/shifts.py: not a column.
    intervention_count = fields.Integer()


class ShiftDetailSchema(ShiftSchema):
    interventions = fields.List(fields.Nested(InterventionSchema))
