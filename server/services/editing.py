"""An admin's audited change: the one shape every admin service commits an edit in.

Compare the fields asked with the row's, set those that differ, and commit them with one audit
entry that holds each changed field as [before, after]; when nothing differs, nothing is
written, not even an entry. Missions, sites and types (which publish the catalogue), people,
the organisation's settings and indicators all go through here, and find their rows, give a new
row its code and place, and trim its labels here too.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from ..errors import invalid, not_found
from ..extensions import db
from ..models import User
from .audit import changes_between, record_change


def find_owned(actor: User, model, row_id: int):
    """A row of the actor's organisation; anyone else's is a 404, as if it did not exist."""
    row = db.session.get(model, row_id)
    if row is None or row.organisation_id != actor.organisation_id:
        raise not_found()
    return row


def placed_last(actor: User, model, code: str, taken: str) -> dict:
    """The organisation, code and position of a new row: its code refused (message `taken`) when
    any row of the organisation holds it, archived ones too, as codes are fixed for good; placed
    after the others."""
    scope = model.organisation_id == actor.organisation_id
    if db.session.scalar(select(model.id).where(scope, model.code == code)) is not None:
        raise invalid("code", taken)
    last = db.session.scalar(select(func.max(model.position)).where(scope))
    return {"organisation_id": actor.organisation_id, "code": code, "position": (last or 0) + 1}


def labels(values: dict) -> dict:
    """The French and English labels asked, trimmed; no English one is an empty one."""
    return {"label": values["label"].strip(), "label_en": (values.get("label_en") or "").strip()}


def add_created(actor: User, entity: str, row) -> None:
    """Add a new coded row and its audit entry (its code and label, from nothing) to the
    transaction; the caller commits."""
    db.session.add(row)
    db.session.flush()
    record_change(actor, entity, row.id, "create", {"code": [None, row.code], "label": [None, row.label]})


def apply_changes(row, values: dict) -> dict:
    """Set each value on the row; return {field: [before, after]} for those that changed."""
    changes = changes_between({name: getattr(row, name) for name in values}, values)
    for name in changes:
        setattr(row, name, values[name])
    return changes


def commit_change(
    actor: User | None,
    entity: str,
    row,
    action: str,
    changes: dict,
    *,
    organisation_id: int | None = None,
    network_id: int | None = None,
    on_change: Callable[[dict], None] | None = None,
) -> dict:
    """Commit changes already made to the row with one audit entry; nothing when there are none.

    `on_change` runs before the commit, in the same transaction (a new catalogue version);
    `organisation_id` or `network_id` names the trail of a command-line change (actor None).
    """
    if changes:
        record_change(actor, entity, row.id, action, changes, organisation_id=organisation_id, network_id=network_id)
        if on_change is not None:
            on_change(changes)
        db.session.commit()
    return changes


def audited_change(actor: User | None, entity: str, row, action: str, values: dict, **options) -> dict:
    """Set `values` on the row and commit what changed as commit_change does; returns the changes."""
    return commit_change(actor, entity, row, action, apply_changes(row, values), **options)
