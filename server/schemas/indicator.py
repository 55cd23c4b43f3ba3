"""The indicators API: a year's values read back, and rows to store (a spreadsheet import)."""

from marshmallow import Schema, ValidationError, fields, validate

from ..vocabulary import INDICATOR_PERIODICITIES, INDICATOR_UNITS
from .common import StrictSchema, Text

YEARS = validate.Range(min=2015, max=2100)


def _not_negative(value) -> None:
    if value is not None and value < 0:
        raise ValidationError("Must be zero or more.")


class IndicatorQuerySchema(StrictSchema):
    year = fields.Integer(load_default=None, validate=YEARS, metadata={"description": "This year unless given."})


class IndicatorValueSchema(StrictSchema):
    """One value: a month's (monthly indicators) or the year's (yearly ones, no month). A null
    value clears what was stored."""

    indicator = Text(required=True, validate=validate.Length(min=1, max=40), metadata={"description": "Its code."})
    year = fields.Integer(required=True, strict=True, validate=YEARS)
    month = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=12))
    value = fields.Decimal(
        required=True,
        allow_none=True,
        allow_nan=False,
        as_string=False,
        # Not validate.Range: apispec would write its bound as the string "0", invalid OpenAPI.
        validate=_not_negative,
        metadata={"minimum": 0, "description": "Counts are whole; hours and euros have two decimals at most."},
    )


class IndicatorSchema(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    label_en = fields.String(required=True)
    unit = fields.String(required=True, validate=validate.OneOf(INDICATOR_UNITS))
    periodicity = fields.String(required=True, validate=validate.OneOf(INDICATOR_PERIODICITIES))
    mission = fields.String(required=True, allow_none=True, metadata={"description": "Null: the organisation's."})
    archived = fields.Boolean(required=True)
    total = fields.Float(required=True, allow_none=True, metadata={"description": "The year's value or sum."})


class StoredValueSchema(Schema):
    indicator = fields.String(required=True)
    year = fields.Integer(required=True)
    month = fields.Integer(required=True, allow_none=True)
    value = fields.Float(required=True)


class IndicatorYearSchema(Schema):
    year = fields.Integer(required=True)
    indicators = fields.List(fields.Nested(IndicatorSchema), required=True)
    values = fields.List(fields.Nested(StoredValueSchema), required=True)


class StoreResultSchema(Schema):
    changed = fields.Integer(required=True, metadata={"description": "Values stored, changed or cleared."})
    unchanged = fields.Integer(required=True, metadata={"description": "Values already as sent."})
