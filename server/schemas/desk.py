"""Filters of the desk pages, read from the query string (blank inputs mean "any")."""

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from ..vocabulary import SHIFT_FLAGS
from .common import Text

_MESSAGES = {"invalid": _l("Valeur non valide."), "required": _l("Champ obligatoire.")}


class _QueryForm(Schema):
    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _blank_is_none(self, data, **kwargs):
        return {key: value for key, value in data.items() if value not in ("", None)}


class ShiftFilterForm(_QueryForm):
    from_ = fields.Date(data_key="from", load_default=None, error_messages=_MESSAGES)
    to = fields.Date(load_default=None, error_messages=_MESSAGES)
    mediator = fields.Integer(
        load_default=None, validate=validate.Range(min=1, max=2**31 - 1), error_messages=_MESSAGES
    )
    mission = Text(load_default=None, validate=validate.Length(max=40))
    site = Text(load_default=None, validate=validate.Length(max=40))
    flag = Text(load_default=None, validate=validate.OneOf(SHIFT_FLAGS, error=_l("Choix non valide.")))

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("from_") and data.get("to") and data["to"] < data["from_"]:
            raise ValidationError([_l("La fin ne peut pas précéder le début.")], "to")
        if data.get("from_") and data.get("to") and (data["to"] - data["from_"]).days > 366:
            raise ValidationError([_l("Au plus un an à la fois.")], "to")


class PeriodForm(_QueryForm):
    """The dashboard's and the exports' period and missions."""

    period = Text(
        load_default="month",
        validate=validate.OneOf(("day", "week", "month", "year", "custom"), error=_l("Choix non valide.")),
    )
    date = fields.Date(load_default=None, error_messages=_MESSAGES)
    from_ = fields.Date(data_key="from", load_default=None, error_messages=_MESSAGES)
    to = fields.Date(load_default=None, error_messages=_MESSAGES)
    mission = fields.List(Text(validate=validate.Length(max=40)), load_default=list)

    @validates_schema
    def _custom_needs_bounds(self, data, **kwargs):
        if data["period"] != "custom":
            return
        if not data.get("from_") or not data.get("to"):
            raise ValidationError([_l("Indiquez le début et la fin.")], "from")
        if data["to"] < data["from_"]:
            raise ValidationError([_l("La fin ne peut pas précéder le début.")], "to")
        if (data["to"] - data["from_"]).days > 3660:
            raise ValidationError([_l("Au plus dix ans.")], "to")
