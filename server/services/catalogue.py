"""What a mediator's phone may log: missions, their lines or sites, and intervention types."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..labels import PLACES, label
from ..models import Mission, User


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
        "places": [{"code": code, "label": label(PLACES, code)} for code in PLACES],
        "colleagues": [{"id": colleague.id, "name": colleague.name} for colleague in colleagues],
        "missions": [
            {
                "code": mission.code,
                "label": mission.label,
                "partner": mission.partner,
                "fields": mission.fields,
                "multi_motif": mission.multi_motif,
                "default_place": mission.default_place,
                "sites": [{"code": site.code, "label": site.label} for site in mission.sites if not site.archived],
                "types": [{"code": kind.code, "label": kind.label} for kind in mission.types if kind.active],
            }
            for mission in missions_for(user)
        ],
    }
