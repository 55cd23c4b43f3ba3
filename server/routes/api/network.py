from flask_login import current_user

from ...schemas.report import NetworkSummaryQuerySchema, NetworkSummarySchema
from ...services.network_summary import network_summary
from ..guards import api_for
from .blueprint import ApiBlueprint as Blueprint

blp = Blueprint("network", __name__, url_prefix="/api/network", description="A network's figures")


@blp.route("/summary", methods=["GET"])
@api_for("network")
@blp.arguments(NetworkSummaryQuerySchema, location="query", error_status_code=400)
@blp.response(200, NetworkSummarySchema)
@blp.refusals(400, 401, 403)
def summary(query):
    """The member organisations' figures added up (from their per-day tallies), with each
    member's totals in `by_organisation`; `partner=` keeps that partner's missions."""
    return network_summary(current_user, **query)
