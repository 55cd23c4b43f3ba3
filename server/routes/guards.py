"""Access rules shared by the views: who may open a page or call an API route."""

from functools import wraps

from flask import redirect, request, url_for
from flask_login import current_user, login_required

from ..errors import forbidden
from ..navigation import may


def api_for(*roles: str):
    """An API view for the given roles (see navigation.may); anyone else signed in gets a 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not may(current_user, *roles):
                raise forbidden()
            return view(*args, **kwargs)

        return wrapper

    return decorator


# An API view for coordinators and admins of the organisation.
coordinator_required = api_for("coordinator")


def page_for(*roles: str):
    """A desk page: anonymous visitors go to the sign-in form, other roles get a 403 page."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.must_change_password:
                # A temporary password was given by an admin: nothing else until it is replaced.
                return redirect(url_for("account.change_password", next=request.full_path.rstrip("?")))
            if not may(current_user, *roles):
                raise forbidden()
            return view(*args, **kwargs)

        return wrapper

    return decorator
