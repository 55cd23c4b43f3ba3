"""The coordinator's correction forms: edit a shift or an intervention, delete or restore one.

Every correction states why: the reason goes to the audit trail with the change. Times are
typed in the organisation's zone and come out naive; the service places them in that zone.
"""

import uuid

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError
from wtforms.widgets import RadioInput, TextArea

from ..models.intervention import NOTE_MAX_LENGTH
from ..vocabulary import AGE_BANDS, DURATIONS, GENDERS, MASK_OUTCOMES, PLACES, Vocabulary
from .fields import (
    INVALID_CHOICE,
    REQUIRED,
    CheckboxesField,
    Text,
    blank_is_none,
    integer_field,
    local_time_field,
    optional,
    options,
    ordered,
    required,
    select_field,
)


def reason_field(label=_l("Raison de la correction"), **kwargs) -> Text:
    return Text(
        label,
        [
            DataRequired(message=REQUIRED),
            Length(min=3, max=500, message=_l("Indiquez la raison (3 à 500 caractères).")),
        ],
        **kwargs,
    )


class ReasonForm(FlaskForm):
    """Deleting or restoring a record: only the reason (shown below the correction form)."""

    reason = reason_field(_l("Raison de la suppression"), id="delete-reason")


class ShiftReasonForm(ReasonForm):
    """Deleting or restoring a shift: the reason, and whether its interventions go (or come back) with it."""

    # Checked unless unticked: a shift deleted by mistake rarely holds interventions to keep.
    with_interventions = BooleanField(default=True)


class _CorrectionForm(FlaskForm):
    reason = reason_field()

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


def _choice(label, validators=()):
    # Blank is "none" where the list offers it; required lists refuse it with REQUIRED.
    return select_field(label, message=INVALID_CHOICE, coerce=blank_is_none, validators=list(validators))


def _vocabulary(vocabulary: Vocabulary, blank: bool) -> list:
    pairs = vocabulary.choices()
    return options([("", "—"), *pairs] if blank else pairs)


# Mission.fields (what the phone asks) -> the form's fields that answer it.
_ASKED_BY = {
    "gender": ("gender",),
    "age_band": ("age_band",),
    "place": ("place",),
    "people": ("people",),
    "duration": ("duration",),
    "mask_reminder": ("mask_reminder", "mask_outcome"),
    "rating": ("rating",),
}
_CHOICES = (
    ("gender", GENDERS, False),
    ("age_band", AGE_BANDS, False),
    ("place", PLACES, True),
    ("duration", DURATIONS, True),
    ("mask_outcome", MASK_OUTCOMES, True),
)


class InterventionForm(_CorrectionForm):
    occurred_at = local_time_field(_l("Date et heure"), [required()])
    # Unknown codes and several motifs on a one-motif mission are the service's to refuse.
    types = CheckboxesField(
        _l("Motif(s)"),
        [Length(min=1, max=20, message=_l("Choisissez au moins un motif."))],
        validate_choice=False,
    )
    gender = _choice(_l("Genre"), [required()])
    age_band = _choice(_l("Tranche d’âge"), [required()])
    place = _choice(_l("Lieu"))
    duration = _choice(_l("Durée"))
    mask_outcome = _choice(_l("Résultat du rappel"))
    mask_reminder = BooleanField(_l("Rappel du port du masque"))
    people = integer_field(_l("Personnes"), [required(), NumberRange(1, 500, message=_l("Entre 1 et 500 personnes."))])
    rating = integer_field(_l("Satisfaction (1 à 5)"), [optional(), NumberRange(1, 5, message=_l("Entre 1 et 5."))])
    note = Text(
        _l("Remarque"),
        [Length(max=NOTE_MAX_LENGTH, message=_l("Trop long."))],
        filters=[blank_is_none],
        widget=TextArea(),
    )

    def __init__(self, mission, **kwargs):
        super().__init__(**kwargs)
        # Only what the record's mission asks (no satisfaction on a tram, no gender at the post
        # office): a field not shown is not sent, and the service leaves it as it is.
        for asked, names in _ASKED_BY.items():
            if asked not in mission.fields:
                for name in names:
                    delattr(self, name)
        for name, vocabulary, blank in _CHOICES:
            if name in self:
                self[name].choices = _vocabulary(vocabulary, blank)
        retired = _("retiré")
        self.types.choices = options(
            (kind.code, kind.label if kind.active else f"{kind.label} ({retired})") for kind in mission.types
        )
        if not mission.multi_motif:
            self.types.option_widget = RadioInput()
        if "rating" in self and mission.rating_scale == "three_levels":
            # The stored rating is read on the mission's scale (services/satisfaction.py checks it).
            self.rating.label.text = _("Satisfaction (3 très, 2 plutôt, 1 pas du tout satisfait)")

    def validate_mask_outcome(self, field):
        if field.data and not self.mask_reminder.data:
            raise ValidationError(_l("Un résultat n’est donné qu’avec un rappel du port du masque."))


class ShiftForm(_CorrectionForm):
    # An unknown code is the service's to refuse ("Site inconnu.").
    site = select_field(
        _l("Ligne ou site"),
        coerce=blank_is_none,
        validate_choice=False,
        validators=[Length(max=40, message=_l("%(max)d caractères au plus."))],
    )
    started_at = local_time_field(_l("Début"), [required()])
    ended_at = local_time_field(_l("Fin"), [optional()])

    def __init__(self, mission, **kwargs):
        super().__init__(**kwargs)
        self.site.choices = options([("", "—"), *((site.code, site.label) for site in mission.sites)])

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and ordered(self.started_at, self.ended_at)


BULK_STATES = (("", _l("Inchangé")), ("delete", _l("Supprimer")), ("restore", _l("Restaurer")))


def _bulk_choice(label, name: str, pairs=()):
    # Ids apart from the table's filters on the same page, which share the names.
    return select_field(label, pairs, message=INVALID_CHOICE, coerce=blank_is_none, id=f"bulk-{name}")


class BulkCorrectionForm(FlaskForm):
    """One correction for the interventions ticked in the table: a list left "unchanged" changes nothing."""

    ids = CheckboxesField(_l("Interventions cochées"), validate_choice=False, id="bulk-ids")
    kind = select_field(_l("Motif"), coerce=blank_is_none, validate_choice=False, id="bulk-kind")
    gender = _bulk_choice(_l("Genre"), "gender")
    age_band = _bulk_choice(_l("Tranche d’âge"), "age_band")
    place = _bulk_choice(_l("Lieu"), "place")
    state = _bulk_choice(_l("Supprimer ou restaurer"), "state", BULK_STATES)
    reason = reason_field(id="bulk-reason")

    def offer(self, kinds) -> None:
        """The lists' choices: each mission's motifs (as the table's filter lists them) and the vocabularies."""
        unchanged = _("Inchangé")
        self.kind.choices = [SelectChoice("", unchanged), *kinds]
        for name, vocabulary in (("gender", GENDERS), ("age_band", AGE_BANDS), ("place", PLACES)):
            self[name].choices = options([("", unchanged), *vocabulary.choices()])

    def validate_ids(self, field):
        try:
            field.data = [uuid.UUID(value) for value in field.data or []]
        except ValueError:
            raise ValidationError(INVALID_CHOICE) from None

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
