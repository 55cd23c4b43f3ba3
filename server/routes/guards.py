"""Access rules shared by the API views."""

from functools import wraps

from flask import redirect, request, url_for
from flask_login import current_user, login_required

from ..errors import forbidden
from ..navigation import may


def coordinator_required(view):
    """An API view for coordinators and admins of the organisation."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not may(current_user, "coordinator"):
            raise forbidden()
        return view(*args, **kwargs)

    return wrapper


def page_for(role: str):
    """A desk page: anonymous visitors go to the sign-in form, other roles get a 403 page."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.must_change_password:
                # A temporary password was given by an admin: nothing else until it is replaced.
                return redirect(url_for("account.change_password", next=request.full_path.rstrip("?")))
            if not may(current_user, role):
                raise forbidden()
            return view(*args, **kwargs)

        return wrapper

    return decorator
