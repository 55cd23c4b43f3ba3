"""The JSON API under /api (flask-smorest): one blueprint per resource, one OpenAPI document."""

from flask_smorest import Api

from . import catalogue, indicators, network, reports, session, shifts, sync


def register(api: Api) -> None:
    sync.document_records(api)
    for module in (session, catalogue, sync, shifts, reports, indicators, network):
        api.register_blueprint(module.blp)
