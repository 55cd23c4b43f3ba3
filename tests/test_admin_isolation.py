"""No admin page reads or writes across organisations: another one's rows are a 404."""

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from server.models import AuditEntry, InterventionType, Mission, Organisation, Site, User


@pytest.fixture
def other(make_org, make_user):
    """Another PIMMS, with its missions and a mediator, that our admin must never reach."""
    seeded = make_org("PIMMS de Besançon")
    person = make_user("mediator", organisation=seeded.organisation, name="Lucie de Besançon")
    site = seeded.tram.sites[0]
    kind = seeded.tram.types[0]
    return {"org": seeded, "person": person.id, "mission": seeded.tram.id, "site": site.id, "type": kind.id}


def _snapshot(database, organisation_id: int) -> tuple:
    """Everything of an organisation an admin page could change."""
    mission_ids = select(Mission.id).where(Mission.organisation_id == organisation_id)
    rows = (
        database.session.execute(
            select(User.name, User.email, User.role, User.active, User.password_hash).where(
                User.organisation_id == organisation_id
            )
        ).all(),
        database.session.execute(
            select(Mission.label, Mission.archived).where(Mission.organisation_id == organisation_id)
        ).all(),
        database.session.execute(
            select(Site.label, Site.archived).where(Site.mission_id.in_(mission_ids)).order_by(Site.id)
        ).all(),
        database.session.execute(
            select(InterventionType.label, InterventionType.position, InterventionType.active)
            .where(InterventionType.mission_id.in_(mission_ids))
            .order_by(InterventionType.id)
        ).all(),
        database.session.execute(
            select(Organisation.name, Organisation.catalogue_version).where(Organisation.id == organisation_id)
        ).all(),
        database.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.organisation_id == organisation_id)
        ),
    )
    return rows


WRITES = [
    ("/admin/people/{person}", {"name": "X", "email": "x@example.org", "role": "admin", "pole": ""}),
    ("/admin/people/{person}/deactivate", {}),
    ("/admin/people/{person}/reactivate", {}),
    ("/admin/people/{person}/password", {}),
    ("/admin/missions/{mission}", {"label": "X", "pole": "transport", "mediation": "outgoing"}),
    ("/admin/missions/{mission}/archive", {}),
    ("/admin/missions/{mission}/sites", {"site-code": "x", "site-label": "X"}),
    ("/admin/missions/{mission}/sites/{site}", {"label": "X"}),
    ("/admin/missions/{mission}/sites/{site}/archive", {}),
    ("/admin/missions/{mission}/types", {"type-code": "x", "type-label": "X"}),
    ("/admin/missions/{mission}/types/{type}", {"label": "X"}),
    ("/admin/missions/{mission}/types/{type}/down", {}),
    ("/admin/missions/{mission}/types/{type}/retire", {}),
]
READS = [
    "/admin/people/{person}",
    "/admin/missions/{mission}",
    "/admin/missions/{mission}/sites/{site}",
    "/admin/missions/{mission}/types/{type}",
]


def test_other_organisations_rows_are_not_found(database, login_as, org, other):
    admin, _ = login_as("admin")
    before = _snapshot(database, other["org"].organisation.id)
    for template in READS:
        assert admin.get(template.format(**other)).status_code == 404, template
    for template, data in WRITES:
        assert admin.post(template.format(**other), data=data).status_code == 404, template
    database.session.expire_all()
    assert _snapshot(database, other["org"].organisation.id) == before


def test_own_mission_with_another_organisations_site_or_type_is_not_found(login_as, org, other):
    admin, _ = login_as("admin")
    mixed = {**other, "mission": org.tram.id}
    assert admin.get("/admin/missions/{mission}/sites/{site}".format(**mixed)).status_code == 404
    assert admin.post("/admin/missions/{mission}/types/{type}/retire".format(**mixed)).status_code == 404


def test_lists_and_journal_show_only_the_own_organisation(login_as, make_user, org, other):
    admin, _ = login_as("admin")
    other_admin, _ = login_as("admin", organisation=other["org"].organisation)
    other_admin.post(f"/admin/missions/{other['mission']}/archive")
    assert "Lucie de Besançon" not in admin.get("/admin/people").get_data(as_text=True)
    missions = admin.get("/admin/missions").get_data(as_text=True)
    assert missions.count("Divia — tram") == 1  # ours; Besançon has one of the same name
    assert "Archivage" not in admin.get("/admin/audit").get_data(as_text=True)
    assert "Archivage" in other_admin.get("/admin/audit").get_data(as_text=True)


def test_a_person_cannot_be_given_another_organisations_mission(database, login_as, make_user, org, other):
    admin, _ = login_as("admin")
    person = make_user("mediator")
    data = {"name": person.name, "email": person.email, "role": "mediator", "pole": "", "mission_ids": other["mission"]}
    response = admin.post(f"/admin/people/{person.id}", data=data)
    assert response.status_code == 400
    database.session.refresh(person)
    assert person.missions == []


def test_each_organisation_sees_its_own_logo(login_as, org, other):
    admin, _ = login_as("admin")
    other_admin, _ = login_as("admin", organisation=other["org"].organisation)
    png = io.BytesIO()
    Image.new("RGB", (7, 3), "navy").save(png, "PNG")
    other_admin.post(
        "/admin/organisation/logo",
        data={"logo": (io.BytesIO(png.getvalue()), "b.png")},
        content_type="multipart/form-data",
    )
    assert Image.open(io.BytesIO(other_admin.get("/admin/organisation/logo").data)).size == (7, 3)
    assert admin.get("/admin/organisation/logo").status_code == 404
