from flask_login import current_user

from ...schemas.catalogue import CatalogueSchema
from ...services.catalogue import catalogue_for
from ..guards import api_for
from .blueprint import ApiBlueprint as Blueprint

blp = Blueprint("catalogue", __name__, url_prefix="/api", description="What a phone may log")


@blp.route("/catalogue", methods=["GET"])
@api_for("mediator")
@blp.response(200, CatalogueSchema)
@blp.refusals(401, 403)
def read_catalogue():
    """Missions, lines or sites, intervention types and colleagues, with a version."""
    return catalogue_for(current_user)
