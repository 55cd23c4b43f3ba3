"""Moving a shift to another mission or line: the destination, a motif for each of the old
mission's, and the reason. Without JavaScript: choosing another mission sends the form back
to show that mission's lines and motifs before anything is moved."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField

from .corrections import reason_field
from .fields import blank_is_none, options, select_field


class ShiftMoveForm(FlaskForm):
    mission = select_field(
        _l("Mission"),
        description=_l("Une autre mission choisie, la page montre ses lignes et motifs avant de déplacer."),
    )
    # The mission the lines and motifs below were listed for: another one chosen since is shown first.
    planned = HiddenField()
    # Unknown codes are the service's to refuse, beside their field.
    site = select_field(_l("Ligne ou site"), coerce=blank_is_none, validate_choice=False)
    reason = reason_field(_l("Raison du déplacement"))

    def values(self) -> dict:
        types = {
            int(name.removeprefix("type_")): field.data
            for name, field in self._fields.items()
            if name.startswith("type_")
        }
        return {"mission": self.mission.data, "site": self.site.data, "types": types, "reason": self.reason.data}

    def type_fields(self) -> list:
        return [field for name, field in self._fields.items() if name.startswith("type_")]


def shift_move_form(missions, plan, **kwargs) -> ShiftMoveForm:
    """The move form for a plan (services/shift_move.py): one list of the new mission's motifs
    per motif the shift's interventions use, the same code chosen when there is one."""

    class Form(ShiftMoveForm):
        pass

    for kind in plan.used_types:
        label = _("Motif « %(type)s » devient", type=kind.label)
        setattr(Form, f"type_{kind.id}", select_field(label, coerce=blank_is_none, validate_choice=False))
    form = Form(**kwargs)
    form.mission.choices = options((mission.code, mission.label) for mission in missions)
    form.site.choices = options(
        [("", "—"), *((site.code, site.label) for site in plan.mission.sites if not site.archived)]
    )
    retired = _("retiré")
    choices = options(
        [
            ("", _("— à choisir —")),
            *((kind.code, kind.label if kind.active else f"{kind.label} ({retired})") for kind in plan.mission.types),
        ]
    )
    for kind in plan.used_types:
        field = form[f"type_{kind.id}"]
        field.choices = choices
        if field.data is None:
            field.data = plan.matches[kind.id]
    return form
