"""Fields and validators shared by the admin forms, with French messages."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _no_nul(form, field):
    # PostgreSQL refuses NUL in text: refuse it on the field rather than fail the write.
    if field.data and "\x00" in field.data:
        raise ValidationError(_l("Ce texte contient un caractère interdit."))


class Text(StringField):
    """A trimmed single-line text."""

    def __init__(self, label=None, validators=(), **kwargs):
        super().__init__(label, [*validators, _no_nul], filters=[_strip], **kwargs)


def optional_text(label, max_length: int, **kwargs) -> Text:
    """A text that may stay empty."""
    return Text(label, [Length(max=max_length, message=_l("%(max)d caractères au plus."))], **kwargs)


def required_text(label, max_length: int, message=None) -> Text:
    """A text that must not be empty once trimmed."""
    return Text(
        label,
        [
            DataRequired(message=message or _l("Ce champ est obligatoire.")),
            Length(max=max_length, message=_l("%(max)d caractères au plus.")),
        ],
    )


def code_field() -> Text:
    """A code phones send back in their records: short, stable, plain."""
    return Text(
        _l("Code"),
        [
            DataRequired(message=_l("Indiquez un code.")),
            Regexp(
                r"^[a-z0-9_]{1,40}$",
                message=_l("Le code ne contient que des minuscules sans accent, des chiffres et « _ » (40 au plus)."),
            ),
        ],
        description=_l("Minuscules sans accent, chiffres et « _ ». Il ne change plus ensuite."),
    )


_UNKNOWN = _l("Valeur inconnue : choisissez dans la liste.")


def options(pairs) -> list[SelectChoice]:
    """Choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def select_field(label, pairs=(), **kwargs) -> SelectField:
    """A list of choices; anything else sent is refused with a French message."""
    kwargs.setdefault("invalid_value_message", _UNKNOWN)
    return SelectField(label, choices=options(pairs), invalid_choice_message=_UNKNOWN, **kwargs)


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes: usable without JavaScript, and by keyboard."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", _UNKNOWN)
        super().__init__(label, validators, choices=[], invalid_choice_message=_UNKNOWN, **kwargs)
