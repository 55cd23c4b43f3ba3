"""Labels of the fixed vocabularies (places, genders, age bands...), French first.

Kept as data rather than gettext messages: the codes are part of the API contract and the
labels are shown on phones that may be offline, so they travel inside the catalogue.
"""

from flask_babel import get_locale

PLACES = {
    "on_board": ("À bord", "On board"),
    "platform": ("À quai", "On the platform"),
    "stop": ("Arrêt", "At a stop"),
    "station": ("En gare", "In the station"),
    "post_office": ("Bureau de poste", "Post office"),
    "desk": ("Guichet", "Desk"),
    "phone": ("Téléphone", "Phone"),
    "home": ("À domicile", "Home visit"),
}
GENDERS = {"female": ("Femme", "Woman"), "male": ("Homme", "Man"), "unknown": ("Non renseigné", "Not given")}
AGE_BANDS = {
    "under_25": ("Moins de 25 ans", "Under 25"),
    "25_60": ("25–60 ans", "25–60"),
    "over_60": ("Plus de 60 ans", "Over 60"),
    "unknown": ("Non renseigné", "Not given"),
}
DURATIONS = {"short": ("Courte", "Short"), "long": ("Longue", "Long")}
MEDIATIONS = {
    "outgoing": ("Médiation sortante", "Outgoing mediation"),
    "posted": ("Médiation postée", "Posted mediation"),
}
MASK_OUTCOMES = {"complied": ("Porte le masque", "Wore the mask"), "refused": ("Refuse", "Refused")}


def label(vocabulary: dict[str, tuple[str, str]], code: str | None) -> str:
    """The label of a code in the current language, or the code itself if unknown."""
    if code is None:
        return ""
    pair = vocabulary.get(code)
    if pair is None:
        return code
    locale = get_locale()
    return pair[1] if locale is not None and locale.language == "en" else pair[0]


def type_label(kind) -> str:
    """An intervention type's label in the current language (French when no English is set)."""
    locale = get_locale()
    if locale is not None and locale.language == "en" and kind.label_en:
        return kind.label_en
    return kind.label
