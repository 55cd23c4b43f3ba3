"""Forms of the organisation's settings and its logo."""

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from ..services.organisations import RETENTION_DAYS_RANGE
from .fields import options, required_text, select_field


class OrganisationForm(FlaskForm):
    name = required_text(_l("Nom"), 120, _l("Indiquez un nom."))
    timezone = select_field(_l("Fuseau horaire"), description=_l("Les jours et heures des rapports en dépendent."))
    note_retention_days = IntegerField(
        _l("Durée de conservation des notes (jours)"),
        [
            InputRequired(message=_l("Indiquez un nombre de jours.")),
            NumberRange(*RETENTION_DAYS_RANGE, message=_l("Entre %(min)d et %(max)d jours.")),
        ],
        description=_l("Les notes libres plus anciennes sont effacées chaque nuit ; les interventions restent."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = options((name, name) for name in sorted(available_timezones()))

    def values(self) -> dict:
        return {name: self[name].data for name in ("name", "timezone", "note_retention_days")}


class LogoForm(FlaskForm):
    logo = FileField(
        _l("Logo du rapport imprimé"),
        [FileRequired(message=_l("Choisissez un fichier."))],
        description=_l("Image PNG, JPEG ou WebP, 200 Ko au plus."),
    )


class CatalogueCopyForm(FlaskForm):
    source = select_field(
        _l("Membre du réseau"),
        coerce=int,
        description=_l(
            "Ses missions, lignes ou sites et types d’intervention que vous n’avez pas encore, avec leurs codes : "
            "jamais ses personnes, vacations, saisies ni réglages."
        ),
    )

    def __init__(self, members=(), *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source.choices = options((member.id, member.name) for member in members)

    def values(self) -> dict:
        return {"source": self.source.data}
