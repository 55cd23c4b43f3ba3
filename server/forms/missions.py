"""Forms of a mission, its sites or lines and its intervention types."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from ..vocabulary import MEDIATIONS, PLACES, POLES, RATING_SCALES
from .fields import CheckboxesField, code_field, optional_text, options, required_text, select_field

# (field, label): what the phone asks after the intervention type, when checked.
ASKS = [
    ("asks_gender", _l("Genre du client")),
    ("asks_age_band", _l("Tranche d’âge")),
    ("asks_place", _l("Lieu (à bord, à quai, arrêt, en gare…)")),
    ("asks_people", _l("Nombre de personnes")),
    ("asks_duration", _l("Durée (courte, longue)")),
    ("asks_mask_reminder", _l("Rappel du port du masque")),
    ("asks_rating", _l("Note de satisfaction")),
    ("multi_motif", _l("Plusieurs motifs par contact")),
]


class MissionForm(FlaskForm):
    label = required_text(_l("Libellé"), 120, _l("Indiquez un libellé."))
    label_en = optional_text(
        _l("Libellé (anglais)"), 120, description=_l("Ce que lit un téléphone en anglais ; vide : le libellé français.")
    )
    partner = optional_text(_l("Partenaire"), 120, description=_l("Qui finance la mission (Keolis, La Poste…)."))
    pole = select_field(_l("Pôle"), POLES.choices())
    mediation = select_field(_l("Type de médiation"), MEDIATIONS.choices(described=True))
    places = CheckboxesField(
        _l("Lieux proposés sur le téléphone"),
        description=_l(
            "Une nouvelle mission sans choix reçoit ceux de son pôle : véhicule, quai, arrêt et gare pour "
            "le transport ; le lieu par défaut pour le pôle polyvalent."
        ),
    )
    default_place = select_field(_l("Lieu par défaut"))
    asks_gender = BooleanField(ASKS[0][1])
    asks_age_band = BooleanField(ASKS[1][1])
    asks_place = BooleanField(ASKS[2][1])
    asks_people = BooleanField(ASKS[3][1])
    asks_duration = BooleanField(ASKS[4][1])
    asks_mask_reminder = BooleanField(ASKS[5][1])
    asks_rating = BooleanField(ASKS[6][1])
    multi_motif = BooleanField(ASKS[7][1])
    rating_scale = select_field(
        _l("Échelle de satisfaction"),
        RATING_SCALES.choices(),
        default="stars",
        description=_l("Ne change plus une fois des notes saisies (elles seraient lues sur la nouvelle échelle)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_place.choices = options([("", _l("Aucun")), *PLACES.choices()])
        self.places.choices = PLACES.choices()

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


class NewMissionForm(MissionForm):
    code = code_field()


class SiteForm(FlaskForm):
    label = required_text(_l("Libellé"), 120, _l("Indiquez un libellé."))
    label_en = optional_text(_l("Libellé (anglais)"), 120)
    network = optional_text(_l("Réseau"), 60, description=_l("Pour les chiffres par réseau du rapport (Divia, TER…)."))

    def values(self) -> dict:
        return {"label": self.label.data, "label_en": self.label_en.data, "network": self.network.data}


class NewSiteForm(SiteForm):
    code = code_field()

    def values(self) -> dict:
        return {**super().values(), "code": self.code.data}


class TypeForm(FlaskForm):
    label = required_text(_l("Libellé (français)"), 120, _l("Indiquez un libellé."))
    label_en = optional_text(_l("Libellé (anglais)"), 120)

    def values(self) -> dict:
        return {"label": self.label.data, "label_en": self.label_en.data}


class NewTypeForm(TypeForm):
    code = code_field()

    def values(self) -> dict:
        return {**super().values(), "code": self.code.data}
