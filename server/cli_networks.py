"""Superuser commands: `flask --app server networks create|join|leave|list`."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from .cli import refusals_as_errors
from .extensions import db
from .models import Organisation
from .services.networks import create_network, current_membership, find_network, join_network, leave_network
from .services.organisations import find_organisation

networks_cli = AppGroup("networks", help="Networks adding up their members' figures (superuser).")


def _organisation(name: str) -> Organisation:
    with refusals_as_errors():
        return find_organisation(name)


@networks_cli.command("create")
@click.argument("name")
def create(name):
    """Create a network without members."""
    with refusals_as_errors():
        network = create_network(name)
    click.echo(f"Created network {network.name}.")


def _membership_command(verb: str, past: str, change, help: str) -> None:
    """`networks VERB NAME --org ORGANISATION`: `change(organisation, network)`, audited in the
    organisation's trail as the admin page's are."""

    @networks_cli.command(verb, help=help)
    @click.argument("name")
    @click.option("--org", "organisation_name", required=True)
    def command(name, organisation_name):
        organisation = _organisation(organisation_name)
        with refusals_as_errors():
            change(organisation, find_network(name))
        click.echo(f"{organisation.name} {past} {name}.")


_membership_command(
    "join",
    "joined",
    lambda organisation, network: join_network(None, network, organisation),
    "The organisation's figures reach the network from now on (audited in its trail).",
)
_membership_command(
    "leave",
    "left",
    lambda organisation, network: leave_network(None, organisation, network),
    "The organisation's figures stop reaching the network from now on (audited in its trail).",
)


@networks_cli.command("list")
def list_networks():
    """Each organisation and the network that receives its figures."""
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.name)):
        membership = current_membership(organisation)
        click.echo(f"{organisation.name}: {membership.network.name if membership else '-'}")
