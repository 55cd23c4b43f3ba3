"""Applying and auditing edits: shared by the admin services."""

from __future__ import annotations

from .audit import jsonable


def apply_changes(row, values: dict) -> dict:
    """Set each value on the row; return {field: [before, after]} for those that changed."""
    changes = {}
    for name, value in values.items():
        before = getattr(row, name)
        if before != value:
            changes[name] = [jsonable(before), jsonable(value)]
            setattr(row, name, value)
    return changes
