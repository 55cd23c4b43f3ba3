from flask_login import current_user

from ...schemas.sync import InterventionRecordSchema, ShiftRecordSchema, SyncRequestSchema, SyncResponseSchema
from ...services.sync import apply_sync_batch
from ..guards import api_for
from .blueprint import ApiBlueprint as Blueprint

blp = Blueprint("sync", __name__, url_prefix="/api", description="Phone to server synchronisation")


@blp.route("/sync", methods=["POST"])
@api_for("mediator")
@blp.arguments(SyncRequestSchema, error_status_code=400)
@blp.response(200, SyncResponseSchema)
@blp.refusals(400, 401, 403, 413)
def sync(envelope):
    """Store shift and intervention records; one result per record, replays are harmless.

    403 `password_change_required` while the person still has a temporary password.
    """
    return apply_sync_batch(current_user, envelope)


def document_records(api) -> None:
    """Name the record schemas in the OpenAPI document; the envelope refers to them."""
    api.spec.components.schema("ShiftRecord", schema=ShiftRecordSchema)
    api.spec.components.schema("InterventionRecord", schema=InterventionRecordSchema)

    def record_items(converter, field, **kwargs) -> dict:
        # The envelope accepts any objects and validates each one on its own (an invalid
        # record gets `invalid` in the results): saying `items: $ref` would be untrue.
        name = field.metadata.get("record")
        if not name:
            return {}
        return {
            "items": {"type": "object"},
            "description": f"Each item is checked as a {name} (#/components/schemas/{name}); "
            "one that is not gets status `invalid` in the results and the others are still stored.",
        }

    api.ma_plugin.converter.add_attribute_function(record_items)
