"""The flask-smorest blueprint every JSON API module uses."""

import flask_smorest
from webargs.flaskparser import FlaskParser


class _StrictParser(FlaskParser):
    # webargs ignores unknown query-string keys by default; the API contract refuses them
    # everywhere, so each schema's own `unknown = RAISE` applies to every location.
    DEFAULT_UNKNOWN_BY_LOCATION: dict = {}


class ApiBlueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = _StrictParser()
