"""GET /api/catalogue: what a phone may log, scoped to the user's organisation."""

import pytest

from server.models import InterventionType, Mission
from server.services.people import update_person


def test_catalogue_lists_missions_sites_active_types_and_colleagues(login_as, make_user, make_org):
    client, user = login_as("mediator", name="Karim")
    colleague = make_user("mediator", name="Sofia")
    make_user("mediator", name="Parti", active=False)
    make_user("mediator", organisation=make_org("Autre PIMMS").organisation, name="Étranger")
    response = client.get("/api/catalogue")
    assert response.status_code == 200
    catalogue = response.json
    assert isinstance(catalogue["version"], int)
    assert {"code": "on_board", "label": "À bord"} in catalogue["places"]
    assert catalogue["colleagues"] == [{"id": colleague.id, "name": "Sofia"}]
    missions = {mission["code"]: mission for mission in catalogue["missions"]}
    assert set(missions) == {"tram", "post"}
    tram = missions["tram"]
    assert [kind["code"] for kind in tram["types"]] == ["itinerary", "fares", "mask_reminder"]
    assert tram["sites"] == [
        {"code": "t1", "label": "Tram T1", "labels": {"fr": "Tram T1", "en": "Tram T1"}},
        {"code": "t2", "label": "Tram T2", "labels": {"fr": "Tram T2", "en": "Tram T2"}},
    ]
    assert tram["fields"] == ["gender", "age_band", "place", "people", "duration", "mask_reminder"]
    assert tram["multi_motif"] is False
    assert missions["post"]["multi_motif"] is True
    assert missions["post"]["fields"] == ["people"]


def test_assigned_missions_restrict_the_catalogue(database, login_as, org):
    client, user = login_as("mediator")
    user.missions = [org.post]
    database.session.commit()
    assert [mission["code"] for mission in client.get("/api/catalogue").json["missions"]] == ["post"]


def test_version_changes_when_the_catalogue_changes(database, login_as, org):
    client, _ = login_as("mediator")
    before = client.get("/api/catalogue").json["version"]
    org.tram.types.append(InterventionType(code="new", label="Nouveau", position=9))
    org.organisation.bump_catalogue()
    database.session.commit()
    after = client.get("/api/catalogue").json
    assert after["version"] == before + 1
    assert "new" in [kind["code"] for kind in after["missions"][0]["types"]]


def test_catalogue_needs_a_session(api):
    response = api.get("/api/catalogue")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthenticated"


def _mission_codes(client) -> list[str]:
    return [mission["code"] for mission in client.get("/api/catalogue").json["missions"]]


@pytest.fixture
def school(database, org):
    """A second transport mission, so that "the pole's missions" is more than one."""
    mission = Mission(organisation_id=org.organisation.id, code="school", label="Ligne scolaire", position=5)
    database.session.add(mission)
    database.session.commit()
    return mission


def test_without_assigned_missions_a_mediator_gets_their_poles(database, login_as, org, school):
    transport, _ = login_as("mediator", pole="transport")
    polyvalent, _ = login_as("mediator", pole="polyvalent")
    no_pole, _ = login_as("mediator")
    assert _mission_codes(transport) == ["tram", "school"]
    assert _mission_codes(polyvalent) == ["post"]
    assert _mission_codes(no_pole) == ["tram", "post", "school"]


def test_assigned_missions_win_over_the_pole_and_archived_ones_fall_back_to_it(database, login_as, org, school):
    client, user = login_as("mediator", pole="transport")
    user.missions = [org.post]
    database.session.commit()
    assert _mission_codes(client) == ["post"]
    org.post.archived = True
    database.session.commit()
    assert _mission_codes(client) == ["tram", "school"]


def test_coordinators_and_admins_see_every_mission(database, login_as, org, school):
    for role in ("coordinator", "admin"):
        client, user = login_as(role, pole="polyvalent")
        user.missions = [org.post]
        database.session.commit()
        assert _mission_codes(client) == ["tram", "post", "school"], role


def test_colleagues_are_the_active_mediators_only(login_as, make_user, make_org):
    client, user = login_as("mediator", name="Karim")
    listed = [make_user("mediator", name=name, pole=pole) for name, pole in (("Awa", "polyvalent"), ("Sofia", None))]
    make_user("coordinator", name="Claire")
    make_user("admin", name="Nadia")
    make_user("mediator", name="Parti", active=False)
    make_user("mediator", organisation=make_org("PIMMS de Lyon").organisation, name="Lyonnais")
    colleagues = client.get("/api/catalogue").json["colleagues"]
    assert colleagues == [{"id": person.id, "name": person.name} for person in listed]
    coordinator, _ = login_as("coordinator", name="Zoé")
    assert [person["name"] for person in coordinator.get("/api/catalogue").json["colleagues"]] == [
        "Awa",
        "Karim",
        "Sofia",
    ]


def test_labels_in_both_languages_fall_back_to_french(database, mediator, org):
    org.tram.label_en = "Divia tramway"
    next(site for site in org.tram.sites if site.code == "t1").label_en = "Tramway line 1"
    fares = next(kind for kind in org.tram.types if kind.code == "fares")
    fares.label_en = "Fares and tickets"
    database.session.commit()
    missions = {mission["code"]: mission for mission in mediator.get("/api/catalogue").json["missions"]}
    tram, post = missions["tram"], missions["post"]
    assert tram["label"] == "Divia — tram"
    assert tram["labels"] == {"fr": "Divia — tram", "en": "Divia tramway"}
    assert post["labels"] == {"fr": "Pré-accueil La Poste", "en": "Pré-accueil La Poste"}
    assert {site["code"]: site["labels"]["en"] for site in tram["sites"]} == {"t1": "Tramway line 1", "t2": "Tram T2"}
    kinds = {kind["code"]: kind for kind in tram["types"]}
    assert kinds["fares"] == {
        "code": "fares",
        "label": "Tarifs, billettique",
        "labels": {"fr": "Tarifs, billettique", "en": "Fares and tickets"},
    }
    assert kinds["itinerary"]["labels"] == {"fr": "Information itinéraire", "en": "Information itinéraire"}


def test_each_mission_lists_its_places_with_the_default_among_them(database, mediator, org):
    missions = {mission["code"]: mission for mission in mediator.get("/api/catalogue").json["missions"]}
    # Missions created without a list get their kind's: vehicles and stops, or the post office alone.
    assert missions["tram"]["places"] == ["on_board", "platform", "stop", "station"]
    assert missions["tram"]["default_place"] == "on_board"
    assert missions["post"]["places"] == ["post_office"]
    org.tram.places = ["on_board", "platform"]
    database.session.commit()
    assert mediator.get("/api/catalogue").json["missions"][0]["places"] == ["on_board", "platform"]


def test_a_change_of_pole_or_role_reaches_the_phones(database, login_as, make_user, org):
    client, user = login_as("mediator", pole="transport")
    admin = make_user("admin")
    version = client.get("/api/catalogue").json["version"]
    values = {"name": user.name, "email": user.email, "role": "mediator", "pole": "polyvalent", "mission_ids": []}
    update_person(admin, user, values)
    catalogue = client.get("/api/catalogue").json
    assert catalogue["version"] == version + 1
    assert [mission["code"] for mission in catalogue["missions"]] == ["post"]
    colleague = make_user("mediator")
    update_person(admin, colleague, {**values, "name": colleague.name, "email": colleague.email, "role": "coordinator"})
    assert client.get("/api/catalogue").json["version"] == version + 2
