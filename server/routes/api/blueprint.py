"""The flask-smorest blueprint every JSON API module uses."""

import flask_smorest
from webargs.flaskparser import FlaskParser, abort

from ...schemas.common import ApiErrorSchema


class _StrictParser(FlaskParser):
    # webargs ignores unknown query-string keys by default; the API contract refuses them
    # everywhere, so each schema's own `unknown = RAISE` applies to every location.
    DEFAULT_UNKNOWN_BY_LOCATION: dict = {}

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except RecursionError as error:
            # Thousands of nested brackets exhaust the parser's stack: a bad request, not a crash.
            abort(400, exc=error, messages={"json": ["JSON nested too deeply."]})


class ApiBlueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = _StrictParser()

    def arguments(self, schema, *args, **kwargs):
        """flask-smorest's, with a schema class made an instance once, not at every request."""
        if isinstance(schema, type):
            schema = schema()
        return super().arguments(schema, *args, **kwargs)

    def refusals(self, *statuses: int):
        """Document the refusals a view may answer, each in the one error shape."""

        def decorator(view):
            for status in reversed(statuses):
                view = self.alt_response(status, schema=ApiErrorSchema)(view)
            return view

        return decorator
