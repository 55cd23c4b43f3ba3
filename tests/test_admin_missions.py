"""Admin pages of missions, their sites and their catalogue of intervention types."""

import re
import uuid

import pytest
from sqlalchemy import select

from server.models import AuditEntry, Intervention, InterventionType, Mission, Site
from tests.helpers import intervention_record, shift_record


@pytest.fixture
def admin(login_as):
    client, _ = login_as("admin")
    return client


@pytest.fixture
def phone(login_as):
    client, _ = login_as("mediator")
    return client


def mission_form(**overrides) -> dict:
    form = {
        "code": "school_exit",
        "label": "Sortie d’école",
        "partner": "Ville de Dijon",
        "pole": "polyvalent",
        "mediation": "posted",
        "default_place": "",
        "asks_gender": "y",
        "asks_people": "y",
    }
    form.update(overrides)
    return form


def catalogue_mission(phone, code: str) -> dict | None:
    return next((mission for mission in phone.get("/api/catalogue").json["missions"] if mission["code"] == code), None)


def test_create_a_mission_then_its_types_and_sites_reach_the_phone(database, admin, phone):
    version = phone.get("/api/catalogue").json["version"]
    response = admin.post("/admin/missions/new", data=mission_form())
    assert response.status_code == 302
    mission = database.session.scalar(select(Mission).where(Mission.code == "school_exit"))
    assert response.headers["Location"].endswith(f"/admin/missions/{mission.id}")
    for code, label in (("crossing", "Traversée accompagnée"), ("reminder", "Rappel des règles")):
        added = admin.post(f"/admin/missions/{mission.id}/types", data={"type-code": code, "type-label": label})
        assert added.status_code == 302
    admin.post(f"/admin/missions/{mission.id}/sites", data={"site-code": "jaures", "site-label": "École Jaurès"})
    catalogue = phone.get("/api/catalogue").json
    assert catalogue["version"] > version
    created = catalogue_mission(phone, "school_exit")
    assert created["label"] == "Sortie d’école" and created["fields"] == ["gender", "people"]
    assert [kind["label"] for kind in created["types"]] == ["Traversée accompagnée", "Rappel des règles"]
    assert created["sites"] == [
        {"code": "jaures", "label": "École Jaurès", "labels": {"fr": "École Jaurès", "en": "École Jaurès"}}
    ]
    # Nothing ticked: a polyvalent mission without a default place offers its pole's places.
    assert created["places"] == ["post_office", "desk", "phone", "home"]
    page = admin.get(f"/admin/missions/{mission.id}").get_data(as_text=True)
    assert "Traversée accompagnée" in page and "École Jaurès" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": "tram"}, "code", "Une mission porte déjà ce code."),
        ({"code": "Tram Ligne!"}, "code", "Le code ne contient que des minuscules"),
        ({"code": ""}, "code", "Indiquez un code."),
        ({"label": "  "}, "label", "Indiquez un libellé."),
        ({"pole": "spatial"}, "pole", "Valeur inconnue : choisissez dans la liste."),
        ({"mediation": "magic"}, "mediation", "Valeur inconnue : choisissez dans la liste."),
        ({"default_place": "moon"}, "default_place", "Valeur inconnue : choisissez dans la liste."),
        ({"label": "x" * 121}, "label", "120 caractères au plus."),
        ({"partner": "La Poste\x00"}, "partner", "Ce texte contient un caractère interdit."),
    ],
)
def test_invalid_missions_are_refused_in_place(database, admin, org, overrides, field, message):
    response = admin.post("/admin/missions/new", data=mission_form(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error">' in page and message in page
    assert f'aria-describedby="{field}-hint {field}-error"' in page or f'aria-describedby="{field}-error"' in page
    assert database.session.scalar(select(Mission).where(Mission.label == "Sortie d’école")) is None


def test_edit_and_archive_a_mission(database, admin, phone, org):
    form = mission_form(label="Divia — tramway", partner="Keolis", pole="transport", mediation="outgoing")
    form.pop("code")
    form["places"] = ["on_board", "stop"]
    assert admin.post(f"/admin/missions/{org.tram.id}", data=form).status_code == 302
    tram = catalogue_mission(phone, "tram")
    assert tram["label"] == "Divia — tramway" and tram["fields"] == ["gender", "people"]
    database.session.refresh(org.tram)
    assert org.tram.code == "tram"  # a code posted with an edit is ignored: phones rely on it
    assert admin.post(f"/admin/missions/{org.tram.id}/archive").status_code == 302
    assert catalogue_mission(phone, "tram") is None
    assert "Archivée" in admin.get("/admin/missions").get_data(as_text=True)
    admin.post(f"/admin/missions/{org.tram.id}/unarchive")
    assert catalogue_mission(phone, "tram") is not None


def test_duplicate_and_empty_types_are_refused_in_place(database, admin, org):
    url = f"/admin/missions/{org.tram.id}/types"
    # "retired" is a retired type: its code stays taken so old records keep their meaning.
    for data, message in (
        ({"type-code": "retired", "type-label": "Encore"}, "Cette mission a déjà un type avec ce code"),
        ({"type-code": "new", "type-label": " "}, "Indiquez un libellé."),
    ):
        response = admin.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and message in page
        assert 'id="type-' in page and "aria-invalid" in page
    # The same code in another mission is fine.
    assert (
        admin.post(f"/admin/missions/{org.post.id}/types", data={"type-code": "fares", "type-label": "T"}).status_code
        == 302
    )


def test_reorder_rename_and_retire_types(database, admin, phone, org):
    fares = next(kind for kind in org.tram.types if kind.code == "fares")
    version = phone.get("/api/catalogue").json["version"]
    admin.post(f"/admin/missions/{org.tram.id}/types/{fares.id}/up")
    assert [kind["code"] for kind in catalogue_mission(phone, "tram")["types"]] == [
        "fares",
        "itinerary",
        "mask_reminder",
    ]
    response = admin.post(
        f"/admin/missions/{org.tram.id}/types/{fares.id}", data={"label": "Tarifs", "label_en": "Fares"}
    )
    assert response.status_code == 302
    admin.post(f"/admin/missions/{org.tram.id}/types/{fares.id}/retire")
    catalogue = phone.get("/api/catalogue").json
    assert catalogue["version"] == version + 3
    assert "fares" not in [kind["code"] for kind in catalogue_mission(phone, "tram")["types"]]
    actions = database.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "intervention_type").order_by(AuditEntry.id)
    ).all()
    assert actions == ["move", "update", "retire"]
    admin.post(f"/admin/missions/{org.tram.id}/types/{fares.id}/restore")
    assert "fares" in [kind["code"] for kind in catalogue_mission(phone, "tram")["types"]]


def test_renaming_or_retiring_a_type_keeps_past_records(database, admin, phone, org):
    shift = shift_record()
    record = intervention_record(shift["id"], types=["fares"])
    assert phone.sync(shifts=[shift], interventions=[record]).status_code == 200
    fares = database.session.scalar(select(InterventionType).where(InterventionType.code == "fares"))
    admin.post(f"/admin/missions/{org.tram.id}/types/{fares.id}", data={"label": "Tarifs et titres"})
    admin.post(f"/admin/missions/{org.tram.id}/types/{fares.id}/retire")
    stored = database.session.get(Intervention, uuid.UUID(record["id"]))
    assert stored.type_codes == ["fares"] and stored.motifs[0].type_id == fares.id
    # A phone that logged offline before the retirement still syncs the record.
    late = intervention_record(shift["id"], types=["fares"])
    result = phone.sync(interventions=[late]).json["results"]
    assert result[0]["status"] in ("created", "applied"), result


def test_rename_refuses_an_empty_label(admin, org):
    fares = next(kind for kind in org.tram.types if kind.code == "fares")
    response = admin.post(f"/admin/missions/{org.tram.id}/types/{fares.id}", data={"label": ""})
    assert response.status_code == 400
    assert 'id="label-error">Indiquez un libellé.' in response.get_data(as_text=True)


def test_sites_add_rename_archive(database, admin, phone, org):
    url = f"/admin/missions/{org.tram.id}/sites"
    duplicate = admin.post(url, data={"site-code": "t1", "site-label": "Encore T1"})
    assert duplicate.status_code == 400
    assert "Cette mission a déjà une ligne ou un site avec ce code." in duplicate.get_data(as_text=True)
    t1 = database.session.scalar(select(Site).where(Site.mission_id == org.tram.id, Site.code == "t1"))
    assert admin.post(f"{url}/{t1.id}", data={"label": "Tram T1 (Quetigny)", "network": "Divia"}).status_code == 302
    admin.post(f"{url}/{t1.id}/archive")
    assert catalogue_mission(phone, "tram")["sites"] == [
        {"code": "t2", "label": "Tram T2", "labels": {"fr": "Tram T2", "en": "Tram T2"}}
    ]
    assert "Tram T1 (Quetigny)" in admin.get(f"/admin/missions/{org.tram.id}").get_data(as_text=True)
    empty = admin.post(f"{url}/{t1.id}", data={"label": ""})
    assert empty.status_code == 400 and "Indiquez un libellé." in empty.get_data(as_text=True)


def test_english_labels_of_a_mission_and_its_sites_reach_the_phone(database, admin, phone, org):
    form = mission_form(label="Divia — tram", label_en="Divia tramway", pole="transport", places=["on_board"])
    form.pop("code")
    assert admin.post(f"/admin/missions/{org.tram.id}", data=form).status_code == 302
    url = f"/admin/missions/{org.tram.id}/sites"
    added = admin.post(url, data={"site-code": "t3", "site-label": "Tram T3", "site-label_en": "Tramway 3"})
    assert added.status_code == 302
    t1 = database.session.scalar(select(Site).where(Site.mission_id == org.tram.id, Site.code == "t1"))
    assert admin.post(f"{url}/{t1.id}", data={"label": "Tram T1", "label_en": "Tramway 1"}).status_code == 302
    tram = catalogue_mission(phone, "tram")
    assert tram["labels"] == {"fr": "Divia — tram", "en": "Divia tramway"}
    # (The fixture's lines share one position: their order is the database's.)
    assert {site["code"]: site["labels"]["en"] for site in tram["sites"]} == {
        "t1": "Tramway 1",
        "t2": "Tram T2",
        "t3": "Tramway 3",
    }
    page = admin.get(f"/admin/missions/{org.tram.id}").get_data(as_text=True)
    assert 'lang="en">Tramway 3<' in page and 'value="Divia tramway"' in page


@pytest.mark.parametrize(
    ("pole", "default_place", "expected"),
    [
        ("transport", "on_board", ["on_board", "platform", "stop", "station"]),
        ("transport", "home", ["on_board", "platform", "stop", "station", "home"]),
        ("polyvalent", "post_office", ["post_office"]),
        ("polyvalent", "", ["post_office", "desk", "phone", "home"]),
    ],
)
def test_a_new_mission_without_places_gets_those_of_its_kind(database, admin, pole, default_place, expected):
    response = admin.post("/admin/missions/new", data=mission_form(pole=pole, default_place=default_place))
    assert response.status_code == 302
    mission = database.session.scalar(select(Mission).where(Mission.code == "school_exit"))
    assert mission.places == expected


def test_places_are_chosen_on_the_mission_page_in_the_vocabulary_order(database, admin, phone, org):
    page = admin.get(f"/admin/missions/{org.tram.id}").get_data(as_text=True)
    ticked = re.findall(r'<input checked id="places-\d" name="places" type="checkbox" value="(\w+)"', page)
    assert ticked == ["on_board", "platform", "stop", "station"]
    form = mission_form(pole="transport", default_place="stop", places=["stop", "on_board"])
    form.pop("code")
    assert admin.post(f"/admin/missions/{org.tram.id}", data=form).status_code == 302
    tram = catalogue_mission(phone, "tram")
    assert tram["places"] == ["on_board", "stop"] and tram["default_place"] == "stop"
    audit = database.session.scalar(select(AuditEntry).where(AuditEntry.entity == "mission"))
    assert audit.changes["places"] == [["on_board", "platform", "stop", "station"], ["on_board", "stop"]]


@pytest.mark.parametrize(
    ("places", "default_place", "field", "message"),
    [
        ([], "", "places", "Cochez au moins un lieu."),
        (["on_board", "stop"], "post_office", "default_place", "Le lieu par défaut doit faire partie des lieux"),
        (["on_board", "moon"], "", "places", "Valeur inconnue : choisissez dans la liste."),
    ],
)
def test_places_the_phone_could_not_use_are_refused_in_place(
    database, admin, org, places, default_place, field, message
):
    form = mission_form(pole="transport", default_place=default_place, places=places, label="Changé")
    form.pop("code")
    response = admin.post(f"/admin/missions/{org.tram.id}", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error">' in page and message in page
    database.session.refresh(org.tram)
    assert org.tram.label == "Divia — tram" and org.tram.places == ["on_board", "platform", "stop", "station"]
