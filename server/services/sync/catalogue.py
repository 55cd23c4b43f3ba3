"""The catalogue rows a sync checks records against, kept in the process per version.

Three queries over the whole catalogue were a third of a phone's usual one-record request.
The catalogue changes a few times a year and every change visible to phones bumps the
organisation's `catalogue_version` (services/missions.publish_catalogue), read with the
request's session and user: a record is checked against the catalogue committed when the
request began, as if it had arrived a moment earlier (codes are retired, never deleted, so
a row a record refers to still exists). A change made in this process by any other path (a
script, a test fixture) empties the copy at flush.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Row, event, select
from sqlalchemy.orm import Session

from ...extensions import db
from ...models import InterventionType, Mission, Organisation, Site


@dataclass(frozen=True)
class CatalogueRows:
    """Plain rows (id, code, multi_motif, places, rating_scale) / (id, mission_id, code)."""

    missions: dict[str, Row]
    missions_by_id: dict[int, Row]
    sites: dict[tuple[int, str], Row]
    types: dict[tuple[int, str], Row]


# (database, organisation id, its creation time, version) -> rows. The creation time tells
# apart an organisation that reuses a deleted one's id.
_copies: dict[tuple, CatalogueRows] = {}
_lock = threading.Lock()


def catalogue_rows(organisation: Organisation) -> CatalogueRows:
    """The organisation's catalogue, as of the version its row (loaded with the session) says."""
    key = (str(db.session.get_bind().url), organisation.id, organisation.created_at, organisation.catalogue_version)
    rows = _copies.get(key)
    if rows is None:
        rows = _load(organisation.id)
        with _lock:
            # One version per organisation is enough: the older ones are never asked again.
            for old in [old for old in _copies if old[:3] == key[:3]]:
                _copies.pop(old, None)
            _copies[key] = rows
    return rows


def _load(organisation_id: int) -> CatalogueRows:
    missions = db.session.execute(
        select(Mission.id, Mission.code, Mission.multi_motif, Mission.places, Mission.rating_scale).where(
            Mission.organisation_id == organisation_id
        )
    ).all()
    mission_ids = [mission.id for mission in missions]
    sites = db.session.execute(
        select(Site.id, Site.mission_id, Site.code).where(Site.mission_id.in_(mission_ids))
    ).all()
    types = db.session.execute(
        select(InterventionType.id, InterventionType.mission_id, InterventionType.code).where(
            InterventionType.mission_id.in_(mission_ids)
        )
    ).all()
    return CatalogueRows(
        missions={mission.code: mission for mission in missions},
        missions_by_id={mission.id: mission for mission in missions},
        sites={(site.mission_id, site.code): site for site in sites},
        types={(kind.mission_id, kind.code): kind for kind in types},
    )


_CATALOGUE = (Mission, Site, InterventionType)


@event.listens_for(Session, "after_flush")
def _forget_changed_catalogues(session, _context) -> None:
    if any(isinstance(row, _CATALOGUE) for rows in (session.new, session.dirty, session.deleted) for row in rows):
        session.info["catalogue_changed"] = True
        _forget()


@event.listens_for(Session, "after_commit")
def _forget_committed_catalogues(session) -> None:
    # Again once committed: another thread may have copied the old rows in between.
    if session.info.pop("catalogue_changed", False):
        _forget()


def _forget() -> None:
    with _lock:
        _copies.clear()
