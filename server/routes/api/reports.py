from flask_login import current_user

from ...schemas.report import SummaryQuerySchema, SummarySchema
from ...services.reports import summary
from ..guards import api_for
from .blueprint import ApiBlueprint as Blueprint

blp = Blueprint("reports", __name__, url_prefix="/api/reports", description="Aggregated figures")


@blp.route("/summary", methods=["GET"])
@api_for("coordinator", "partner")
@blp.arguments(SummaryQuerySchema, location="query", error_status_code=400)
@blp.response(200, SummarySchema)
@blp.refusals(400, 401, 403, 404)
def report_summary(query):
    """Counts by type, gender, age band, place and mission, and hours of shifts.

    A partner account gets its partner's missions only, whatever it asks.
    """
    return summary(current_user, **query)
