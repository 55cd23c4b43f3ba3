"""The coordinator's correction forms, as posted by the browser (strings; empty means none)."""

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from ..models.intervention import NOTE_MAX_LENGTH
from ..vocabulary import AGE_BANDS, DURATIONS, GENDERS, MASK_OUTCOMES, PLACES
from .common import Text

_MESSAGES = {
    "required": _l("Champ obligatoire."),
    "null": _l("Champ obligatoire."),
    "invalid": _l("Valeur non valide."),
}


def _field(kind, **kwargs):
    kwargs.setdefault("error_messages", _MESSAGES)
    return kind(**kwargs)


def _choice(choices, **kwargs):
    return _field(Text, validate=validate.OneOf(choices, error=_l("Choix non valide.")), **kwargs)


class CorrectionForm(Schema):
    """Every correction states why: the reason goes to the audit trail with the change."""

    class Meta:
        # The form also posts its csrf_token, checked before this schema runs.
        unknown = EXCLUDE

    reason = _field(
        Text,
        required=True,
        validate=validate.Length(min=3, max=500, error=_l("Indiquez la raison (3 à 500 caractères).")),
    )

    @pre_load
    def _blank_is_none(self, data, **kwargs):
        # A browser form sends "" for an empty field; types arrive as a list already.
        return {key: (value if value != "" else None) for key, value in data.items()}


class InterventionForm(CorrectionForm):
    occurred_at = _field(fields.NaiveDateTime, required=True)
    types = _field(
        fields.List,
        cls_or_instance=Text(validate=validate.Length(min=1, max=40)),
        required=True,
        validate=validate.Length(min=1, max=20, error=_l("Choisissez au moins un motif.")),
    )
    gender = _choice(GENDERS, required=True)
    age_band = _choice(AGE_BANDS, required=True)
    place = _choice(PLACES, load_default=None, allow_none=True)
    people = _field(
        fields.Integer,
        required=True,
        validate=validate.Range(min=1, max=500, error=_l("Entre 1 et 500 personnes.")),
    )
    duration = _choice(DURATIONS, load_default=None, allow_none=True)
    mask_reminder = _field(fields.Boolean, load_default=False)
    mask_outcome = _choice(MASK_OUTCOMES, load_default=None, allow_none=True)
    rating = _field(
        fields.Integer,
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1, max=5, error=_l("Entre 1 et 5.")),
    )
    note = _field(
        Text,
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=NOTE_MAX_LENGTH, error=_l("Trop long.")),
    )

    @validates_schema
    def _outcome_needs_reminder(self, data, **kwargs):
        if data.get("mask_outcome") and not data.get("mask_reminder"):
            raise ValidationError([_l("Un résultat n’est donné qu’avec un rappel du port du masque.")], "mask_outcome")


class ShiftForm(CorrectionForm):
    site = _field(Text, load_default=None, allow_none=True, validate=validate.Length(max=40))
    started_at = _field(fields.NaiveDateTime, required=True)
    ended_at = _field(fields.NaiveDateTime, load_default=None, allow_none=True)

    @validates_schema
    def _ends_after_start(self, data, **kwargs):
        if data.get("ended_at") and data.get("started_at") and data["ended_at"] < data["started_at"]:
            raise ValidationError([_l("La fin ne peut pas précéder le début.")], "ended_at")


class ReasonForm(CorrectionForm):
    """Deleting or restoring a record: only the reason."""


def form_errors(messages: dict) -> dict[str, list[str]]:
    """marshmallow's messages as {field: [text, ...]} (it leaves lazy strings unwrapped)."""
    return {
        name: [str(message) for message in value] if isinstance(value, list) else [str(value)]
        for name, value in messages.items()
    }
