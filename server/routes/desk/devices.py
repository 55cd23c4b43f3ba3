"""The coordinator's list of the organisation's phones."""

from flask import render_template
from flask_login import current_user

from ...services.devices import list_devices
from ..guards import page_for
from . import bp


@bp.get("/devices")
@page_for("coordinator")
def devices():
    """Each phone's last sync, its last user and the records it still holds."""
    return render_template("desk/devices.html", rows=list_devices(current_user))
