"""Satisfaction scales: which ratings a mission accepts, how the phone shows them, how the
report counts them. The intervention's `rating` is read by its mission's scale."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import invalid
from ..extensions import db
from ..models import Intervention, Mission
from ..vocabulary import THREE_LEVELS

# The ratings each scale accepts, in the order the phone shows its buttons.
SCALE_VALUES = {"stars": (1, 2, 3, 4, 5), "three_levels": tuple(int(code) for code in THREE_LEVELS)}


def rating_error(scale: str, rating: int | None) -> str | None:
    """Why a rating does not fit its mission's scale, or None when it does (or is absent)."""
    if rating is None or rating in SCALE_VALUES[scale]:
        return None
    if scale == "three_levels":
        return _("Cette mission note sur trois niveaux : 3 (très), 2 (plutôt) ou 1 (pas du tout satisfait).")
    return _("Cette mission note de 1 à 5 étoiles.")


def check_rating(mission_id: int, rating: int | None) -> None:
    """Refuse a coordinator's rating that does not fit the mission's scale."""
    scale = db.session.scalar(select(Mission.rating_scale).where(Mission.id == mission_id))
    if message := rating_error(scale, rating):
        raise invalid("rating", message)


def rating_levels(scale: str) -> list[dict]:
    """The buttons of the phone's rating step, labelled in the user's language."""
    if scale == "three_levels":
        return [{"value": value, "label": THREE_LEVELS.label(str(value))} for value in SCALE_VALUES[scale]]
    return [{"value": value, "label": f"{value}★"} for value in SCALE_VALUES[scale]]


def check_scale_change(mission: Mission, scale: str) -> str | None:
    """Why a mission's scale may not change now: past ratings would be read on the new scale."""
    if scale == mission.rating_scale:
        return None
    rated = select(Intervention.id).where(Intervention.mission_id == mission.id, Intervention.rating.is_not(None))
    if db.session.scalar(rated.limit(1)) is None:
        return None
    return _(
        "Des notes ont déjà été saisies sur l’échelle actuelle : elles seraient lues sur la nouvelle. "
        "Créez une nouvelle mission pour changer d’échelle."
    )


def satisfaction_summary(scale: str, ratings: dict[int, int]) -> dict:
    """The report's satisfaction figures: share of 5 stars, or share of "Très satisfait"."""
    wanted = SCALE_VALUES[scale]
    counted = {value: ratings.get(value, 0) for value in wanted}
    rated = sum(counted.values())
    top = max(wanted)
    summary = {
        "scale": scale,
        "rated": rated,
        "top_share": counted[top] * 100.0 / rated if rated else None,
        "average": sum(value * count for value, count in counted.items()) / rated if rated else None,
        "by_level": [
            {
                "label": _level_label(scale, value),
                "count": counted[value],
                "share": counted[value] * 100.0 / rated if rated else 0.0,
            }
            for value in sorted(wanted, reverse=True)
            if counted[value]
        ],
    }
    # The name the report used before scales existed.
    summary["five_stars"] = summary["top_share"] if scale == "stars" else None
    return summary


def _level_label(scale: str, value: int) -> str:
    return THREE_LEVELS.label(str(value)) if scale == "three_levels" else str(value)
