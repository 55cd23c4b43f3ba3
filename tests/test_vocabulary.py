"""The fixed vocabularies read the same everywhere, in French and in English."""

from pathlib import Path

from babel.messages.pofile import read_po
from flask_babel import force_locale

from server import vocabulary
from server.models import AuditEntry
from server.vocabulary import Vocabulary

ENGLISH_PO = Path(vocabulary.__file__).parent / "translations/en/LC_MESSAGES/messages.po"


def test_every_wording_of_every_code_is_translated_into_english(app):
    with ENGLISH_PO.open("rb") as source:
        english = read_po(source)
    vocabularies = {name: value for name, value in vars(vocabulary).items() if isinstance(value, Vocabulary)}
    assert len(vocabularies) >= 11
    missing = []
    with app.test_request_context(), force_locale("fr"):
        for name, terms in vocabularies.items():
            for code in terms:
                for french in (terms.label(code), terms.description(code), terms.phrase(code)):
                    message = english.get(french) if french else None
                    if french and not (message and message.string):
                        missing.append(f"{name}.{code}: {french}")
    assert missing == []


def test_the_catalogue_gives_the_phone_its_vocabularies_in_both_languages(login_as):
    client, _ = login_as("mediator")
    vocabularies = client.get("/api/catalogue").json["vocabularies"]
    assert set(vocabularies) == {"genders", "age_bands", "places", "durations", "mask_outcomes", "three_levels"}
    assert vocabularies["genders"] == [
        {"code": "female", "labels": {"fr": "Femme", "en": "Woman"}},
        {"code": "male", "labels": {"fr": "Homme", "en": "Man"}},
        {"code": "unknown", "labels": {"fr": "Non renseigné", "en": "Not given"}},
    ]
    assert [term["code"] for term in vocabularies["age_bands"]] == ["under_25", "25_60", "over_60", "unknown"]
    assert vocabularies["age_bands"][1]["labels"] == {"fr": "25–60 ans", "en": "25–60"}
    assert {"code": "on_board", "labels": {"fr": "À bord", "en": "On board"}} in vocabularies["places"]
    assert [term["code"] for term in vocabularies["durations"]] == ["short", "long"]
    assert [term["code"] for term in vocabularies["mask_outcomes"]] == ["complied", "refused"]
    # Whatever language the request asked for: the phone switches language offline.
    assert client.get("/api/catalogue?lang=en").json["vocabularies"] == vocabularies


def test_the_catalogue_codes_are_those_the_sync_accepts(login_as):
    client, _ = login_as("mediator")
    vocabularies = client.get("/api/catalogue").json["vocabularies"]
    assert [term["code"] for term in vocabularies["genders"]] == list(vocabulary.GENDERS)
    assert [term["code"] for term in vocabularies["places"]] == list(vocabulary.PLACES)
    # A three-level mission's buttons send their code as the rating, a number.
    assert [int(term["code"]) for term in vocabularies["three_levels"]] == [3, 2, 1]


def test_restoring_and_unarchiving_read_differently_in_the_audit_trail(database, login_as, org):
    client, admin = login_as("admin")
    site = org.tram.sites[0]
    for action, entity, entity_id in (
        ("restore", "intervention", "7d1c"),
        ("unarchive", "site", site.id),
        ("export", "export", "by_gender"),
    ):
        entry = AuditEntry(entity=entity, entity_id=str(entity_id), action=action, actor_id=admin.id)
        entry.organisation_id = admin.organisation_id
        database.session.add(entry)
    database.session.commit()
    page = client.get("/admin/audit").text
    assert "<td>Restauration</td>" in page and "<td>Rétablissement</td>" in page and "<td>Exportation</td>" in page
    assert "Intervention · 7d1c" in page and f"Ligne ou site · {site.label}" in page
    english = client.get("/admin/audit?lang=en").text
    assert "<td>Restoration</td>" in english and "<td>Unarchiving</td>" in english


def test_the_mission_form_explains_each_kind_of_mediation(login_as):
    client, _ = login_as("admin")
    page = client.get("/admin/missions/new").text
    assert "Médiation sortante (dans les véhicules, sur le terrain)" in page
    assert "Médiation postée (accueil, guichet)" in page
