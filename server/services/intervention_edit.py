"""Rewriting a stored intervention: the one path a phone's edit and a coordinator's correction take.

Whoever changes a row, its contribution to the per-day tallies is taken out before and put
back after, its local day and hour follow its moment, and its motifs follow its types: the
figures never count a row twice, or on a day it no longer belongs to. The caller holds the
row's lock and writes the tallies in the same transaction (see services/tallies.py).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import update

from ..extensions import db
from ..models import Intervention, InterventionMotif, Shift
from ..models.clock import local_day_and_hour
from .tallies import Deltas, move_site_tallies, tally_deltas, tally_snapshot

# The fields a phone sets, compared to tell a replay from an edit.
PHONE_FIELDS = (
    "shift_id",
    "occurred_at",
    "utc_offset_minutes",
    "gender",
    "age_band",
    "place",
    "people",
    "duration",
    "mask_reminder",
    "mask_outcome",
    "rating",
    "note",
    "deleted",
)

# What a coordinator may correct (its types apart): what the phone sets, but the shift it
# belongs to, the offset it was written with and the tombstone.
CORRECTABLE_FIELDS = tuple(name for name in PHONE_FIELDS if name not in {"shift_id", "utc_offset_minutes", "deleted"})


def motif_type_ids(row: Intervention) -> tuple[int, ...]:
    """The row's intervention types, in the order they were chosen."""
    return tuple(motif.type_id for motif in row.motifs)


def phone_values(row: Intervention) -> dict:
    """What a phone set on the row, types as `type_ids`: a replay equal to it changes nothing."""
    values = {name: getattr(row, name) for name in PHONE_FIELDS}
    values["type_ids"] = motif_type_ids(row)
    return values


def rewrite_intervention(row: Intervention, values: dict, zone: ZoneInfo, tallies: Deltas) -> None:
    """Set `values` (fields of PHONE_FIELDS, and `type_ids`) on a locked row.

    The tallies' signed changes are added to `tallies`, for the caller to apply before it
    commits. A new moment moves the local day and hour with it, read in `zone`.
    """
    tally_deltas([tally_snapshot(row)], -1, tallies)
    for name, value in values.items():
        if name != "type_ids":
            setattr(row, name, value)
    if "occurred_at" in values:
        row.occurred_on, row.occurred_hour = local_day_and_hour(row.occurred_at, zone)
    type_ids = values.get("type_ids")
    if type_ids is not None and tuple(type_ids) != motif_type_ids(row):
        row.motifs = [InterventionMotif(type_id=type_id, position=index) for index, type_id in enumerate(type_ids)]
    tally_deltas([tally_snapshot(row)], 1, tallies)


def move_shift_interventions(shift: Shift, site_id: int | None, tallies: Deltas) -> None:
    """A shift's line or site changed: its interventions carry it for reports, and so do the tallies."""
    move_site_tallies(shift.id, shift.site_id, site_id, tallies)
    db.session.execute(update(Intervention).where(Intervention.shift_id == shift.id).values(site_id=site_id))
