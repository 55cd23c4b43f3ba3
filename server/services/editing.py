"""Small helpers shared by the admin services: refusing a field, applying and auditing edits."""

from __future__ import annotations

from flask_babel import gettext as _

from ..errors import ApiError
from .audit import jsonable


def refuse(field: str, message: str) -> ApiError:
    """A 400 whose message the form shows next to `field` (raise what this returns)."""
    return ApiError(400, "invalid", _("Certains champs ne sont pas valides."), {field: [message]})


def apply_changes(row, values: dict) -> dict:
    """Set each value on the row; return {field: [before, after]} for those that changed."""
    changes = {}
    for name, value in values.items():
        before = getattr(row, name)
        if before != value:
            changes[name] = [jsonable(before), jsonable(value)]
            setattr(row, name, value)
    return changes
