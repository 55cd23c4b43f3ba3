"""Applying and auditing edits: shared by the admin services."""

from __future__ import annotations

from .audit import changes_between


def apply_changes(row, values: dict) -> dict:
    """Set each value on the row; return {field: [before, after]} for those that changed."""
    changes = changes_between({name: getattr(row, name) for name in values}, values)
    for name in changes:
        setattr(row, name, values[name])
    return changes
