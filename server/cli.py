"""Command-line administration: `flask --app server users|demo ...` (orgs, purge: cli_organisations.py)."""

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from .extensions import db
from .models import Organisation, User
from .vocabulary import POLES, ROLES

users_cli = AppGroup("users", help="Manage user accounts.")


def _organisation(name: str | None) -> Organisation:
    query = select(Organisation)
    if name:
        query = query.where(Organisation.name == name)
    organisations = db.session.scalars(query.order_by(Organisation.id)).all()
    if not organisations:
        raise click.ClickException("No such organisation: create one first (flask --app server demo).")
    if len(organisations) > 1 and not name:
        raise click.ClickException("Several organisations exist: pass --org NAME.")
    return organisations[0]


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--pole", type=click.Choice(POLES), default=None)
@click.option("--org", "organisation_name", default=None, help="Organisation name (when there are several).")
@click.option("--password", default=None, help="Prompted for when not given.")
def create_user(email, name, role, pole, organisation_name, password):
    """Create an account."""
    email = email.strip().lower()
    if db.session.scalar(select(User).where(User.email == email)):
        raise click.ClickException(f"{email} already has an account.")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.ClickException("The password needs at least 8 characters.")
    user = User(email=email, name=name, role=role, pole=pole, organisation=_organisation(organisation_name))
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user(email):
    """Stop an account from signing in; its records and history stay."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    user.active = False
    db.session.commit()
    click.echo(f"Deactivated {user.email}.")


@click.command("demo")
@click.option("--days", type=click.IntRange(0, 3000), help="Days of activity (default: since 1 January last year).")
def demo_command(days: int | None):
    """Load the demo organisation, accounts and last year's and this year's activity (once)."""
    from .services.demo import DEMO_PASSWORD, load_demo

    created = load_demo(days)
    click.echo("Demo data loaded." if created else "Demo data already present: nothing changed.")
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for role, email in (
        ("mediator", "mediateur@demo.mediatap.fr"),
        ("coordinator", "coordinatrice@demo.mediatap.fr"),
        ("admin", "admin@demo.mediatap.fr"),
    ):
        click.echo(f"  {role:<12} {email}")


def register_cli(app: Flask) -> None:
    from .backup import backup_command
    from .cli_organisations import orgs_cli, purge_command

    app.cli.add_command(users_cli)
    app.cli.add_command(orgs_cli)
    app.cli.add_command(purge_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
