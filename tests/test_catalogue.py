"""GET /api/catalogue: what a phone may log, scoped to the user's organisation."""

from server.models import InterventionType


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
    assert tram["sites"] == [{"code": "t1", "label": "Tram T1"}, {"code": "t2", "label": "Tram T2"}]
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
