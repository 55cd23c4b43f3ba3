"""The fixed vocabularies: every code the system stores for a closed list of answers, with its
wording, French first (English in translations/en, like every other text).

A vocabulary is the tuple of its valid codes (what schemas, forms and the CLI validate against)
and knows how each code reads: its label, and for some a description (a hint) or the phrase a
report's sentence uses. Codes are part of the API contract: phones send them, the database
stores them. The phone receives the labels in every language through the catalogue, because it
switches language offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from flask import has_app_context
from flask_babel import LazyString, force_locale, get_locale
from flask_babel import lazy_gettext as _l


class Term(NamedTuple):
    code: str
    label: LazyString
    # A hint next to the label: a flag's explanation, what a choice covers.
    description: LazyString | None = None
    # How a report's sentence says it ("de courte durée"); None: never said in a sentence.
    phrase: LazyString | None = None


class Vocabulary(Sequence[str]):
    """Codes in display order, each with its wording; usable wherever the valid codes are."""

    def __init__(self, *terms: Term):
        self._terms = {term.code: term for term in terms}
        self.codes = tuple(self._terms)
        self._by_languages: dict[tuple[str, ...], list[dict]] = {}

    def __getitem__(self, index):
        return self.codes[index]

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __contains__(self, code) -> bool:
        # A lookup, not a scan: the sync checks several codes of every record.
        return isinstance(code, str) and code in self._terms

    def __repr__(self) -> str:
        return f"Vocabulary{self.codes}"

    def label(self, code: str | None) -> str:
        """The code's label in the current language; "" for no code, the code itself if unknown."""
        if code is None:
            return ""
        term = self._terms.get(code)
        return str(term.label) if term else code

    def labels(self) -> dict[str, str]:
        """Every code's label in the current language, for writing many rows at once."""
        return {code: str(term.label) for code, term in self._terms.items()}

    def description(self, code: str | None) -> str:
        term = self._terms.get(code)
        return str(term.description) if term and term.description is not None else ""

    def phrase(self, code: str | None) -> str:
        term = self._terms.get(code)
        return str(term.phrase) if term and term.phrase is not None else ""

    def choices(self, described: bool = False) -> list[tuple[str, LazyString]]:
        """(code, label) pairs for a form's select, translated when the form is shown;
        `described` adds each description in brackets."""
        return [
            (term.code, LazyString(_described, term) if described and term.description is not None else term.label)
            for term in self._terms.values()
        ]

    def in_languages(self, languages: Iterable[str]) -> list[dict]:
        """Each code with its label in every given language: [{"code", "labels": {"fr": …}}]."""
        key = tuple(languages)
        if key in self._by_languages:
            return self._by_languages[key]
        terms = [{"code": code, "labels": {}} for code in self.codes]
        for language in key:
            with force_locale(language):
                for entry, term in zip(terms, self._terms.values(), strict=True):
                    entry["labels"][language] = str(term.label)
        # Kept for the process, as Flask-Babel keeps the translations; only within an app,
        # since outside one nothing is translated.
        if has_app_context():
            self._by_languages[key] = terms
        return terms


def reads_english() -> bool:
    """Whether the page (or export) being made is in English."""
    locale = get_locale() if has_app_context() else None
    return locale is not None and locale.language == "en"


def in_current_language(french: str, english: str | None) -> str:
    """A label an admin typed in both languages (a mission's type): English when the page is."""
    return english if english and reads_english() else french


def label_of(row) -> str:
    """A mission's, line's or type's label in the page's language (its English one when set)."""
    return in_current_language(row.label, row.label_en)


def _described(term: Term) -> str:
    return f"{term.label} ({term.description})"


# What the phone asks about the client and the intervention.
GENDERS = Vocabulary(
    Term("female", _l("Femme"), phrase=_l("auprès de clientes")),
    Term("male", _l("Homme"), phrase=_l("auprès de clients masculins")),
    Term("unknown", _l("Non renseigné")),
)
AGE_BANDS = Vocabulary(
    Term("under_25", _l("Moins de 25 ans"), phrase=_l("ayant moins de 25 ans")),
    Term("25_60", _l("25–60 ans"), phrase=_l("ayant entre 25 et 60 ans")),
    Term("over_60", _l("Plus de 60 ans"), phrase=_l("ayant plus de 60 ans")),
    Term("unknown", _l("Non renseigné")),
)
PLACES = Vocabulary(
    Term("on_board", _l("À bord")),
    Term("platform", _l("À quai")),
    Term("stop", _l("Arrêt")),
    Term("station", _l("En gare")),
    Term("post_office", _l("Bureau de poste")),
    Term("desk", _l("Guichet")),
    Term("phone", _l("Téléphone")),
    Term("home", _l("À domicile")),
)
# Where each pole's missions happen: what a new mission offers until an admin chooses.
POLE_PLACES = {
    "transport": ("on_board", "platform", "stop", "station"),
    "polyvalent": ("post_office", "desk", "phone", "home"),
}
DURATIONS = Vocabulary(
    Term("short", _l("Courte"), phrase=_l("de courte durée")),
    Term("long", _l("Longue"), phrase=_l("de longue durée")),
)
MASK_OUTCOMES = Vocabulary(
    Term("complied", _l("Porte le masque")),
    Term("refused", _l("Refuse")),
)

# What the coordinators' review points out about a shift (services/shift_review.py).
SHIFT_FLAGS = Vocabulary(
    Term("never_ended", _l("Jamais terminée"), _l("Vacation ouverte depuis plus de 12 heures.")),
    Term("late_sync", _l("Synchro tardive"), _l("Des saisies sont arrivées plus de 24 heures après les faits.")),
    Term("clock_off", _l("Horloge décalée"), _l("L’horloge du téléphone différait de plus de 5 minutes.")),
    Term("no_intervention", _l("Aucune intervention"), _l("Vacation sans intervention.")),
    Term("rejected", _l("Saisies refusées"), _l("Le serveur a refusé des saisies de cette vacation.")),
)

# What the coordinators' list of phones points out (services/devices.py).
DEVICE_FLAGS = Vocabulary(
    Term(
        "silent",
        _l("Sans synchro depuis plus de 2 jours"),
        _l("Le téléphone est peut-être éteint, en panne ou perdu, avec les saisies qu’il garde."),
    ),
    Term(
        "pending_late",
        _l("Saisies en attente depuis plus de 24 h"),
        _l("Des saisies attendent sur le téléphone : la personne qui les a faites doit s’y reconnecter."),
    ),
)

# The audit trail: what kind of row changed, and how (services/audit.py records them).
AUDITED_ENTITIES = Vocabulary(
    Term("user", _l("Personne")),
    Term("mission", _l("Mission")),
    Term("site", _l("Ligne ou site")),
    Term("intervention_type", _l("Type d’intervention")),
    Term("organisation", _l("Organisation")),
    Term("shift", _l("Vacation")),
    Term("intervention", _l("Intervention")),
    Term("export", _l("Export")),
    Term("indicator", _l("Indicateur")),
    Term("network", _l("Réseau")),
)
AUDIT_ACTIONS = Vocabulary(
    Term("create", _l("Création")),
    Term("update", _l("Modification")),
    Term("correct", _l("Correction")),
    Term("delete", _l("Suppression")),
    Term("restore", _l("Restauration")),
    Term("archive", _l("Archivage")),
    Term("unarchive", _l("Rétablissement")),
    Term("retire", _l("Retrait")),
    Term("move", _l("Changement d’ordre")),
    # A shift and its interventions moved to another mission or line (services/shift_move.py).
    Term("relocate", _l("Déplacement")),
    Term("deactivate", _l("Désactivation")),
    Term("reactivate", _l("Réactivation")),
    Term("reset_password", _l("Mot de passe réinitialisé")),
    Term("change_password", _l("Mot de passe changé")),
    Term("logo", _l("Logo")),
    Term("export", _l("Exportation")),
    Term("values", _l("Valeurs saisies")),
    Term("baseline", _l("Chiffres d’une année saisis")),
    Term("join_network", _l("Adhésion à un réseau")),
    Term("leave_network", _l("Départ d’un réseau")),
    Term("catalogue_copy", _l("Catalogue copié")),
)
# The fields an audit entry names, in words (services/audit_words.py): a record's, a mission's,
# a person's, the organisation's and an indicator's; an unknown name reads as itself.
AUDITED_FIELDS = Vocabulary(
    Term("occurred_at", _l("Date et heure")),
    Term("types", _l("Motif(s)")),
    Term("type_ids", _l("Motif(s)")),
    Term("gender", _l("Genre")),
    Term("age_band", _l("Tranche d’âge")),
    Term("place", _l("Lieu")),
    Term("people", _l("Personnes")),
    Term("duration", _l("Durée")),
    Term("mask_reminder", _l("Rappel du port du masque")),
    Term("mask_outcome", _l("Résultat du rappel")),
    Term("rating", _l("Satisfaction")),
    Term("note", _l("Remarque")),
    Term("deleted", _l("Supprimé")),
    Term("shift_id", _l("Vacation")),
    Term("utc_offset_minutes", _l("Décalage horaire du téléphone (minutes)")),
    Term("site_id", _l("Ligne ou site")),
    Term("started_at", _l("Début")),
    Term("ended_at", _l("Fin")),
    Term("teammates", _l("Équipe")),
    Term("interventions", _l("Ses interventions, dans la même action")),
    Term("name", _l("Nom")),
    Term("email", _l("Adresse e-mail")),
    Term("role", _l("Rôle")),
    Term("pole", _l("Pôle")),
    Term("missions", _l("Missions")),
    Term("mission_id", _l("Mission")),
    Term("active", _l("Actif")),
    Term("code", _l("Code")),
    Term("label", _l("Libellé")),
    Term("label_en", _l("Libellé en anglais")),
    Term("partner", _l("Partenaire")),
    Term("mediation", _l("Type de médiation")),
    Term("multi_motif", _l("Plusieurs motifs par intervention")),
    Term("asks_gender", _l("Demande le genre")),
    Term("asks_age_band", _l("Demande la tranche d’âge")),
    Term("asks_place", _l("Demande le lieu")),
    Term("asks_people", _l("Demande le nombre de personnes")),
    Term("asks_duration", _l("Demande la durée")),
    Term("asks_mask_reminder", _l("Demande le rappel du port du masque")),
    Term("asks_rating", _l("Demande la satisfaction")),
    Term("rating_scale", _l("Échelle de satisfaction")),
    Term("default_place", _l("Lieu par défaut")),
    Term("places", _l("Lieux proposés")),
    Term("network", _l("Réseau")),
    Term("position", _l("Position")),
    Term("archived", _l("Archivé")),
    Term("logo", _l("Logo")),
    Term("timezone", _l("Fuseau horaire")),
    Term("note_retention_days", _l("Conservation des remarques (jours)")),
    Term("unit", _l("Unité")),
    Term("periodicity", _l("Périodicité")),
)
# What an export entry of the audit trail names: the table exported and its format.
EXPORT_DATASETS = Vocabulary(
    Term("interventions", _l("Interventions")),
    Term("by_mission", _l("Par mission")),
    Term("by_type", _l("Par motif")),
    Term("by_site", _l("Par ligne ou site")),
    Term("by_mediator", _l("Par médiateur")),
    Term("by_gender", _l("Par genre")),
    Term("by_age_band", _l("Par tranche d’âge")),
    Term("by_place", _l("Par lieu")),
    Term("by_duration", _l("Par durée")),
    Term("by_day", _l("Par jour")),
    Term("hours", _l("Heures")),
    Term("indicators", _l("Indicateurs")),
    # The network's exports (routes/network/pages.py), figures added over its members.
    Term("network_members", _l("Réseau, par membre")),
    Term("network_types", _l("Réseau, par motif")),
)
EXPORT_FORMATS = Vocabulary(
    Term("excel", _l("CSV pour Excel")),
    Term("csv", _l("CSV")),
    Term("xlsx", _l("XLSX")),
)

# People and missions.
ROLES = Vocabulary(
    Term("mediator", _l("Médiateur·rice")),
    Term("coordinator", _l("Coordinateur·rice")),
    Term("admin", _l("Administrateur·rice")),
    # Read-only: one partner's missions of the organisation (figures only, never people or records).
    Term("partner", _l("Partenaire (lecture seule)")),
    # Read-only, across organisations: the tallies of a network's members, added up.
    Term("network", _l("Réseau (lecture seule)")),
)
POLES = Vocabulary(
    Term("transport", _l("Pôle Transport")),
    Term("polyvalent", _l("Pôle Polyvalent")),
)
# The kind of mediation of a mission, as the yearly report splits contacts.
MEDIATIONS = Vocabulary(
    Term("outgoing", _l("Médiation sortante"), _l("dans les véhicules, sur le terrain")),
    Term("posted", _l("Médiation postée"), _l("accueil, guichet")),
)

# How a mission asks for satisfaction (Mission.rating_scale).
RATING_SCALES = Vocabulary(
    Term("stars", _l("1 à 5 étoiles")),
    Term("three_levels", _l("Trois niveaux (très, plutôt, pas du tout satisfait)")),
)
# The answers of the three-level scale, best first. The intervention's `rating` column is a
# number, read by its mission's scale: these codes are that number written as text.
THREE_LEVELS = Vocabulary(
    Term("3", _l("Très satisfait")),
    Term("2", _l("Plutôt satisfait")),
    Term("1", _l("Pas du tout satisfait")),
)

# The periods the dashboard and the exports cover (services/periods.py), "custom" from a day to another.
PERIOD_KINDS = Vocabulary(
    Term("day", _l("Jour")),
    Term("week", _l("Semaine")),
    Term("month", _l("Mois")),
    Term("year", _l("Année")),
    Term("custom", _l("Personnalisée")),
)

# Figures that are not taps (training hours, euros recovered…): their unit and how often entered.
INDICATOR_UNITS = Vocabulary(
    Term("count", _l("Nombre")),
    Term("hours", _l("Heures")),
    Term("euros", _l("Euros")),
)
INDICATOR_PERIODICITIES = Vocabulary(
    Term("monthly", _l("Chaque mois")),
    Term("yearly", _l("Une fois par an")),
)
