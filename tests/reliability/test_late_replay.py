"""A phone replays, 30 days later, records it had already synced (issue: prove it, 5)."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from server.models import AuditEntry, Intervention
from server.models.clock import utcnow
from tests.helpers import intervention_record, shift_record


def _days_ago(days: int, minutes: int = 0) -> str:
    return (datetime.now(UTC) - timedelta(days=days, minutes=-minutes)).isoformat()


def test_replay_thirty_days_later_revives_and_overwrites_nothing(database, login_as):
    phone, _ = login_as("mediator")
    shift = shift_record(started_at=_days_ago(30), updated_at=_days_ago(30))
    kept, deleted, corrected = (
        intervention_record(shift["id"], occurred_at=_days_ago(30, n), updated_at=_days_ago(30, n)) for n in (1, 2, 3)
    )
    first = phone.sync(shifts=[shift], interventions=[kept, deleted, corrected])
    assert {result["status"] for result in first.json["results"]} == {"created"}

    # Meanwhile a coordinator deletes one record and corrects another.
    database.session.get(Intervention, uuid.UUID(deleted["id"])).deleted = True
    row = database.session.get(Intervention, uuid.UUID(corrected["id"]))
    row.age_band = "over_60"
    row.corrected_at = utcnow()
    database.session.commit()

    # The phone restored from an old backup sends everything again, as it was.
    replay = phone.sync(shifts=[shift], interventions=[kept, deleted, corrected])
    results = {result["id"]: result for result in replay.json["results"]}
    statuses = {record_id: result["status"] for record_id, result in results.items()}
    assert statuses == {
        shift["id"]: "unchanged",
        kept["id"]: "unchanged",
        deleted["id"]: "gone",
        corrected["id"]: "conflict",
    }
    # The phone is told why, so it can say "corrigé par un coordinateur" rather than "erreur".
    assert results[corrected["id"]]["errors"]["reason"] == ["corrected"]

    # And a stale copy edited on the phone after the correction is refused, and said so.
    stale = dict(corrected, age_band="under_25", updated_at=_days_ago(0))
    response = phone.sync(interventions=[stale])
    assert response.json["results"][0]["status"] == "conflict"
    assert response.json["results"][0]["errors"]["reason"] == ["corrected"]

    database.session.expire_all()
    assert database.session.get(Intervention, uuid.UUID(deleted["id"])).deleted is True
    assert database.session.get(Intervention, uuid.UUID(corrected["id"])).age_band == "over_60"
    assert database.session.scalar(select(func.count()).select_from(Intervention)) == 3
    assert database.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
