"""Schemathesis against /api/openapi.json: no server error, responses as documented, bad
data refused (issue: prove it, 7)."""

import os
import threading

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from werkzeug.serving import make_server

from tests.helpers import PASSWORD

# 500 examples per operation and mode on SQLite; a shorter cross-check on PostgreSQL keeps the
# suite within its 15 minutes (set SCHEMATHESIS_EXAMPLES to run more anywhere).
EXAMPLES = {"sqlite": 500, "postgresql": 100}
# Rules that span two parameters cannot be written in OpenAPI 3.0: a period that ends before
# it starts (or spans more than ten years) is schema-valid yet rightly refused with a 400.
# The same holds for a schema-valid password change: the current password is almost always
# wrong (400), then the attempt budget is spent (429), and the policy refuses weak new ones.
# Indicator rows too: a code must name one of the organisation's indicators, and whether a
# month is wanted (and a whole number) depends on that indicator.
CROSS_FIELD_RULES = {("GET", "/api/reports/summary"), ("PUT", "/api/session/password"), ("PUT", "/api/indicators")}


@pytest.fixture
def served(app, database):
    """The test's app behind a real HTTP server: each request in its own context, as in production."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def _operations(base_url):
    schema = schemathesis.openapi.from_url(f"{base_url}/api/openapi.json")
    for result in schema.get_all_operations():
        operation = result.ok()
        # Signing out would end the session every other example relies on; sign-out is
        # covered by tests/test_session.py.
        if (operation.method.upper(), operation.path) != ("DELETE", "/api/session"):
            yield operation


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
def test_every_operation_keeps_its_contract(served, database, make_user, org, mode):
    session = requests.Session()
    response = session.post(
        f"{served}/api/session", json={"email": make_user("coordinator").email, "password": PASSWORD}
    )
    session.headers["X-CSRFToken"] = response.json()["csrf_token"]
    examples = int(os.environ.get("SCHEMATHESIS_EXAMPLES", EXAMPLES[database.engine.dialect.name]))
    checked = []
    for operation in _operations(served):
        key = (operation.method.upper(), operation.path)
        excluded = [positive_data_acceptance] if key in CROSS_FIELD_RULES else []

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def keeps_contract(case):
            case.call_and_validate(base_url=served, session=session, excluded_checks=excluded)

        try:
            keeps_contract()
        except Unsatisfiable:
            # An operation without parameters or body has no invalid input to generate.
            assert mode is GenerationMode.NEGATIVE
            continue
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert len(checked) >= (7 if mode is GenerationMode.POSITIVE else 5), checked
