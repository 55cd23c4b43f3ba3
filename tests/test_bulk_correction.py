"""One correction for several interventions ticked in the desk's table: each audited, the
figures moved at once, the filters kept, and nothing written when one row cannot take it."""

import uuid

from sqlalchemy import select

from server.models import AuditEntry, Intervention, Organisation
from server.services import tally_recount as tallies
from tests.helpers import intervention_record, page_text, post_office_record, post_office_shift, shift_record

DAY = "from=2026-03-02&to=2026-03-02"


def _logged(login_as):
    coordinator, _ = login_as("coordinator", name="Claire Morel")
    phone, _ = login_as("mediator")
    shift = shift_record(started_at="2026-03-02T08:00:00+01:00", updated_at="2026-03-02T08:00:00+01:00")
    records = [
        intervention_record(
            shift["id"],
            occurred_at=f"2026-03-02T09:{minute:02d}:00+01:00",
            updated_at=f"2026-03-02T09:{minute:02d}:00+01:00",
            gender="male" if minute < 3 else "female",
        )
        for minute in range(5)
    ]
    post_shift = post_office_shift(started_at="2026-03-02T08:00:00+01:00")
    post = post_office_record(post_shift["id"], occurred_at="2026-03-02T10:00:00+01:00")
    assert phone.sync(shifts=[shift, post_shift], interventions=[*records, post]).status_code == 200
    return coordinator, phone, records, post


def _true_tallies(database):
    database.session.expire_all()
    organisation_id = database.session.scalars(select(Intervention.organisation_id)).first()
    assert tallies.stored(organisation_id) == tallies.recount(organisation_id)


def test_one_correction_for_the_ticked_rows_audited_each(database, login_as):
    coordinator, _, records, _ = _logged(login_as)
    url = f"/desk/interventions?{DAY}&gender=male"
    page = coordinator.get(url)
    assert page.text.count('type="checkbox" name="ids"') == 3 and "Corriger les interventions cochées" in page.text
    # The first row already holds one of the values: only what differs is written.
    first = database.session.get(Intervention, uuid.UUID(records[0]["id"]))
    first.age_band = "over_60"
    database.session.commit()
    # Changed behind the tallies' back for the test: put them right.
    tallies.rebuild(first.organisation_id)
    database.session.commit()

    ids = [record["id"] for record in records[:3]]
    form = {"ids": ids, "gender": "female", "age_band": "over_60", "kind": "fares", "reason": "Saisie inversée"}
    response = coordinator.submit(url, form)
    assert response.status_code == 302 and response.headers["Location"] == url
    # The page comes back with its filters: nothing male is left, and it says how many changed.
    after = page_text(coordinator.get(url))
    assert "3 interventions corrigées." in after and "Aucune intervention pour ces critères." in after

    database.session.expire_all()
    for record in records[:3]:
        row = database.session.get(Intervention, uuid.UUID(record["id"]))
        assert (row.gender, row.age_band, row.type_codes) == ("female", "over_60", ["fares"])
        assert row.corrected_at is not None
    entries = database.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(entry.entity, entry.action, entry.reason) for entry in entries] == [
        ("intervention", "correct", "Saisie inversée")
    ] * 3
    assert sorted(entry.entity_id for entry in entries) == sorted(ids)
    # Unchanged fields are never logged: the first row's age band was already "over_60".
    by_id = {entry.entity_id: entry.changes for entry in entries}
    assert "age_band" not in by_id[records[0]["id"]] and "age_band" in by_id[records[1]["id"]]
    history = page_text(coordinator.get(f"/desk/interventions/{records[1]['id']}/edit"))
    assert "Genre : Homme → Femme" in history and "Saisie inversée" in history

    summary = coordinator.get(f"/api/reports/summary?{DAY}").json
    assert summary["by_gender"] == {"female": 5, "unknown": 1}
    assert summary["by_type"] == {"fares": 3, "itinerary": 2, "forms": 1}
    _true_tallies(database)


def test_ticked_rows_deleted_then_restored_together(database, login_as):
    coordinator, _, records, _ = _logged(login_as)
    url = f"/desk/interventions?{DAY}&state=all"
    ids = [record["id"] for record in records[:2]]
    response = coordinator.submit(url, {"ids": ids, "state": "delete", "reason": "Doublons"})
    assert response.status_code == 302
    assert coordinator.get(f"/api/reports/summary?{DAY}").json["interventions"] == 4
    _true_tallies(database)
    # Restoring one kept and one deleted: only the deleted one changes (and is counted).
    response = coordinator.submit(
        url, {"ids": [ids[0], records[3]["id"]], "state": "restore", "reason": "Pas un doublon"}
    )
    assert response.status_code == 302
    assert "1 intervention corrigée." in page_text(coordinator.get(url))
    assert coordinator.get(f"/api/reports/summary?{DAY}").json["interventions"] == 5
    actions = [(entry.action, entry.entity_id) for entry in database.session.scalars(select(AuditEntry))]
    assert sorted(actions) == sorted([("delete", ids[0]), ("delete", ids[1]), ("restore", ids[0])])
    _true_tallies(database)


def test_a_correction_some_rows_cannot_take_is_refused_whole(database, login_as):
    coordinator, _, records, post = _logged(login_as)
    url = f"/desk/interventions?{DAY}"
    ids = [records[0]["id"], post["id"]]
    refused = coordinator.submit(url, {"ids": ids, "gender": "female", "reason": "Femmes"})
    assert refused.status_code == 400
    text = page_text(refused)
    assert "Genre n’est pas demandé par « Pré-accueil La Poste » (1 intervention cochée)." in text
    assert "Le formulaire contient des erreurs" in text
    # The page keeps the filters, the ticks and what was chosen.
    assert f'value="{post["id"]}" id="pick-{post["id"]}" checked' in refused.text
    motif = coordinator.submit(url, {"ids": ids, "kind": "itinerary", "reason": "Itinéraire"})
    assert motif.status_code == 400
    assert "Ce motif n’existe pas dans « Pré-accueil La Poste » (1 intervention cochée)." in page_text(motif)
    nothing = coordinator.submit(url, {"ids": ids, "reason": "Rien"})
    assert nothing.status_code == 400 and "Choisissez ce qui change" in page_text(nothing)
    none = coordinator.submit(url, {"gender": "male", "reason": "Aucune"})
    assert none.status_code == 400 and "Cochez au moins une intervention." in page_text(none)
    no_reason = coordinator.submit(url, {"ids": ids[:1], "gender": "male"})
    assert no_reason.status_code == 400 and "Champ obligatoire." in page_text(no_reason)

    # Another organisation's coordinator cannot touch them, nor learn they exist.
    other = Organisation(name="PIMMS de Lyon", timezone="Europe/Paris")
    database.session.add(other)
    database.session.commit()
    stranger, _ = login_as("coordinator", organisation=other)
    assert stranger.submit(url, {"ids": ids[:1], "gender": "male", "reason": "Intrus"}).status_code == 404

    database.session.expire_all()
    assert database.session.scalars(select(AuditEntry)).all() == []
    assert database.session.get(Intervention, uuid.UUID(records[0]["id"])).gender == "male"
    _true_tallies(database)
