"""Fields and validators shared by every page's forms, with French messages."""

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, html_params
from wtforms.widgets import Select as SelectWidget

REQUIRED = _l("Champ obligatoire.")
INVALID = _l("Valeur non valide.")
INVALID_CHOICE = _l("Choix non valide.")
_UNKNOWN = _l("Valeur inconnue : choisissez dans la liste.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def blank_is_none(value):
    """An empty text or choice means no value, as the database stores it (a filter or a coerce)."""
    return value or None


def _no_nul(form, field):
    # PostgreSQL refuses NUL in text: refuse it on the field rather than fail the write.
    if field.data and "\x00" in field.data:
        raise ValidationError(_l("Ce texte contient un caractère interdit."))


class Text(StringField):
    """A trimmed text (single line unless given another widget)."""

    def __init__(self, label=None, validators=(), filters=(), **kwargs):
        super().__init__(label, [*validators, _no_nul], filters=[_strip, *filters], **kwargs)


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


class _ReadFirst:
    # What could not be read as a number or a date already has its message: no range on top.
    def __call__(self, form, field):
        super().__call__(form, field)
        if field.process_errors:
            raise StopValidation()


class _Required(_ReadFirst, InputRequired):
    pass


class _Optional(_ReadFirst, Optional):
    pass


def required(message=REQUIRED) -> InputRequired:
    """Something must be typed or chosen; checked before the value is judged."""
    return _Required(message=message)


def optional() -> Optional:
    """A blank input is no value: nothing else is checked."""
    return _Optional()


def integer_field(label, validators=(), message=INVALID, **kwargs) -> IntegerField:
    """A whole number; `message` when what was typed is not one."""
    return IntegerField(label, validators, invalid_value_message=message, **kwargs)


def date_field(label, validators=(), **kwargs) -> DateField:
    """A day, as a date input sends it (YYYY-MM-DD)."""
    return DateField(label, validators, invalid_value_message=INVALID, **kwargs)


def local_time_field(label, validators=()) -> DateTimeLocalField:
    """A time in the organisation's zone, naive, as a datetime-local input shows it."""
    formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
    return DateTimeLocalField(label, validators, format=formats, invalid_value_message=INVALID)


def ordered(first, last, max_days: int | None = None, too_long=None) -> bool:
    """A period's end is not before its start, nor (if `max_days`) too far after it."""
    if first.data is None or last.data is None:
        return True
    if last.data < first.data:
        last.errors.append(_l("La fin ne peut pas précéder le début."))
        return False
    if max_days is not None and (last.data - first.data).days > max_days:
        last.errors.append(too_long)
        return False
    return True


def options(pairs) -> list[SelectChoice]:
    """Choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def optional_id(value):
    """The id chosen in a list whose first option, "any", is sent as ""."""
    return int(value) if value not in ("", None) else None


class Select(SelectWidget):
    """Options written `value="…" selected`, the order the desk's pages have always had."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        params = html_params(value=choice.value, **(choice.render_kw or {}), **kwargs)
        selected = " selected" if choice.selected else ""
        return Markup("<option {}{}>{}</option>").format(params, selected, choice.label or choice.value)


def select_field(label, pairs=(), message=_UNKNOWN, **kwargs) -> SelectField:
    """A list of choices; anything else sent is refused with a French message."""
    kwargs.setdefault("invalid_value_message", message)
    return SelectField(label, choices=options(pairs), invalid_choice_message=message, widget=Select(), **kwargs)


def multiple_select_field(label, **kwargs) -> SelectMultipleField:
    """Several choices in one list (the codes are checked by the service that reads them)."""
    return SelectMultipleField(label, choices=[], validate_choice=False, widget=Select(multiple=True), **kwargs)


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes: usable without JavaScript, and by keyboard."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", _UNKNOWN)
        kwargs.setdefault("invalid_choice_message", _UNKNOWN)
        super().__init__(label, validators, choices=[], **kwargs)
