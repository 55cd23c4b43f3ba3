"""A network's own pages (a `network` account, of no organisation): the dashboard of its members'
figures, the national yearly report of a partner, and their export."""

from flask import Blueprint

bp = Blueprint("network_pages", __name__, url_prefix="/network")

from . import pages  # noqa: E402,F401 - attach their views to bp

blueprints = (bp,)
