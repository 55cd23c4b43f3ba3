"""What a mediator's phone may log: missions, their lines or sites, intervention types, and the
fixed vocabularies of the answers."""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Mission, User
from ..vocabulary import AGE_BANDS, DURATIONS, GENDERS, MASK_OUTCOMES, PLACES, THREE_LEVELS

# The vocabularies the phone shows as buttons and lists, by their key in the catalogue.
PHONE_VOCABULARIES = {
    "genders": GENDERS,
    "age_bands": AGE_BANDS,
    "places": PLACES,
    "durations": DURATIONS,
    "mask_outcomes": MASK_OUTCOMES,
    # The buttons of a mission rated on three levels; `rating` is the code as a number.
    "three_levels": THREE_LEVELS,
}


def missions_for(user: User) -> list[Mission]:
    """The missions a user logs for: those assigned to them, or all of the organisation's."""
    if user.missions:
        missions = [mission for mission in user.missions if not mission.archived]
        return sorted(missions, key=lambda mission: (mission.position, mission.label))
    query = (
        select(Mission)
        .where(Mission.organisation_id == user.organisation_id, Mission.archived.is_(False))
        .options(selectinload(Mission.sites), selectinload(Mission.types))
        .order_by(Mission.position, Mission.label)
    )
    return list(db.session.scalars(query))


def catalogue_for(user: User) -> dict:
    """The catalogue document the phone keeps offline; `version` tells it when to refetch."""
    colleagues = db.session.scalars(
        select(User)
        .where(User.organisation_id == user.organisation_id, User.active.is_(True), User.id != user.id)
        .order_by(User.name)
    )
    return {
        "version": user.organisation.catalogue_version,
        # Phones older than `vocabularies` read the places here, labelled in the request's language.
        "places": [{"code": code, "label": PLACES.label(code)} for code in PLACES],
        # Every label in every language: the mediator switches language offline.
        "vocabularies": {
            name: vocabulary.in_languages(current_app.config["LANGUAGES"])
            for name, vocabulary in PHONE_VOCABULARIES.items()
        },
        "colleagues": [{"id": colleague.id, "name": colleague.name} for colleague in colleagues],
        "missions": [
            {
                "code": mission.code,
                "label": mission.label,
                "partner": mission.partner,
                "fields": mission.fields,
                "multi_motif": mission.multi_motif,
                "default_place": mission.default_place,
                # Added later: an app that ignores it shows five stars.
                "rating_scale": mission.rating_scale,
                "sites": [{"code": site.code, "label": site.label} for site in mission.sites if not site.archived],
                "types": [{"code": kind.code, "label": kind.label} for kind in mission.types if kind.active],
            }
            for mission in missions_for(user)
        ],
    }
