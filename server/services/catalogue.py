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
    """The missions a user logs for.

    A mediator's phone lists the missions an admin assigned to them; with none (or only
    archived ones), those of their pole, so a tram mediator never scrolls past the post
    offices; all only when they have no pole. Coordinators and admins see every mission:
    they stand in for anyone.
    """
    assigned = [mission for mission in user.missions if not mission.archived]
    if assigned and not user.is_coordinator:
        return sorted(assigned, key=lambda mission: (mission.position, mission.label))
    query = (
        select(Mission)
        .where(Mission.organisation_id == user.organisation_id, Mission.archived.is_(False))
        .options(selectinload(Mission.sites), selectinload(Mission.types))
        .order_by(Mission.position, Mission.label)
    )
    if user.pole and not user.is_coordinator:
        query = query.where(Mission.pole == user.pole)
    return list(db.session.scalars(query))


def colleagues_for(user: User) -> list[User]:
    """Whom a user may name as teammates on a shift: the organisation's active mediators."""
    query = (
        select(User)
        .where(
            User.organisation_id == user.organisation_id,
            User.role == "mediator",
            User.active.is_(True),
            User.id != user.id,
        )
        .order_by(User.name)
    )
    return list(db.session.scalars(query))


def _labels(row) -> dict[str, str]:
    # Typed by an admin in both languages; an English phone falls back to the French label.
    return {"fr": row.label, "en": row.label_en or row.label}


def catalogue_for(user: User) -> dict:
    """The catalogue document the phone keeps offline; `version` tells it when to refetch."""
    return {
        "version": user.organisation.catalogue_version,
        # Phones older than `vocabularies` read the places here, labelled in the request's language.
        "places": [{"code": code, "label": PLACES.label(code)} for code in PLACES],
        # Every label in every language: the mediator switches language offline.
        "vocabularies": {
            name: vocabulary.in_languages(current_app.config["LANGUAGES"])
            for name, vocabulary in PHONE_VOCABULARIES.items()
        },
        "colleagues": [{"id": colleague.id, "name": colleague.name} for colleague in colleagues_for(user)],
        "missions": [
            {
                "code": mission.code,
                # `label` (French) is what phones older than `labels` read.
                "label": mission.label,
                "labels": _labels(mission),
                "partner": mission.partner,
                "fields": mission.fields,
                "multi_motif": mission.multi_motif,
                "places": mission.places,
                "default_place": mission.default_place,
                # Added later: an app that ignores it shows five stars.
                "rating_scale": mission.rating_scale,
                "sites": [
                    {"code": site.code, "label": site.label, "labels": _labels(site)}
                    for site in mission.sites
                    if not site.archived
                ],
                "types": [
                    {"code": kind.code, "label": kind.label, "labels": _labels(kind)}
                    for kind in mission.types
                    if kind.active
                ],
            }
            for mission in missions_for(user)
        ],
    }
