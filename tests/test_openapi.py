"""The OpenAPI document describes the contract the phone relies on."""


def test_openapi_document_lists_the_contract(app, database):
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json
    paths = document["paths"]
    assert set(paths["/api/session"]) >= {"get", "post", "delete"}
    password = paths["/api/session/password"]["put"]
    assert {"200", "400", "401", "429"} <= set(password["responses"])
    assert "post" in paths["/api/sync"]
    assert "get" in paths["/api/catalogue"]
    assert "get" in paths["/api/shifts/{shift_id}"]
    assert "get" in paths["/api/reports/summary"]
    sync_responses = paths["/api/sync"]["post"]["responses"]
    assert {"200", "400", "401", "403", "413"} <= set(sync_responses)
    assert "ShiftRecord" in document["components"]["schemas"]
    assert "InterventionRecord" in document["components"]["schemas"]
    envelope = document["components"]["schemas"]["SyncRequest"]["properties"]
    assert "#/components/schemas/InterventionRecord" in envelope["interventions"]["description"]
    assert "device" in envelope and "device" not in document["components"]["schemas"]["SyncRequest"].get("required", [])
    report = document["components"]["schemas"]["DeviceReport"]
    assert set(report["properties"]) == {"pending", "oldest_pending", "app_version"}
    assert report["required"] == ["pending"]
    mission = document["components"]["schemas"]["CatalogueMission"]["properties"]
    assert {"labels", "places"} <= set(mission)
