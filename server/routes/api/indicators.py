"""Indicators over the API: a PIMMS imports a year's figures from its spreadsheet."""

from flask_login import current_user

from ...schemas.indicator import IndicatorQuerySchema, IndicatorValueSchema, IndicatorYearSchema, StoreResultSchema
from ...services.indicator_values import set_indicator_values, values_document
from ..guards import coordinator_required
from .blueprint import ApiBlueprint as Blueprint

blp = Blueprint("indicators", __name__, url_prefix="/api", description="Figures that are not taps")


@blp.route("/indicators", methods=["GET"])
@coordinator_required
@blp.arguments(IndicatorQuerySchema, location="query", error_status_code=400)
@blp.response(200, IndicatorYearSchema)
@blp.refusals(400, 401, 403)
def read_indicators(query):
    """The organisation's indicators and a year's values, rows shaped as PUT takes them."""
    return values_document(current_user, query["year"])


@blp.route("/indicators", methods=["PUT"])
@coordinator_required
@blp.arguments(IndicatorValueSchema(many=True), error_status_code=400)
@blp.response(200, StoreResultSchema)
@blp.refusals(400, 401, 403, 413)
def store_indicators(rows):
    """Store values by indicator code, year and month: all rows or none (errors by row index).

    Sending the same rows again changes nothing; a null value clears one.
    """
    return set_indicator_values(current_user, rows)
