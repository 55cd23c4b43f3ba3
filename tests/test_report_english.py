"""The yearly report in English (issue 12, item 13): every label a reader sees, the profil
type sentence included, in English when the page is; labels typed in French only stay so."""

from server.models import InterventionType, Mission
from tests.helpers import figure_row, page_text
from tests.test_report_annual import known_year  # noqa: F401 - the fixture

ENGLISH = {
    "tram": "Divia tramway",
    "post": "La Poste front-door welcome",
    "itinerary": "Directions",
    "fares": "Fares and ticketing",
    "mask_reminder": "Mask reminder",
    "opening_hours": "Opening hours",
    "online_bank": "Online banking",
    "forms": "Help with forms",
}
# What the French report prints that an English one must not.
FRENCH = [
    "Divia — tram",
    "Pré-accueil La Poste",
    "Information itinéraire",
    "Tarifs, billettique",
    "Horaires",
    "Profil type",
    "Motifs traités",
    "Médiation",
    "Femme",
    "Homme",
    "Non renseigné",
    "Moins de 25 ans",
    "Plus de 60 ans",
    "de courte durée",
    "auprès de",
    "ayant entre",
    "par rapport à",
    "Synthèse",
    "Heures de",
    "62,5",  # English numbers: a decimal point, no space before the percent sign
    " %",
]


def test_the_report_in_english(database, login_as, org, known_year):  # noqa: F811
    for model in (Mission, InterventionType):
        for row in database.session.query(model):
            if row.code in ENGLISH and (model is Mission or row.mission.organisation_id == org.organisation.id):
                row.label_en = ENGLISH[row.code]
    database.session.commit()
    coordinator, _ = login_as("coordinator")
    text = page_text(coordinator.get("/reports/annual?year=2025&lang=en"))
    assert "Activity report 2025" in text
    assert figure_row("Divia tramway", 5, "62.5") in text
    assert '<h3 id="mission-tram">Divia tramway</h3>' in text or 'id="mission-tram">Divia tramway<' in text
    assert figure_row("Directions", 3, "60.0") in text
    assert figure_row("Opening hours", 2) in text
    assert "Typical profile of an intervention: directions, short, with male clients, aged 25 to 60." in text
    assert figure_row("Man") in text and figure_row("Under 25") in text
    assert figure_row("On-site mediation") in text
    assert '<option value="tram">Divia tramway</option>' in text  # the report's own form
    leftovers = [french for french in FRENCH if french in text]
    assert not leftovers, leftovers

    # The French page is unchanged, and a mission without an English label keeps its own.
    french = page_text(coordinator.get("/reports/annual?year=2025"))
    assert "Profil type d’une intervention : information itinéraire, de courte durée" in french
    assert figure_row("Divia — tram") in french
    database.session.get(Mission, org.tram.id).label_en = ""
    database.session.commit()
    assert figure_row("Divia — tram") in page_text(coordinator.get("/reports/annual?year=2025&lang=en"))
