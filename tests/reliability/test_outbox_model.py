"""Model-based test of the phone's outbox against the real server (issue: prove it, 1).

A Python model of the client outbox (the same rules as client/js/outbox.js: intent records
keyed by UUID, replayed oldest first, removed only on the server's per-record
acknowledgement) is driven by Hypothesis through enqueues, edits, undos, batches whose reply
is lost, batches sent twice or in reverse order, and server restarts. Whatever the sequence,
once the phone has drained its outbox the server holds exactly the phone's records, each
once, with its latest edit.
"""

import itertools
import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server import create_app
from server.extensions import db
from server.models import Intervention, Shift
from tests.helpers import PASSWORD, ApiClient, FreshContextClient

ACKNOWLEDGED = {"created", "updated", "unchanged"}
# The full thousand runs on SQLite; a shorter cross-check on PostgreSQL keeps the suite
# within its 15 minutes (set OUTBOX_MODEL_RUNS to run more anywhere).
RUNS = {"sqlite": 1000, "postgresql": 250}
_clock = itertools.count()


def _tick() -> str:
    """A strictly increasing client clock, so every edit is newer than the last."""
    return (datetime.now(UTC) - timedelta(hours=12) + timedelta(milliseconds=next(_clock))).isoformat()


def outbox_machine(app, other_app, phone: ApiClient):
    """Each run is a new shift of the same signed-in phone (signing in costs a slow hash)."""

    class OutboxMachine(RuleBasedStateMachine):
        @initialize()
        def start_shift(self):
            self.phone = phone
            self.records: dict[str, dict] = {}
            # id -> (kind, record): the latest version of every record still to send.
            self.outbox: dict[str, tuple[str, dict]] = {}
            self.shift = {
                "id": str(uuid.uuid4()),
                "mission": "tram",
                "site": "t1",
                "started_at": _tick(),
                "ended_at": None,
                "teammates": [],
                "updated_at": _tick(),
                "deleted": False,
            }
            self.outbox[self.shift["id"]] = ("shift", self.shift)

        def _queue(self, record: dict) -> None:
            self.records[record["id"]] = record
            # Re-inserting moves the entry to the end: replay is oldest *change* first.
            self.outbox.pop(record["id"], None)
            self.outbox[record["id"]] = ("intervention", record)

        @rule(types=st.sampled_from([["itinerary"], ["fares"], ["mask_reminder"]]), people=st.integers(1, 4))
        def log_intervention(self, types, people):
            self._queue(
                {
                    "id": str(uuid.uuid4()),
                    "shift_id": self.shift["id"],
                    "occurred_at": _tick(),
                    "types": types,
                    "gender": "female",
                    "age_band": "25_60",
                    "place": "on_board",
                    "people": people,
                    "duration": "short",
                    "mask_reminder": False,
                    "mask_outcome": None,
                    "rating": None,
                    "note": None,
                    "updated_at": _tick(),
                    "deleted": False,
                }
            )

        @precondition(lambda self: any(not r["deleted"] for r in self.records.values()))
        @rule(data=st.data(), gender=st.sampled_from(["male", "female", "unknown"]))
        def edit(self, data, gender):
            # In the order they were logged: their ids are random, and an order taken from them
            # would make hypothesis replay a different run (FlakyStrategyDefinition).
            live = [key for key, record in self.records.items() if not record["deleted"]]
            record_id = data.draw(st.sampled_from(live))
            self._queue(
                dict(
                    self.records[record_id],
                    gender=gender,
                    people=self.records[record_id]["people"] + 1,
                    updated_at=_tick(),
                )
            )

        @precondition(lambda self: any(not r["deleted"] for r in self.records.values()))
        @rule(data=st.data())
        def undo(self, data):
            # In the order they were logged: their ids are random, and an order taken from them
            # would make hypothesis replay a different run (FlakyStrategyDefinition).
            live = [key for key, record in self.records.items() if not record["deleted"]]
            record_id = data.draw(st.sampled_from(live))
            self._queue(dict(self.records[record_id], deleted=True, updated_at=_tick()))

        def _send(self, size: int, lose_reply: bool = False, reverse: bool = False) -> None:
            batch = list(self.outbox.items())[:size]
            if reverse:
                batch.reverse()
            shifts = [record for _, (kind, record) in batch if kind == "shift"]
            interventions = [record for _, (kind, record) in batch if kind == "intervention"]
            response = self.phone.sync(shifts=shifts, interventions=interventions)
            assert response.status_code == 200, response.json
            if lose_reply:
                return  # the server committed; the phone never heard back
            results = {result["id"]: result["status"] for result in response.json["results"]}
            for record_id, (_, sent) in batch:
                assert results[record_id] in ACKNOWLEDGED, (results[record_id], sent)
                # Only if the phone did not change the record while the batch was in flight.
                if self.outbox.get(record_id, (None, None))[1] is sent:
                    del self.outbox[record_id]

        @precondition(lambda self: self.outbox)
        @rule(size=st.integers(1, 6))
        def send_batch(self, size):
            self._send(size)

        @precondition(lambda self: self.outbox)
        @rule(size=st.integers(1, 6))
        def send_and_lose_the_reply(self, size):
            self._send(size, lose_reply=True)

        @precondition(lambda self: self.outbox)
        @rule(size=st.integers(1, 6))
        def send_twice(self, size):
            self._send(size, lose_reply=True)
            self._send(size)

        @precondition(lambda self: self.outbox)
        @rule(size=st.integers(1, 6))
        def send_reordered(self, size):
            self._send(size, reverse=True)

        @rule()
        def restart_server(self):
            """The phone's next request reaches another process: new connections, no memory."""
            cookie = self.phone.client.get_cookie("mediatap_session")
            current = self.phone.client.application
            db.session.close()  # the test's own reads give their connection back first
            with current.app_context():
                db.engine.dispose()
            restarted = other_app if current is app else app
            phone = ApiClient(restarted.test_client())
            phone.client.set_cookie(cookie.key, cookie.value)
            phone.csrf_token = self.phone.csrf_token
            self.phone = phone

        @invariant()
        def server_never_holds_more_than_the_phone_made(self):
            if not hasattr(self, "shift"):
                return
            db.session.rollback()
            query = select(Intervention.id).where(Intervention.shift_id == uuid.UUID(self.shift["id"]))
            ids = {str(row_id) for row_id in db.session.scalars(query)}
            assert ids <= set(self.records)

        def teardown(self):
            if not hasattr(self, "outbox"):
                return
            while self.outbox:
                self._send(50)
            db.session.rollback()
            rows = db.session.scalars(
                select(Intervention)
                .where(Intervention.shift_id == uuid.UUID(self.shift["id"]))
                .options(selectinload(Intervention.motifs))
            ).all()
            assert len(rows) == len(self.records)
            for row in rows:
                expected = self.records[str(row.id)]
                assert row.deleted == expected["deleted"]
                assert row.gender == expected["gender"]
                assert row.people == expected["people"]
                assert row.type_codes == expected["types"]
            assert db.session.get(Shift, uuid.UUID(self.shift["id"])) is not None

    return OutboxMachine


@pytest.mark.slow
def test_outbox_against_the_real_server(app, database, make_user, org):
    phone = ApiClient(app.test_client())
    assert phone.sign_in(make_user("mediator").email, PASSWORD).status_code == 200
    other_app = create_app(dict(app.config))
    other_app.test_client_class = FreshContextClient
    machine = outbox_machine(app, other_app, phone)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=int(os.environ.get("OUTBOX_MODEL_RUNS", RUNS[database.engine.dialect.name])),
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            database=None,
        ),
    )
    with other_app.app_context():
        db.engine.dispose()
