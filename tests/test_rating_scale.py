"""Satisfaction per mission: 1-5 stars, or three levels ("Très satisfait", "Plutôt", "Pas du tout")."""

import uuid

from sqlalchemy import select

from server.models import Intervention, Mission
from tests.helpers import intervention_record, page_text, shift_record

SETTINGS = {
    "label": "Pré-accueil La Poste",
    "partner": "La Poste",
    "pole": "polyvalent",
    "mediation": "posted",
    "default_place": "post_office",
    "places": ["post_office"],
    "asks_people": "y",
    "asks_rating": "y",
    "multi_motif": "y",
}


def _rated_taps(phone, ratings, day="2025-04-01", mission="post", site="grangier"):
    """A shift of the day at 9:00 and one intervention a minute from 9:10 per rating; the taps and
    the sync's results (the shift's first)."""
    shift = shift_record(
        mission=mission, site=site, started_at=f"{day}T09:00:00+01:00", updated_at=f"{day}T09:00:00+01:00"
    )
    taps = [
        intervention_record(
            shift["id"],
            occurred_at=f"{day}T09:{10 + n}:00+01:00",
            updated_at=f"{day}T09:{10 + n}:00+01:00",
            types=["forms"],
            place="post_office",
            rating=rating,
        )
        for n, rating in enumerate(ratings)
    ]
    return taps, phone.sync(shifts=[shift], interventions=taps).json["results"]


def test_a_three_level_mission_from_setting_to_report(database, login_as, org):
    admin, _ = login_as("admin")
    phone, _ = login_as("mediator")
    coordinator, _ = login_as("coordinator")
    page = page_text(admin.get(f"/admin/missions/{org.post.id}"))
    assert "Échelle de satisfaction" in page and "Trois niveaux (très, plutôt, pas du tout satisfait)" in page
    assert (
        admin.post(f"/admin/missions/{org.post.id}", data={**SETTINGS, "rating_scale": "three_levels"}).status_code
        == 302
    )

    # The phone's catalogue says which scale, and the three levels' words in every language.
    catalogue = phone.get("/api/catalogue").json
    missions = {mission["code"]: mission for mission in catalogue["missions"]}
    assert missions["post"]["rating_scale"] == "three_levels"
    assert missions["tram"]["rating_scale"] == "stars"
    assert catalogue["vocabularies"]["three_levels"] == [
        {"code": "3", "labels": {"fr": "Très satisfait", "en": "Very satisfied"}},
        {"code": "2", "labels": {"fr": "Plutôt satisfait", "en": "Fairly satisfied"}},
        {"code": "1", "labels": {"fr": "Pas du tout satisfait", "en": "Not at all satisfied"}},
    ]

    # The sync takes the mission's values only.
    taps, results = _rated_taps(phone, [3, 3, 2, 1, 5])
    results = results[1:]
    assert [result["status"] for result in results] == ["created"] * 4 + ["invalid"]
    assert "trois niveaux" in results[4]["errors"]["rating"][0]
    stars_shift = shift_record(started_at="2025-04-02T09:00:00+01:00", updated_at="2025-04-02T09:00:00+01:00")
    star = intervention_record(
        stars_shift["id"], occurred_at="2025-04-02T09:10:00+01:00", updated_at="2025-04-02T09:10:00+01:00", rating=5
    )
    assert phone.sync(shifts=[stars_shift], interventions=[star]).json["results"][1]["status"] == "created"

    # The report shows the share of "Très satisfait", and each level.
    report = page_text(coordinator.get("/reports/annual?year=2025"))
    assert (
        '50,0 % de « Très satisfait » sur 4 avis <span class="change">'
        "(Très satisfait 50,0 % · Plutôt satisfait 25,0 % · Pas du tout satisfait 25,0 %)</span>" in report
    )
    assert "100,0 % de 5 étoiles sur 1 avis (moyenne 5,0 / 5)" in report

    # Ratings exist: the scale no longer changes (they would be read on the other scale).
    refused = admin.post(f"/admin/missions/{org.post.id}", data={**SETTINGS, "rating_scale": "stars"})
    assert refused.status_code == 400 and "Des notes ont déjà été saisies sur l’échelle actuelle" in page_text(refused)
    assert phone.get("/api/catalogue").json["missions"][1]["rating_scale"] == "three_levels"

    # A coordinator's correction keeps to the scale too.
    form = {
        "occurred_at": "2025-04-01T09:10",
        "types": ["forms"],
        "gender": "unknown",
        "age_band": "unknown",
        "place": "",
        "people": "1",
        "duration": "",
        "mask_outcome": "",
        "rating": "5",
        "note": "",
        "reason": "Note recopiée",
    }
    corrected = coordinator.post(f"/desk/interventions/{taps[0]['id']}/edit", data=form)
    assert corrected.status_code == 400 and "trois niveaux" in page_text(corrected)
    assert (
        coordinator.post(f"/desk/interventions/{taps[0]['id']}/edit", data={**form, "rating": "2"}).status_code == 302
    )
    assert database.session.get(Intervention, uuid.UUID(taps[0]["id"])).rating == 2


def test_a_new_mission_rates_in_stars_unless_asked(database, login_as):
    admin, _ = login_as("admin")
    form = {**SETTINGS, "code": "energy", "label": "Ateliers énergie", "rating_scale": "three_levels"}
    assert admin.post("/admin/missions/new", data=form).status_code == 302
    del form["rating_scale"]
    assert admin.post("/admin/missions/new", data={**form, "code": "desk"}).status_code == 302
    phone, _ = login_as("mediator")
    scales = {mission["code"]: mission["rating_scale"] for mission in phone.get("/api/catalogue").json["missions"]}
    assert scales["energy"] == "three_levels" and scales["desk"] == "stars"
    unknown = admin.post("/admin/missions/new", data={**form, "code": "other", "rating_scale": "ten"})
    assert unknown.status_code == 400


def test_a_partner_with_star_and_three_level_missions_keeps_each_scale_apart(database, login_as, org):
    # Two missions of La Poste: the post office in stars, town-hall desks on three levels.
    admin, _ = login_as("admin")
    desk = {**SETTINGS, "code": "town_hall", "label": "Mairies", "rating_scale": "three_levels"}
    assert admin.post("/admin/missions/new", data=desk).status_code == 302
    town_hall = database.session.scalar(select(Mission).where(Mission.code == "town_hall"))
    type_form = {"type-code": "forms", "type-label": "Aide aux formulaires"}
    assert admin.post(f"/admin/missions/{town_hall.id}/types", data=type_form).status_code == 302
    phone, _ = login_as("mediator")
    _rated_taps(phone, [5, 5, 1])
    _taps, results = _rated_taps(phone, [3, 2], day="2025-04-02", mission="town_hall", site=None)
    assert {result["status"] for result in results} == {"created"}, results
    coordinator, _ = login_as("coordinator")
    report = page_text(coordinator.get("/reports/annual?year=2025"))
    partner = report[report.index('<h2 id="partner-') :]
    partner = partner[: partner.index("</dl>")]
    # The partner's figures: 2 of 3 in five stars, 1 of 2 "Très satisfait"; never 5 ratings on one scale.
    assert "66,7 % de 5 étoiles sur 3 avis (moyenne 3,7 / 5)" in partner
    assert "50,0 % de « Très satisfait » sur 2 avis" in partner
