"""Blueprints as packages per audience: thin views that validate, call a service and serialise."""

from flask import Flask
from flask_smorest import Api

from . import admin, api, desk, network, public
from .pages import register_template_helpers


def register_routes(app: Flask, rest_api: Api) -> None:
    register_template_helpers(app)
    api.register(rest_api)
    for blueprint in (*public.blueprints, *desk.blueprints, *admin.blueprints, *network.blueprints):
        app.register_blueprint(blueprint)
