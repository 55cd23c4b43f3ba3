"""What every record of one sync request is checked against, and the rule for an id seen before."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import Row, select

from ...extensions import db
from ...models import Shift, User
from ...models.clock import to_naive_utc
from ..audit import changes_between, record_change
from ..tallies import Deltas


@dataclass
class Batch:
    """The organisation's catalogue, loaded once per request, and the results so far."""

    user: User
    device_id: str
    zone: ZoneInfo
    now: datetime
    catalogue_version: int
    # Rows (id, code, multi_motif, places, rating_scale) / (id, mission_id, code), not ORM objects.
    missions: dict[str, Row]
    missions_by_id: dict[int, Row]
    sites: dict[tuple[int, str], Row]
    types: dict[tuple[int, str], Row]
    shifts: dict[uuid.UUID, Shift] = field(default_factory=dict)
    results: list[dict] = field(default_factory=list)
    # Signed changes to the per-day tallies, written once at the end of the batch.
    tallies: Deltas = field(default_factory=Deltas)
    # A record id the phone spelt otherwise than str(uuid) does, as it spelt it.
    spellings: dict[uuid.UUID, str] = field(default_factory=dict)

    def result(self, record_id, status: str, errors: dict | None = None) -> None:
        spelt = self.spellings.get(record_id) or str(record_id)
        entry = {"id": spelt if record_id is not None else None, "status": status}
        if errors:
            entry["errors"] = errors
        self.results.append(entry)


def conflict(reason: str) -> dict:
    """The errors of a `conflict` result: a message for the mediator and a code for the app."""
    messages = {
        "owner": _("Cet enregistrement appartient à quelqu’un d’autre."),
        "corrected": _("Un coordinateur a corrigé cet enregistrement ; votre version n’a pas été appliquée."),
        "stale": _("Le serveur détient une autre version de cet enregistrement."),
        "duplicate": _("Le même enregistrement a été envoyé deux fois avec un contenu différent."),
    }
    return {"_record": [messages[reason]], "reason": [reason]}


def reconcile(
    batch: Batch,
    row,
    values: dict,
    updated_at: datetime,
    entity: str,
    snapshot: Callable[[object], dict],
    apply: Callable[[Batch, object, dict], None],
) -> tuple[str, dict | None]:
    """Decide what a record whose id the server already holds does to the stored row."""
    user = batch.user
    if row.organisation_id != user.organisation_id or row.mediator_id != user.id:
        return "conflict", conflict("owner")
    if row.deleted:
        # Whoever deleted it, a tombstone replay is what the phone wants; anything else
        # must not bring the record back to life.
        return ("unchanged", None) if values["deleted"] else ("gone", {"_record": [_("Supprimé sur le serveur.")]})
    before = snapshot(row)
    if before == values:
        return "unchanged", None
    if row.corrected_at is not None:
        return "conflict", conflict("corrected")
    updated_at = to_naive_utc(updated_at)
    if updated_at <= row.client_updated_at:
        return "conflict", conflict("stale")
    apply(batch, row, values)
    row.client_updated_at = updated_at
    row.updated_at = batch.now
    changes = changes_between(before, values)
    record_change(user, entity, row.id, "delete" if values["deleted"] else "update", changes, reason="sync")
    return "updated", None


def locked_by_id(model, ids, *options) -> dict:
    """The rows of `model` with these ids, locked until the batch commits.

    Locked (PostgreSQL; SQLite's writers are already one at a time) so that a coordinator's
    correction committed meanwhile is seen, not overwritten, and the tally deltas start from
    the row as it is. Id order, shifts before interventions: two batches never wait on each
    other in a circle.
    """
    if not ids:
        return {}
    query = (
        select(model)
        .where(model.id.in_(ids))
        .order_by(model.id)
        .options(*options)
        .with_for_update(of=model)
        .execution_options(populate_existing=True)
    )
    return {row.id: row for row in db.session.scalars(query)}
