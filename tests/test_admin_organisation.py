"""Organisation settings, the printed report's logo, and the audit trail page."""

import io

import pytest
from sqlalchemy import select

from server.models import AuditEntry, Organisation

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.fixture
def admin(login_as):
    return login_as("admin")


def settings(**overrides) -> dict:
    form = {"name": "PIMMS de Dijon Métropole", "timezone": "Europe/Paris", "note_retention_days": "90"}
    form.update(overrides)
    return form


def upload(client, content: bytes, filename: str):
    return client.post(
        "/admin/organisation/logo",
        data={"logo": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_change_the_settings(database, admin, org):
    client, actor = admin
    assert client.get("/admin/organisation").status_code == 200
    response = client.post("/admin/organisation", data=settings(timezone="America/Cayenne"))
    assert response.status_code == 302
    database.session.refresh(org.organisation)
    assert (org.organisation.name, org.organisation.timezone, org.organisation.note_retention_days) == (
        "PIMMS de Dijon Métropole",
        "America/Cayenne",
        90,
    )
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.entity == "organisation"))
    assert entry.actor_id == actor.id and entry.changes["note_retention_days"] == [365, 90]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Indiquez un nom."),
        ({"name": "Autre PIMMS"}, "name", "Une organisation porte déjà ce nom."),
        ({"timezone": "Mars/Olympus"}, "timezone", "Valeur inconnue : choisissez dans la liste."),
        ({"note_retention_days": "0"}, "note_retention_days", "Entre 1 et 3650 jours."),
        ({"note_retention_days": "beaucoup"}, "note_retention_days", 'id="note_retention_days-error"'),
    ],
)
def test_invalid_settings_are_refused_in_place(database, admin, make_org, org, overrides, field, message):
    client, _ = admin
    make_org("Autre PIMMS")
    response = client.post("/admin/organisation", data=settings(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and f'id="{field}-error">' in page and message in page
    database.session.refresh(org.organisation)
    assert org.organisation.name == "PIMMS de Dijon"


def test_renaming_with_other_capitals_is_allowed(database, admin, org):
    client, _ = admin
    assert client.post("/admin/organisation", data=settings(name="PIMMS DE DIJON")).status_code == 302


def test_logo_png_and_svg_are_stored_and_served_safely(database, admin, login_as):
    client, _ = admin
    assert upload(client, PNG, "logo.png").status_code == 302
    served = client.get("/admin/organisation/logo")
    assert served.status_code == 200 and served.data == PNG and served.mimetype == "image/png"
    assert upload(client, SVG, "logo.svg").status_code == 302
    served = client.get("/admin/organisation/logo")
    assert served.mimetype == "image/svg+xml"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    # Coordinators print the report with it.
    coordinator, _ = login_as("coordinator")
    assert coordinator.get("/admin/organisation/logo").status_code == 200
    assert 'src="/admin/organisation/logo"' in client.get("/admin/organisation").get_data(as_text=True)
    assert client.post("/admin/organisation/logo/delete").status_code == 302
    assert client.get("/admin/organisation/logo").status_code == 404


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"GIF89a....", "logo.png", "Le logo doit être une image PNG ou SVG."),
        (b"%PDF-1.7", "logo.svg", "Le logo doit être une image PNG ou SVG."),
        (PNG + b"\x00" * 210_000, "big.png", "Le logo dépasse 200 Ko"),
        (b'<svg onload="alert(1)"></svg>', "x.svg", "Ce SVG contient des scripts"),
        (b"<svg><script>alert(1)</script></svg>", "x.svg", "Ce SVG contient des scripts"),
        (b'<!DOCTYPE svg [<!ENTITY a "aaa">]><svg>&a;</svg>', "x.svg", "Ce SVG contient des scripts"),
        (b"", "empty.png", "Le fichier est vide."),
    ],
)
def test_bad_logos_are_refused_in_place(database, admin, org, content, filename, message):
    client, _ = admin
    response = upload(client, content, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="logo-error">' in page and message in page
    assert database.session.scalar(select(Organisation.logo_type).where(Organisation.id == org.organisation.id)) is None


def test_sending_no_file_says_so(admin):
    client, _ = admin
    response = client.post("/admin/organisation/logo", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Choisissez un fichier." in response.get_data(as_text=True)


def test_the_audit_page_lists_changes_newest_first(database, admin, org):
    client, _ = admin
    client.post(f"/admin/missions/{org.tram.id}/types", data={"type-code": "help", "type-label": "Aide"})
    client.post("/admin/organisation", data=settings())
    page = client.get("/admin/audit").get_data(as_text=True)
    assert page.index("Organisation ·") < page.index("Type d’intervention · Aide")
    assert '<th scope="col">Par</th>' in page
