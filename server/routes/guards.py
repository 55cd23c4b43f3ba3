"""Access rules shared by the API views."""

from functools import wraps

from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import ApiError


def coordinator_required(view):
    """Signed in as a coordinator or an admin of the organisation."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_coordinator:
            raise ApiError(403, "forbidden", _("You are not allowed to do this."))
        return view(*args, **kwargs)

    return wrapper
