"""Filters of the desk pages, sent by GET: they change nothing, so they carry no CSRF token."""

from datetime import date, timedelta

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice
from wtforms.validators import Length, NumberRange

from ..services.intervention_search import PAGE_SIZES as INTERVENTION_PAGE_SIZES
from ..services.shift_review import PAGE_SIZES
from ..vocabulary import PERIOD_KINDS, label_of
from .fields import (
    INVALID,
    INVALID_CHOICE,
    blank_is_none,
    date_field,
    integer_field,
    multiple_select_field,
    optional,
    optional_id,
    optional_text,
    options,
    ordered,
    select_field,
)


class QueryForm(FlaskForm):
    """A form read from the query string; keyword arguments are what is shown when not asked."""

    class Meta:
        csrf = False

    def __init__(self, **defaults):
        super().__init__(formdata=request.args, **defaults)

    def values(self) -> dict:
        return dict(self.data)


def _any_code(label):
    # Any code may be asked: an unknown one matches nothing (or is the service's 404).
    return select_field(
        label,
        coerce=blank_is_none,
        validate_choice=False,
        validators=[Length(max=40, message=_l("%(max)d caractères au plus."))],
    )


class ShiftFilterForm(QueryForm):
    first = date_field(_l("Du"), [optional()], name="from")
    last = date_field(_l("Au"), [optional()], name="to")
    mediator = select_field(
        _l("Médiateur"),
        message=INVALID,
        coerce=optional_id,
        validate_choice=False,
        validators=[optional(), NumberRange(1, 2**31 - 1, message=INVALID)],
    )
    mission = _any_code(_l("Mission"))
    site = _any_code(_l("Ligne ou site"))
    flag = select_field(_l("Signalement"), message=INVALID_CHOICE, coerce=blank_is_none)
    size = select_field(
        _l("Par page"), [(str(size), str(size)) for size in PAGE_SIZES], coerce=int, default=PAGE_SIZES[1]
    )
    # Not drawn among the filters (the pager's links carry it): a new filter starts at page 1.
    page = integer_field(_l("Page"), [optional(), NumberRange(1, 10**6, message=INVALID)])

    def __init__(self, today: date):
        super().__init__()
        # Not asked: yesterday and today, the days a coordinator reviews first.
        self.first.data = self.first.data or today - timedelta(days=1)
        self.last.data = self.last.data or max(today, self.first.data)

    def offer(self, missions, mediators, flags) -> None:
        """The lists' choices: the organisation's missions and their sites, its mediators, the flags."""
        self.mediator.choices = options([("", _("Tous")), *((person.id, person.name) for person in mediators)])
        self.mission.choices = options([("", _("Toutes")), *((mission.code, mission.label) for mission in missions)])
        self.site.choices = [
            SelectChoice("", _("Tous")),
            *(
                SelectChoice(site.code, site.label, optgroup=mission.label)
                for mission in missions
                for site in mission.sites
            ),
        ]
        self.flag.choices = options([("", _("Tous")), *flags])

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and ordered(
            self.first, self.last, 366, _l("Au plus un an à la fois.")
        )


STATES = [
    ("kept", _l("Non supprimées")),
    ("corrected", _l("Corrigées")),
    ("deleted", _l("Supprimées")),
    ("all", _l("Toutes")),
]
ORDERS = [("newest", _l("Plus récentes d’abord")), ("oldest", _l("Plus anciennes d’abord"))]


class InterventionFilterForm(ShiftFilterForm):
    """The table of interventions: the shift list's filters, what the record holds, and its order."""

    kind = _any_code(_l("Motif"))
    gender = select_field(_l("Genre"), message=INVALID_CHOICE, coerce=blank_is_none)
    age_band = select_field(_l("Tranche d’âge"), message=INVALID_CHOICE, coerce=blank_is_none)
    place = select_field(_l("Lieu"), message=INVALID_CHOICE, coerce=blank_is_none)
    state = select_field(_l("État"), STATES, message=INVALID_CHOICE, default="kept")
    order = select_field(_l("Ordre"), ORDERS, message=INVALID_CHOICE, default="newest")
    size = select_field(
        _l("Par page"), [(str(size), str(size)) for size in INTERVENTION_PAGE_SIZES], coerce=int, default=50
    )
    # Not drawn among the filters: the "next page" link carries it (the last row shown).
    after = optional_text(_l("Après"), 100)
    # Not drawn either: the "count" link asks for a total the tallies cannot give (slower).
    count = BooleanField(_l("Compter"))
    page = None

    def offer(self, missions, mediators, flags, vocabularies) -> None:
        """The lists' choices, the shift list's and the record's: each mission's motifs, the vocabularies."""
        super().offer(missions, mediators, flags)
        self.kind.choices = [
            SelectChoice("", _("Tous")),
            *(
                SelectChoice(kind.code, kind.label, optgroup=mission.label)
                for mission in missions
                for kind in mission.types
            ),
        ]
        for name, vocabulary in vocabularies.items():
            self[name].choices = options([("", _("Tous")), *vocabulary.choices()])


class PeriodForm(QueryForm):
    """The dashboard's and the exports' period and missions."""

    period = select_field(
        _l("Période"), PERIOD_KINDS.choices(), message=INVALID_CHOICE, default="month", validators=[optional()]
    )
    date = date_field(_l("Autour du"), [optional()])
    first = date_field(_l("Du (personnalisée)"), [optional()], name="from")
    last = date_field(_l("Au (personnalisée)"), [optional()], name="to")
    mission = multiple_select_field(_l("Missions"))

    def offer(self, missions) -> None:
        self.mission.choices = options((mission.code, label_of(mission)) for mission in missions)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.period.data != "custom":
            return True
        if self.first.data is None or self.last.data is None:
            self.first.errors.append(_l("Indiquez le début et la fin."))
            return False
        return ordered(self.first, self.last, 3660, _l("Au plus dix ans."))


_YEAR = _l("Année non valide : indiquez une année entre 2015 et 2100.")


class AnnualReportForm(QueryForm):
    year = integer_field(_l("Année"), [optional(), NumberRange(2015, 2100, message=_YEAR)], message=_YEAR)
    mission = select_field(_l("Mission"), coerce=blank_is_none, validate_choice=False)
    partner = select_field(_l("Partenaire"), coerce=blank_is_none, validate_choice=False)

    def offer(self, missions, partners) -> None:
        everything = _("Toute l’organisation")
        self.mission.choices = options([("", everything), *((mission.code, label_of(mission)) for mission in missions)])
        self.partner.choices = options([("", _("Tous les partenaires")), *((name, name) for name in partners)])


class YearForm(QueryForm):
    """The year of the desk's entered figures (indicator values, a year's totals)."""

    year = integer_field(_l("Année"), [optional(), NumberRange(2015, 2100, message=_YEAR)], message=_YEAR)

    def __init__(self, default: int):
        super().__init__(year=default)
        self.default = default

    def chosen(self) -> int:
        """The year asked; the default one when none is, or what was asked is not a year."""
        return self.year.data if self.validate() and self.year.data else self.default


class _NetworkPartner:
    """A network's pages are filtered by partner name, shared by its members' missions."""

    partner = select_field(_l("Partenaire"), message=INVALID_CHOICE, coerce=blank_is_none)

    def offer(self, partners) -> None:
        self.partner.choices = options([("", _("Tous les partenaires")), *((name, name) for name in partners)])


class NetworkPeriodForm(_NetworkPartner, PeriodForm):
    """The network dashboard's and export's period and partner (a network has no missions of its own)."""

    mission = None


class NationalReportForm(_NetworkPartner, AnnualReportForm):
    """The network's yearly report: a year and one partner (or every partner)."""

    mission = None
