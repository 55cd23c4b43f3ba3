"""Superuser commands: `flask --app server orgs create|list|recount` and `flask --app server purge`."""

import click
from flask.cli import AppGroup

from .cli import refusals_as_errors
from .services.organisations import create_organisation, find_organisation, list_organisations
from .services.retention import purge_notes
from .services.tally_recount import differences, recount_organisation

orgs_cli = AppGroup("orgs", help="Manage the organisations of this installation (superuser).")


@orgs_cli.command("create")
@click.argument("name")
@click.option("--timezone", default="Europe/Paris", show_default=True)
@click.option("--admin-email", default=None, help="First admin of the organisation.")
@click.option("--admin-name", default=None)
@click.option("--admin-password", default=None, help="Prompted for when an admin email is given without it.")
@click.option("--catalogue-from", default=None, help="Copy this organisation's missions, sites and types.")
def create_org(name, timezone, admin_email, admin_name, admin_password, catalogue_from):
    """Create an organisation, and optionally its first admin (as `users create` does)."""
    admin = None
    if admin_email:
        if admin_password is None:
            admin_password = click.prompt("Admin password", hide_input=True, confirmation_prompt=True)
        admin = {"email": admin_email, "name": admin_name or admin_email, "password": admin_password}
    with refusals_as_errors():
        organisation = create_organisation(name, timezone, admin, catalogue_from)
    click.echo(f"Created organisation {organisation.name} (id {organisation.id}, {organisation.timezone}).")
    if admin:
        click.echo(f"Admin: {admin['email'].strip().lower()}")
    if catalogue_from:
        click.echo(f"Catalogue copied from {catalogue_from.strip()}.")


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


@orgs_cli.command("recount")
@click.argument("name")
@click.option("--check", is_flag=True, help="Only say whether the tallies equal a recount; write nothing.")
def recount(name, check):
    """Rebuild an organisation's daily and monthly tallies (interventions, shift hours) from its records."""
    with refusals_as_errors():
        organisation = find_organisation(name)
    differing = differences(organisation.id)
    if check:
        click.echo(f"{organisation.name}: {differing} tally rows differ from a recount.")
        if differing:
            raise click.exceptions.Exit(1)
        return
    recount_organisation(organisation.id)
    click.echo(f"{organisation.name}: tallies rebuilt ({differing} rows differed).")


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
