"""`flask --app server users ...` and `demo`, through the real Click commands."""

import re

from sqlalchemy import func, select

from server.models import AuditEntry, Intervention, InterventionType, Mission, Organisation, User, UserSession
from tests.helpers import local_today


def test_users_create_and_deactivate(app, database, org):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Nadia@Example.org",
            "--name",
            "Nadia",
            "--role",
            "coordinator",
            "--password",
            "long enough",
        ]
    )
    assert result.exit_code == 0, result.output
    user = database.session.scalar(select(User).where(User.email == "nadia@example.org"))
    assert user.role == "coordinator" and user.check_password("long enough")
    again = runner.invoke(
        args=[
            "users",
            "create",
            "nadia@example.org",
            "--name",
            "N",
            "--role",
            "admin",
            "--password",
            "tram jaune du matin",
        ]
    )
    assert again.exit_code != 0 and "Cette adresse e-mail a déjà un compte." in again.output
    result = runner.invoke(args=["users", "deactivate", "nadia@example.org"])
    assert result.exit_code == 0
    database.session.expire_all()
    assert database.session.scalar(select(User.active).where(User.email == "nadia@example.org")) is False


def test_users_create_prompts_for_the_password(app, database, org):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "m@example.org", "--name", "M", "--role", "mediator"],
        input="s3cret-pass\ns3cret-pass\n",
    )
    assert result.exit_code == 0, result.output
    user = database.session.scalar(select(User).where(User.email == "m@example.org"))
    assert user.check_password("s3cret-pass")


def test_users_create_refuses_bad_input(app, database, org):
    runner = app.test_cli_runner()
    assert runner.invoke(
        args=["users", "create", "a@b.c", "--name", "A", "--role", "boss", "--password", "tram jaune du matin"]
    ).exit_code
    short = runner.invoke(args=["users", "create", "a@b.c", "--name", "A", "--role", "mediator", "--password", "short"])
    assert short.exit_code and "Au moins 8 caractères." in short.output
    assert runner.invoke(args=["users", "deactivate", "nobody@example.org"]).exit_code


def test_users_create_is_audited_and_reaches_colleagues_phones(app, database, login_as, org):
    phone, _ = login_as("mediator")
    before = phone.get("/api/catalogue").json["version"]
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "nadia@example.org",
            "--name",
            "Nadia",
            "--role",
            "mediator",
            "--password",
            "tram jaune du matin",
        ]
    )
    assert result.exit_code == 0, result.output
    catalogue = phone.get("/api/catalogue").json
    assert catalogue["version"] == before + 1
    assert "Nadia" in [colleague["name"] for colleague in catalogue["colleagues"]]
    person = database.session.scalar(select(User).where(User.email == "nadia@example.org"))
    assert not person.must_change_password
    entry = database.session.scalars(select(AuditEntry)).one()
    assert (entry.organisation_id, entry.actor_id, entry.reason) == (org.organisation.id, None, "cli")
    assert (entry.entity, entry.entity_id, entry.action) == ("user", str(person.id), "create")
    assert entry.changes["email"] == [None, "nadia@example.org"] and "tram jaune du matin" not in str(entry.changes)


def test_users_deactivate_is_audited_signs_out_and_reaches_colleagues_phones(app, database, login_as, org):
    phone, _ = login_as("mediator")
    leaving_phone, leaving = login_as("mediator", name="Karim")
    before = phone.get("/api/catalogue").json["version"]
    result = app.test_cli_runner().invoke(args=["users", "deactivate", leaving.email])
    assert result.exit_code == 0, result.output
    catalogue = phone.get("/api/catalogue").json
    assert catalogue["version"] == before + 1 and "Karim" not in str(catalogue["colleagues"])
    assert leaving_phone.get("/api/catalogue").status_code == 401
    assert database.session.scalar(select(UserSession.ended_at).where(UserSession.user_id == leaving.id))
    entry = database.session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.reason, entry.entity_id) == (None, "cli", str(leaving.id))
    assert (entry.action, entry.changes) == ("deactivate", {"active": [True, False]})


def test_users_create_refuses_with_the_admin_pages_words(app, database, login_as, make_user):
    desk, _ = login_as("admin")
    make_user("mediator", email="nadia@example.org")
    page = desk.post(
        "/admin/people/new", data={"name": "Nadia", "email": "nadia@example.org", "role": "mediator", "pole": ""}
    ).get_data(as_text=True)
    taken = re.search(r'id="email-error">([^<]+)<', page).group(1)
    page = desk.post(
        "/account/password", data={"current_password": "x", "new_password": "short", "confirm": "short"}
    ).get_data(as_text=True)
    weak = re.search(r'id="new_password-error">([^<]+)<', page).group(1)
    assert (taken, weak) == ("Cette adresse e-mail a déjà un compte.", "Au moins 8 caractères.")

    runner = app.test_cli_runner()
    duplicate = runner.invoke(
        args=[
            "users",
            "create",
            "Nadia@example.org",
            "--name",
            "N",
            "--role",
            "mediator",
            "--password",
            "tram jaune du matin",
        ]
    )
    assert duplicate.exit_code != 0 and taken in duplicate.output
    short = runner.invoke(
        args=["users", "create", "new@example.org", "--name", "N", "--role", "mediator"], input="short\nshort\n"
    )
    assert short.exit_code != 0 and weak in short.output
    assert database.session.scalar(select(User).where(User.email == "new@example.org")) is None


def test_demo_is_idempotent_with_the_domain_labels(app, database):
    from collections import Counter

    from server.services.devices import list_devices
    from server.vocabulary import DEVICE_FLAGS

    runner = app.test_cli_runner()
    # Three weeks are enough to check it; `make run` loads last year and this one.
    first = runner.invoke(args=["demo", "--days", "21"])
    assert first.exit_code == 0 and "mediateur@demo.mediatap.fr" in first.output
    counts = (
        database.session.scalar(select(func.count()).select_from(Intervention)),
        database.session.scalar(select(func.count()).select_from(User)),
    )
    second = runner.invoke(args=["demo", "--days", "21"])
    assert "already present" in second.output
    assert counts == (
        database.session.scalar(select(func.count()).select_from(Intervention)),
        database.session.scalar(select(func.count()).select_from(User)),
    )
    assert counts[0] > 500
    organisation = database.session.scalar(select(Organisation))
    assert organisation.name == "PIMMS de Dijon"
    post = database.session.scalar(select(Mission).where(Mission.code == "la_poste"))
    labels = database.session.scalars(
        select(InterventionType.label).where(InterventionType.mission_id == post.id).order_by(InterventionType.position)
    ).all()
    assert labels == [
        "Organisation des services",
        "Horaires",
        "La Poste en ligne",
        "La banque en ligne",
        "Aide au remplissage des formulaires",
        "Aide utilisation automates",
        "Divers",
    ]
    desk = database.session.scalar(select(Mission).where(Mission.code == "town_hall"))
    assert [kind.label for kind in desk.types] == ["Accueil partenaires", "Accueil généraliste", "Accueil numérique"]
    roles = set(database.session.scalars(select(User.role)))
    assert roles == {"mediator", "coordinator", "admin"}
    # Each mission offers its own places, its default among them, and speaks English too.
    places = dict(database.session.execute(select(Mission.code, Mission.places)).all())
    assert places["divia_tram"] == ["on_board", "platform", "station"]
    assert places["la_poste"] == ["post_office"] and places["town_hall"] == ["desk"]
    for mission in database.session.scalars(select(Mission)):
        assert mission.default_place in mission.places and mission.label_en
    # The desk's list of phones shows one of each flag.
    coordinator = database.session.scalar(select(User).where(User.role == "coordinator"))
    flags = Counter(flag for row in list_devices(coordinator) for flag in row["flags"])
    assert flags == Counter(DEVICE_FLAGS)


def test_demo_shows_one_shift_of_each_flag_and_last_years_figures(app, database):
    """Only the five shifts built as examples are flagged; the demo spans last year and this one."""
    from collections import Counter
    from datetime import date

    from server.services.demo import load_demo
    from server.services.shift_review import review_shifts
    from server.vocabulary import SHIFT_FLAGS

    assert load_demo(days=40)
    coordinator = database.session.scalar(select(User).where(User.role == "coordinator"))
    review = review_shifts(coordinator, date(2000, 1, 1), local_today())
    assert review["flag_counts"] == dict.fromkeys(SHIFT_FLAGS, 1)
    flagged = review_shifts(coordinator, date(2000, 1, 1), local_today(), size=500)["rows"]
    assert Counter(flag for row in flagged for flag in row["flags"]) == Counter(SHIFT_FLAGS)
    notes = database.session.scalars(select(Intervention.note).where(Intervention.note.is_not(None))).all()
    assert len(notes) == 4 and all(note.startswith("Démo : ") for note in notes)
