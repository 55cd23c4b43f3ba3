from flask_login import current_user, login_required
from flask_smorest import Blueprint

from ..schemas.common import ApiErrorSchema
from ..schemas.sync import SyncRequestSchema, SyncResponseSchema
from ..services.sync import apply_sync_batch

blp = Blueprint("sync", __name__, url_prefix="/api", description="Phone to server synchronisation")


@blp.route("/sync", methods=["POST"])
@login_required
@blp.arguments(SyncRequestSchema, error_status_code=400)
@blp.response(200, SyncResponseSchema)
@blp.alt_response(400, schema=ApiErrorSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
@blp.alt_response(413, schema=ApiErrorSchema)
def sync(envelope):
    """Store shift and intervention records; one result per record, replays are harmless."""
    return apply_sync_batch(current_user, envelope)
