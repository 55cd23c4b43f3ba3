"""The organisation's phones as they last synced: kept up to date by every sync, listed for the
coordinators so that a phone holding unsent records is noticed before the records are lost."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Device, User
from ..models.clock import to_naive_utc, utcnow

# A phone silent this long may be off, broken or lost, with its records on it.
SILENT_LIMIT = timedelta(days=2)
# Records still on a phone this long after they were logged are late for the figures
# (the review's "late sync" uses the same day).
PENDING_LIMIT = timedelta(hours=24)


def record_device(user: User, device_id: str, report: dict | None, now: datetime) -> None:
    """Note a sync of this device by this user, with what the phone reported (if it did)."""
    report = report or {}
    pending = report.get("pending")
    values = {
        "last_sync_at": now,
        "last_user_id": user.id,
        "pending": pending,
        # Nothing waiting has no oldest record, whatever the phone says.
        "oldest_pending_at": _plausible(report.get("oldest_pending")) if pending else None,
        "app_version": report.get("app_version") or None,
    }
    # Every sync writes this row: one UPDATE for a known phone, without loading it first.
    known = db.session.execute(
        _UPDATE_DEVICE, {**values, "_organisation_id": user.organisation_id, "_device": device_id}
    )
    if known.rowcount == 0:
        db.session.add(Device(organisation_id=user.organisation_id, device_id=device_id, **values))


# Built once, on the table (no ORM objects to keep in step): it runs at every sync.
_UPDATE_DEVICE = update(Device.__table__).where(
    Device.__table__.c.organisation_id == bindparam("_organisation_id"),
    Device.__table__.c.device_id == bindparam("_device"),
)


def device_flags(device: Device, now: datetime) -> list[str]:
    """The codes of DEVICE_FLAGS that apply to a device now."""
    flags = []
    if now - device.last_sync_at > SILENT_LIMIT:
        flags.append("silent")
    if device.pending and device.oldest_pending_at is not None and now - device.oldest_pending_at > PENDING_LIMIT:
        flags.append("pending_late")
    return flags


def list_devices(user: User) -> list[dict]:
    """The organisation's devices with their flags: flagged ones first, then the latest synced."""
    now = utcnow()
    devices = db.session.scalars(
        select(Device)
        .where(Device.organisation_id == user.organisation_id)
        .options(selectinload(Device.last_user))
        .order_by(Device.last_sync_at.desc(), Device.id)
    )
    rows = [{"device": device, "flags": device_flags(device, now)} for device in devices]
    # A stable sort keeps the latest-synced order within each group.
    return sorted(rows, key=lambda row: not row["flags"])


# A phone with a wrong clock still reports; a time no phone could mean is kept as unknown.
EARLIEST_REPORT, LATEST_REPORT = datetime(2000, 1, 1), datetime(2100, 1, 1)


def _plausible(reported: datetime | None) -> datetime | None:
    if reported is None:
        return None
    try:
        when = to_naive_utc(reported)
    except OverflowError:  # year 1 with an offset east of UTC, year 9999 west of it
        return None
    return when if EARLIEST_REPORT <= when <= LATEST_REPORT else None
