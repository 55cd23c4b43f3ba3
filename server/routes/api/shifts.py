import uuid

from flask_login import current_user

from ...schemas.shift import ShiftDetailSchema, ShiftFilterSchema, ShiftSchema
from ...services.shifts import get_shift, list_shifts
from ..guards import api_for
from .blueprint import ApiBlueprint as Blueprint

blp = Blueprint("shifts", __name__, url_prefix="/api", description="Shifts and their interventions")


@blp.route("/shifts", methods=["GET"])
@api_for("mediator")
@blp.arguments(ShiftFilterSchema, location="query", error_status_code=400)
@blp.response(200, ShiftSchema(many=True))
@blp.refusals(400, 401, 403)
def shifts_index(filters):
    """A mediator's own shifts; a coordinator's whole organisation."""
    return list_shifts(current_user, **filters)


@blp.route("/shifts/<uuid:shift_id>", methods=["GET"])
@api_for("mediator")
@blp.response(200, ShiftDetailSchema)
@blp.refusals(401, 403, 404)
def shift_detail(shift_id: uuid.UUID):
    """One shift with its interventions."""
    return get_shift(current_user, shift_id)
