"""An admin's audited change: the one shape every admin service commits an edit in.

Compare the fields asked with the row's, set those that differ, and commit them with one audit
entry that holds each changed field as [before, after]; when nothing differs, nothing is
written, not even an entry. Missions, sites and types (which publish the catalogue), people,
the organisation's settings and indicators all go through here.
"""

from __future__ import annotations

from collections.abc import Callable

from ..extensions import db
from ..models import User
from .audit import changes_between, record_change


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
    on_change: Callable[[dict], None] | None = None,
) -> dict:
    """Commit changes already made to the row with one audit entry; nothing when there are none.

    `on_change` runs before the commit, in the same transaction (a new catalogue version);
    `organisation_id` names the trail of a command-line change (actor None).
    """
    if changes:
        record_change(actor, entity, row.id, action, changes, organisation_id=organisation_id)
        if on_change is not None:
            on_change(changes)
        db.session.commit()
    return changes


def audited_change(actor: User | None, entity: str, row, action: str, values: dict, **options) -> dict:
    """Set `values` on the row and commit what changed as commit_change does; returns the changes."""
    return commit_change(actor, entity, row, action, apply_changes(row, values), **options)
