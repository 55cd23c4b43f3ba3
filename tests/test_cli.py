"""`flask --app server users ...` and `demo`, through the real Click commands."""

from sqlalchemy import func, select

from server.models import Intervention, InterventionType, Mission, Organisation, User


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
        args=["users", "create", "nadia@example.org", "--name", "N", "--role", "admin", "--password", "x" * 9]
    )
    assert again.exit_code != 0 and "already has an account" in again.output
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
        args=["users", "create", "a@b.c", "--name", "A", "--role", "boss", "--password", "x" * 9]
    ).exit_code
    short = runner.invoke(args=["users", "create", "a@b.c", "--name", "A", "--role", "mediator", "--password", "short"])
    assert short.exit_code and "8 characters" in short.output
    assert runner.invoke(args=["users", "deactivate", "nobody@example.org"]).exit_code


def test_demo_is_idempotent_with_the_domain_labels(app, database):
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


def test_demo_shows_one_shift_of_each_flag_and_last_years_figures(app, database):
    """Only the five shifts built as examples are flagged; the demo spans last year and this one."""
    from collections import Counter
    from datetime import date

    from server.services.demo import load_demo
    from server.services.shift_review import FLAGS, review_shifts

    assert load_demo(days=40)
    coordinator = database.session.scalar(select(User).where(User.role == "coordinator"))
    rows = review_shifts(coordinator, {"from": date(2000, 1, 1), "to": date.today()})
    flagged = Counter(flag for row in rows for flag in row["flags"])
    assert flagged == Counter(FLAGS)
    notes = database.session.scalars(select(Intervention.note).where(Intervention.note.is_not(None))).all()
    assert len(notes) == 4 and all(note.startswith("Démo : ") for note in notes)
