"""Superuser commands: `flask --app server orgs create|list` and `flask --app server purge`."""

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from .errors import Refusal
from .services.organisations import create_organisation, list_organisations
from .services.passwords import PASSWORD_MIN_LENGTH
from .services.retention import purge_notes

orgs_cli = AppGroup("orgs", help="Manage the organisations of this installation (superuser).")


@orgs_cli.command("create")
@click.argument("name")
@click.option("--timezone", default="Europe/Paris", show_default=True)
@click.option("--admin-email", default=None, help="First admin of the organisation.")
@click.option("--admin-name", default=None)
@click.option("--admin-password", default=None, help="Prompted for when an admin email is given without it.")
def create_org(name, timezone, admin_email, admin_name, admin_password):
    """Create an organisation, and optionally its first admin."""
    admin = None
    if admin_email:
        if admin_password is None:
            admin_password = click.prompt("Admin password", hide_input=True, confirmation_prompt=True)
        if len(admin_password) < PASSWORD_MIN_LENGTH:
            raise click.ClickException(f"The password needs at least {PASSWORD_MIN_LENGTH} characters.")
        admin = {"email": admin_email, "name": admin_name or admin_email, "password": admin_password}
    try:
        # No request to choose a language from: the services' refusals come out in French.
        with force_locale("fr"):
            organisation = create_organisation(name, timezone, admin)
    except Refusal as refusal:
        raise click.ClickException(_first_message(refusal)) from refusal
    click.echo(f"Created organisation {organisation.name} (id {organisation.id}, {organisation.timezone}).")
    if admin:
        click.echo(f"Admin: {admin['email'].strip().lower()}")


@orgs_cli.command("list")
def list_orgs():
    """List organisations with their time zone, note retention and active accounts."""
    rows = list_organisations()
    if not rows:
        click.echo("No organisation yet.")
    for organisation, active in rows:
        click.echo(
            f"{organisation.id:>4}  {organisation.name}  ({organisation.timezone}, notes kept "
            f"{organisation.note_retention_days} days, {active} active accounts)"
        )


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted, delete nothing.")
def purge_command(dry_run):
    """Delete free-text notes older than each organisation's retention period (records stay)."""
    verb = "would delete" if dry_run else "deleted"
    for result in purge_notes(dry_run=dry_run):
        click.echo(
            f"{result.organisation}: {verb} {result.notes} notes of interventions before "
            f"{result.cutoff:%Y-%m-%d %H:%M} UTC (kept {result.retention_days} days); "
            f"{result.audit_entries} audit entries cleared of notes."
        )


def _first_message(refusal: Refusal) -> str:
    for messages in refusal.fields.values():
        return str(messages[0])
    return refusal.message
