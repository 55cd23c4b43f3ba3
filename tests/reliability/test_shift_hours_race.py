"""Two teammates close their shifts at the same instant, each phone naming the other as its
teammate: each closing moves the other's person-hours (a teammate with a shift of their own
counts there), so on PostgreSQL, where the two transactions really overlap, each must not
compute its difference from a state the other is changing. Whatever the interleaving, the
tallied hours must equal a recount from the shifts (services/shift_tallies.py)."""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from server.services import tally_recount as tallies
from tests.helpers import shift_record

ROUNDS = int(os.environ.get("SHIFT_HOURS_RACES", "20"))
PARIS = ZoneInfo("Europe/Paris")


def _at(day: date, hour: int, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS).isoformat()


def test_teammates_closing_their_shifts_at_once_keep_the_hours_true(database, login_as):
    first_phone, first = login_as("mediator", name="Médiatrice A")
    second_phone, second = login_as("mediator", name="Médiateur B")
    statuses: list[str] = []
    for round_ in range(ROUNDS):
        day = date.today() - timedelta(days=2 + round_)
        # Each logs the pair's shift on their phone, the other as teammate.
        mine = shift_record(started_at=_at(day, 8), updated_at=_at(day, 8), teammates=[second.id])
        theirs = shift_record(started_at=_at(day, 8, 5), updated_at=_at(day, 8, 5), teammates=[first.id])
        assert first_phone.sync(shifts=[mine]).status_code == 200
        assert second_phone.sync(shifts=[theirs]).status_code == 200
        start = threading.Barrier(2)

        def close(phone, record, start=start, day=day):
            start.wait()
            closed = dict(record, ended_at=_at(day, 12), updated_at=_at(day, 12))
            statuses.append(phone.sync(shifts=[closed]).json["results"][0]["status"])

        threads = [
            threading.Thread(target=close, args=(first_phone, mine)),
            threading.Thread(target=close, args=(second_phone, theirs)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == ["updated"] * 2 * ROUNDS
    organisation_id = first.organisation_id
    assert tallies.stored(organisation_id) == tallies.recount(organisation_id)
    assert tallies.months_stored(organisation_id) == tallies.months_recounted(organisation_id)
