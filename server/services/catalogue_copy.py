"""Copying another organisation's catalogue, by code, so that a network's members add up by the
same codes: at creation (`orgs create --catalogue-from`) or later, by an admin, from another
member of its network (the organisation page). One function, `copy_catalogue`, for both.

Missions, their lines or sites and their intervention types, with their codes, labels and
settings; never people, shifts, records, indicators or the organisation's settings. A code the
organisation already has is kept as it is when it means the same (the same label, whatever its
case); one that means something else refuses the whole copy, nothing written, every such code
named, so the admin renames one side first.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..database import begin_write
from ..errors import invalid, not_found
from ..extensions import db
from ..models import InterventionType, Mission, NetworkMembership, Organisation, Site, User
from .audit import record_change
from .networks import current_membership


@dataclass
class CopiedCatalogue:
    """How many of each the copy added (those already there are not counted)."""

    missions: int = 0
    sites: int = 0
    types: int = 0


def _columns(row, *skipped: str) -> dict:
    # A list (a mission's places) is copied, never shared between the two rows.
    values = {column.key: getattr(row, column.key) for column in row.__table__.columns if column.key not in skipped}
    return {key: list(value) if isinstance(value, list) else value for key, value in values.items()}


def _same(ours, theirs) -> bool:
    return ours.label.strip().casefold() == theirs.label.strip().casefold()


def _missions(organisation: Organisation, live_only: bool) -> list[Mission]:
    query = (
        select(Mission)
        .where(Mission.organisation_id == organisation.id)
        .options(selectinload(Mission.sites), selectinload(Mission.types))
        .order_by(Mission.position, Mission.id)
    )
    if live_only:
        query = query.where(Mission.archived.is_(False))
    return list(db.session.scalars(query))


def copy_catalogue(actor: User | None, source: Organisation, organisation: Organisation) -> CopiedCatalogue:
    """Add to the organisation's catalogue the source's live missions, lines or sites and
    active types it lacks, by code (archived and retired ones stay behind); audited in the
    organisation's trail, the catalogue republished when anything was added. The caller commits."""
    ours = {mission.code: mission for mission in _missions(organisation, live_only=False)}
    conflicts: list[str] = []
    copied = CopiedCatalogue()
    additions: list = []
    for mission in _missions(source, live_only=True):
        sites = [site for site in mission.sites if not site.archived]
        types = [kind for kind in mission.types if kind.active]
        existing = ours.get(mission.code)
        if existing is None:
            copy = Mission(**_columns(mission, "id", "organisation_id"), organisation_id=organisation.id)
            copy.sites = [Site(**_columns(site, "id", "mission_id")) for site in sites]
            copy.types = [InterventionType(**_columns(kind, "id", "mission_id")) for kind in types]
            additions.append(copy)
            copied.missions, copied.sites, copied.types = (
                copied.missions + 1,
                copied.sites + len(sites),
                copied.types + len(types),
            )
            continue
        if not _same(existing, mission):
            conflicts.append(_mission_conflict(existing, mission))
            continue
        for rows, model, theirs in ((existing.sites, Site, sites), (existing.types, InterventionType, types)):
            by_code = {row.code: row for row in rows}
            position = max((row.position for row in rows), default=-1) + 1
            for row in theirs:
                present = by_code.get(row.code)
                if present is None:
                    additions.append(
                        model(
                            **_columns(row, "id", "mission_id", "position"), mission_id=existing.id, position=position
                        )
                    )
                    position += 1
                    if model is Site:
                        copied.sites += 1
                    else:
                        copied.types += 1
                elif not _same(present, row):
                    conflicts.append(_row_conflict(existing, present, row))
    if conflicts:
        summary = _(
            "Des codes existent déjà avec un autre sens : rien n’a été copié. Renommez d’abord l’un des deux côtés."
        )
        raise invalid(fields={"source": [summary, *conflicts]}, summary=summary)
    db.session.add_all(additions)
    if additions:
        organisation.bump_catalogue()
    changes = {
        "catalogue_from": [None, source.name],
        "missions": [None, copied.missions],
        "sites": [None, copied.sites],
        "types": [None, copied.types],
    }
    record_change(actor, "organisation", organisation.id, "catalogue_copy", changes, organisation_id=organisation.id)
    return copied


def _mission_conflict(ours: Mission, theirs: Mission) -> str:
    return _(
        "La mission %(code)s s’appelle « %(ours)s » chez vous et « %(theirs)s » chez l’autre membre.",
        code=ours.code,
        ours=ours.label,
        theirs=theirs.label,
    )


def _row_conflict(mission: Mission, ours, theirs) -> str:
    return _(
        "Dans la mission %(mission)s, le code %(code)s désigne « %(ours)s » chez vous et « %(theirs)s » chez "
        "l’autre membre.",
        mission=mission.code,
        code=ours.code,
        ours=ours.label,
        theirs=theirs.label,
    )


def fellow_members(organisation: Organisation) -> list[Organisation]:
    """The other current members of the organisation's network, by name: whose catalogue it may copy."""
    membership = current_membership(organisation)
    if membership is None:
        return []
    return list(
        db.session.scalars(
            select(Organisation)
            .join(NetworkMembership, NetworkMembership.organisation_id == Organisation.id)
            .where(
                NetworkMembership.network_id == membership.network_id,
                NetworkMembership.left_at.is_(None),
                Organisation.id != organisation.id,
            )
            .order_by(Organisation.name, Organisation.id)
        )
    )


def copy_member_catalogue(actor: User, source_id: int) -> CopiedCatalogue:
    """An admin copies into its organisation the catalogue of another member of its network."""
    begin_write()
    organisation = actor.organisation
    source = next((member for member in fellow_members(organisation) if member.id == source_id), None)
    if source is None:
        # Not a fellow member (or no longer): as if it did not exist.
        raise not_found(_("Aucun autre membre de votre réseau ne porte ce numéro."))
    copied = copy_catalogue(actor, source, organisation)
    db.session.commit()
    return copied
