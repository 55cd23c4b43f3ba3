"""The desk's sheet of a year's entered totals per mission (its first year of use compares)."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from .indicators import AmountField


def baseline_name(mission, measure: str, kind=None) -> str:
    """The input of a mission's interventions, people, or motifs of one type."""
    return f"m{mission.id}_t{kind.id}" if kind is not None else f"m{mission.id}_{measure}"


def _inputs(sheet):
    for row in sheet:
        mission = row["mission"]
        yield mission, "interventions", None, _l("Interventions")
        yield mission, "people", None, _l("Personnes accueillies ou accompagnées")
        for kind in row["types"]:
            yield mission, "motifs", kind, kind.label


def baseline_sheet_form(sheet: list[dict], **kwargs) -> FlaskForm:
    """Interventions, people and motifs per type of each mission; the stored figures filled in."""

    class BaselineForm(FlaskForm):
        def values(self) -> list[dict]:
            """What set_baselines takes: every input, empty ones clearing their figure."""
            return [
                {
                    "key": baseline_name(mission, measure, kind),
                    "mission_id": mission.id,
                    "measure": measure,
                    "type_id": kind.id if kind else None,
                    "value": self[baseline_name(mission, measure, kind)].data,
                }
                for mission, measure, kind, _label in _inputs(sheet)
            ]

    data = {}
    for row in sheet:
        baseline, mission = row["baseline"], row["mission"]
        for measure in ("interventions", "people"):
            value = getattr(baseline, measure) if baseline else None
            data[baseline_name(mission, measure)] = Decimal(value) if value is not None else None
        for kind in row["types"]:
            count = row["motifs"].get(kind.id)
            data[baseline_name(mission, "motifs", kind)] = Decimal(count) if count is not None else None
    for mission, measure, kind, label in _inputs(sheet):
        setattr(BaselineForm, baseline_name(mission, measure, kind), AmountField(label))
    return BaselineForm(data=data, **kwargs)
