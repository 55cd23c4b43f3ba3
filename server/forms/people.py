"""Forms about people: an account's details and choosing one's own password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from ..services.passwords import PASSWORD_MIN_LENGTH
from ..vocabulary import POLES, ROLES
from .fields import CheckboxesField, Text, blank_is_none, options, required_text, select_field


class PersonForm(FlaskForm):
    name = required_text(_l("Nom"), 120, _l("Indiquez un nom."))
    email = Text(
        _l("Adresse e-mail"),
        [
            DataRequired(message=_l("Indiquez une adresse e-mail.")),
            Length(max=254, message=_l("%(max)d caractères au plus.")),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Cette adresse e-mail n’est pas valide.")),
        ],
    )
    # A network account belongs to no organisation: the command line creates it.
    role = select_field(_l("Rôle"), [choice for choice in ROLES.choices() if choice[0] != "network"])
    pole = select_field(_l("Pôle"), [("", _l("Aucun")), *POLES.choices()])
    partner = select_field(
        _l("Partenaire (compte partenaire)"),
        description=_l("Un compte partenaire voit les chiffres des seules missions de ce partenaire."),
        # Checked by the service (a partner its missions name), which says so under the field.
        coerce=blank_is_none,
        validate_choice=False,
    )
    mission_ids = CheckboxesField(
        _l("Missions"),
        coerce=int,
        description=_l("Aucune cochée : la personne voit toutes les missions sur son téléphone."),
    )

    def offer_missions(self, missions) -> None:
        """Only the organisation's missions may be chosen; archived ones only if already held."""
        self.mission_ids.choices = options((mission.id, mission.label) for mission in missions)

    def offer_partners(self, partners) -> None:
        """The partner names the organisation's missions carry."""
        self.partner.choices = options([("", _l("Aucun")), *((name, name) for name in partners)])

    def values(self) -> dict:
        return {name: self[name].data for name in ("name", "email", "role", "pole", "partner", "mission_ids")}


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Mot de passe actuel (ou temporaire)"), [DataRequired(message=_l("Indiquez votre mot de passe actuel."))]
    )
    new_password = PasswordField(
        _l("Nouveau mot de passe"),
        [
            DataRequired(message=_l("Choisissez un nouveau mot de passe.")),
            Length(min=PASSWORD_MIN_LENGTH, max=1024, message=_l("Au moins %(min)d caractères.")),
        ],
        description=_l("Au moins 8 caractères ; une phrase de quelques mots est facile à retenir."),
    )
    confirm = PasswordField(
        _l("Confirmez le nouveau mot de passe"),
        [EqualTo("new_password", message=_l("Les deux mots de passe ne sont pas identiques."))],
    )
