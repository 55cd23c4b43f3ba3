"""Admin pages: people, missions and their catalogue, the organisation; a person's own account."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import indicators, missions, organisation, parts, people  # noqa: E402,F401 - attach their views to bp
from .account import bp as account_bp  # noqa: E402

blueprints = (bp, account_bp)
