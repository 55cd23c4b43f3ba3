from flask_login import current_user

from ...schemas.common import ApiErrorSchema
from ...schemas.report import SummaryQuerySchema, SummarySchema
from ...services.reports import summary
from ..guards import coordinator_required
from .blueprint import ApiBlueprint as Blueprint

blp = Blueprint("reports", __name__, url_prefix="/api/reports", description="Aggregated figures")


@blp.route("/summary", methods=["GET"])
@coordinator_required
@blp.arguments(SummaryQuerySchema, location="query", error_status_code=400)
@blp.response(200, SummarySchema)
@blp.alt_response(400, schema=ApiErrorSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
@blp.alt_response(403, schema=ApiErrorSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
def report_summary(query):
    """Counts by type, gender, age band, place and mission, and hours of shifts."""
    return summary(current_user, **query)
