"""Command-line administration: `flask --app server users|demo ...` (orgs, purge: cli_organisations.py).

Commands go through the services the admin pages use, with the actor None: the superuser who
runs them has no account. Their audit entries name no actor and give "cli" as the reason, and
their refusals are the pages' own messages, in French as the pages show them by default.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from .errors import Refusal
from .extensions import db
from .models import Organisation
from .services.organisations import find_organisation
from .services.people import check_email_free, create_person, find_people_by_email, set_person_active
from .vocabulary import POLES, ROLES

users_cli = AppGroup("users", help="Manage user accounts.")


@contextmanager
def refusals_as_errors() -> Iterator[None]:
    """A service's refusal ends the command with the message a page would show under its field."""
    try:
        # No request to choose a language from: the pages' default, French.
        with force_locale("fr"):
            yield
    except Refusal as refusal:
        # Nothing of a refused command stays, even what it had written before the refusal.
        db.session.rollback()
        messages = [str(message) for field in refusal.fields.values() for message in field]
        raise click.ClickException(messages[0] if messages else str(refusal.message)) from refusal


def _organisation(name: str | None) -> Organisation:
    if name:
        with refusals_as_errors():
            return find_organisation(name)
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.id).limit(2)).all()
    if not organisations:
        raise click.ClickException("No such organisation: create one first (flask --app server demo).")
    if len(organisations) > 1:
        raise click.ClickException("Several organisations exist: pass --org NAME.")
    return organisations[0]


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--pole", type=click.Choice(POLES), default=None)
@click.option("--partner", default=None, help="A partner account's partner name (as its missions name it).")
@click.option("--network", "network_name", default=None, help="A network account's network (it has no organisation).")
@click.option("--org", "organisation_name", default=None, help="Organisation name (when there are several).")
@click.option("--password", default=None, help="Prompted for when not given.")
def create_user(email, name, role, pole, partner, network_name, organisation_name, password):
    """Create an account (audited; colleagues' phones list it at their next sync)."""
    if partner and role != "partner":
        raise click.ClickException("--partner is for --role partner only.")
    if (network_name is not None) != (role == "network"):
        raise click.ClickException("--network NAME goes with --role network, and only with it.")
    if role == "network":
        _create_network_account(email, name, network_name, password)
        return
    organisation = _organisation(organisation_name)
    with refusals_as_errors():
        # Said before the prompt: nobody types a password twice for an address already taken.
        check_email_free(email.strip().lower(), organisation.id)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    values = {"email": email, "name": name, "role": role, "pole": pole, "partner": partner, "password": password}
    with refusals_as_errors():
        person, _password = create_person(None, values, organisation)
    click.echo(f"Created {role} {person.email}.")


def _create_network_account(email: str, name: str, network_name: str, password: str | None) -> None:
    from .services.networks import create_network_account, find_network

    with refusals_as_errors():
        network = find_network(network_name)
        check_email_free(email.strip().lower(), None)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with refusals_as_errors():
        person, _password = create_network_account({"email": email, "name": name, "password": password}, network)
    click.echo(f"Created network account {person.email} of {network.name}.")


@users_cli.command("deactivate")
@click.argument("email")
@click.option("--org", "organisation_name", default=None, help="Organisation name (when several have the address).")
def deactivate_user(email, organisation_name):
    """Stop an account from signing in, everywhere at once; its records and history stay (audited)."""
    people = find_people_by_email(email)
    if organisation_name:
        organisation = _organisation(organisation_name)
        people = [person for person in people if person.organisation_id == organisation.id]
    if not people:
        raise click.ClickException(f"No account for {email}.")
    if len(people) > 1:
        raise click.ClickException(f"Several organisations have an account for {email}: pass --org NAME.")
    person = people[0]
    with refusals_as_errors():
        set_person_active(None, person, False)
    click.echo(f"Deactivated {person.email}.")


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
    from .cli_networks import networks_cli
    from .cli_organisations import orgs_cli, purge_command

    app.cli.add_command(users_cli)
    app.cli.add_command(orgs_cli)
    app.cli.add_command(networks_cli)
    app.cli.add_command(purge_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
