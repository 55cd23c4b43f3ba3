"""A signed-in person's own account: choosing a new password (required after a temporary one).

Its own blueprint rather than /admin: mediators and coordinators use it too, from the desk or
from the phone's browser.
"""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...errors import Refusal
from ...forms.people import PasswordChangeForm
from ...services.passwords import change_own_password
from ..pages import form_page, safe_next, show_refusal

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_own_password(current_user, form.current_password.data, form.new_password.data)
            flash(_("Mot de passe changé."), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("web_session.home"))
        except Refusal as refusal:
            show_refusal(form, refusal)
    return form_page("account/password.html", form, forced=current_user.must_change_password)
