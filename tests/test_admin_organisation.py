"""Organisation settings, the printed report's logo, and the audit trail page."""

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin
from sqlalchemy import select

from server.models import AuditEntry, Organisation


def image_bytes(kind: str = "PNG", size=(40, 20), **options) -> bytes:
    output = io.BytesIO()
    Image.new("RGBA" if kind != "JPEG" else "RGB", size, (200, 30, 60)).save(output, kind, **options)
    return output.getvalue()


def with_ihdr_size(png: bytes, width: int, height: int) -> bytes:
    """The same PNG, its header claiming another size (a decompression bomb's few bytes)."""
    header = png[12:16] + struct.pack(">II", width, height) + png[24:29]
    return png[:8] + png[8:12] + header + struct.pack(">I", zlib.crc32(header)) + png[33:]


PNG = image_bytes()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
# SVGs that passed the filter this replaced: scripts and requests hidden where it did not look.
CRAFTED_SVGS = [
    b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript&#58;alert(1)"><text>x</text></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><use href="http://evil.example/x.svg#a"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://evil.example/x.css);</style></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil.example/track.png"/></svg>',
]


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


@pytest.mark.parametrize(("kind", "served_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/png")])
def test_raster_logos_are_redrawn_and_served_safely(database, admin, login_as, kind, served_type):
    client, _ = admin
    # A text chunk is where a polyglot file hides its script: nothing of it is kept.
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    sent = image_bytes(kind, pnginfo=info) if kind == "PNG" else image_bytes(kind)
    assert upload(client, sent, "logo.bin").status_code == 302
    served = client.get("/admin/organisation/logo")
    assert served.status_code == 200 and served.mimetype == served_type
    assert b"script" not in served.data
    assert Image.open(io.BytesIO(served.data)).size == (40, 20)
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    # Coordinators print the report with it.
    coordinator, _ = login_as("coordinator")
    assert coordinator.get("/admin/organisation/logo").status_code == 200
    assert 'src="/admin/organisation/logo"' in client.get("/admin/organisation").get_data(as_text=True)
    assert client.post("/admin/organisation/logo/delete").status_code == 302
    assert client.get("/admin/organisation/logo").status_code == 404


def test_a_large_logo_is_kept_at_a_printable_size(database, admin):
    client, _ = admin
    assert upload(client, image_bytes("PNG", (1600, 400)), "wide.png").status_code == 302
    assert Image.open(io.BytesIO(client.get("/admin/organisation/logo").data)).size == (800, 200)


def test_the_page_offers_raster_images_only(admin):
    client, _ = admin
    page = client.get("/admin/organisation").get_data(as_text=True)
    assert 'accept="image/png,image/jpeg,image/webp"' in page and "svg" not in page


NOT_RASTER = "Le logo doit être une image PNG, JPEG ou WebP."


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (image_bytes("GIF"), "logo.png", NOT_RASTER),
        (b"%PDF-1.7", "logo.svg", NOT_RASTER),
        (PNG + b"\x00" * 210_000, "big.png", "Le logo dépasse 200 Ko"),
        (SVG, "logo.svg", NOT_RASTER),
        (b'<svg onload="alert(1)"></svg>', "x.svg", NOT_RASTER),
        (b"<svg><script>alert(1)</script></svg>", "x.svg", NOT_RASTER),
        (b'<!DOCTYPE svg [<!ENTITY a "aaa">]><svg>&a;</svg>', "x.svg", NOT_RASTER),
        *((svg, "crafted.svg", NOT_RASTER) for svg in CRAFTED_SVGS),
        (with_ihdr_size(PNG, 50_000, 50_000), "bomb.png", "Cette image annonce"),
        (with_ihdr_size(PNG, 3000, 10), "long.png", "Cette image annonce 3000 × 10 pixels"),
        (PNG[: len(PNG) // 2], "cut.png", "Ce fichier image est abîmé ou incomplet"),
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
