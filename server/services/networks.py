"""Networks of organisations: created by the installation's superuser (CLI), joined and left by
each member (CLI, or its admin leaving from the organisation page), both audited in the
member's own trail. A network account belongs to the network, never to an organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..database import begin_write
from ..errors import conflict, invalid, not_found
from ..extensions import db
from ..models import Network, NetworkMembership, Organisation, User
from ..models.clock import local_day, utcnow
from .audit import record_change
from .passwords import check_password_policy, temporary_password
from .people import check_email_free


def create_network(name: str) -> Network:
    """A new, empty network."""
    begin_write()
    name = name.strip()
    if not name:
        raise invalid("name", _("Indiquez un nom."))
    if db.session.scalar(select(Network.id).where(func.lower(Network.name) == name.lower())) is not None:
        raise invalid("name", _("Un réseau porte déjà ce nom."))
    network = Network(name=name)
    db.session.add(network)
    db.session.flush()
    record_change(None, "network", network.id, "create", {"name": [None, name]}, network_id=network.id)
    db.session.commit()
    return network


def find_network(name: str) -> Network:
    network = db.session.scalar(select(Network).where(Network.name == name.strip()))
    if network is None:
        raise not_found(_("Réseau inconnu."), {"network": [_("Réseau inconnu.")]})
    return network


def current_membership(organisation: Organisation) -> NetworkMembership | None:
    """The membership through which the organisation's figures reach a network now, if any."""
    return db.session.scalar(
        select(NetworkMembership).where(
            NetworkMembership.organisation_id == organisation.id, NetworkMembership.left_at.is_(None)
        )
    )


def join_network(actor: User | None, network: Network, organisation: Organisation) -> NetworkMembership:
    """The organisation's figures reach the network from now on (one network at a time)."""
    begin_write()
    current = current_membership(organisation)
    if current is not None:
        raise conflict(
            _("%(organisation)s est déjà membre du réseau %(network)s.")
            % {"organisation": organisation.name, "network": current.network.name}
        )
    membership = NetworkMembership(network_id=network.id, organisation_id=organisation.id)
    db.session.add(membership)
    record_change(
        actor,
        "organisation",
        organisation.id,
        "join_network",
        {"network": [None, network.name]},
        organisation_id=organisation.id,
    )
    db.session.commit()
    return membership


def leave_network(actor: User | None, organisation: Organisation, network: Network | None = None) -> None:
    """The organisation's figures stop reaching its network from now on; those of the time it
    was a member still count in the network's figures of that time."""
    begin_write()
    current = current_membership(organisation)
    if current is None or (network is not None and current.network_id != network.id):
        raise conflict(_("%(organisation)s n’est membre d’aucun réseau.") % {"organisation": organisation.name})
    current.left_at = utcnow()
    record_change(
        actor,
        "organisation",
        organisation.id,
        "leave_network",
        {"network": [current.network.name, None]},
        organisation_id=organisation.id,
    )
    db.session.commit()


def create_network_account(values: dict, network: Network) -> tuple[User, str]:
    """A read-only account of the network (command line only): it reads the members' tallies
    added up, and nothing of any organisation. In the network's audit trail, no organisation's."""
    begin_write()
    email = values["email"].strip().lower()
    check_email_free(email, None)
    password = values.get("password")
    if password is not None:
        check_password_policy(password, email=email, name=values["name"], field="password")
    person = User(
        organisation_id=None,
        network_id=network.id,
        email=email,
        name=values["name"].strip(),
        role="network",
        must_change_password=password is None,
    )
    password = password if password is not None else temporary_password()
    person.set_password(password)
    db.session.add(person)
    db.session.flush()
    changes = {"name": [None, person.name], "email": [None, person.email], "role": [None, person.role]}
    record_change(None, "user", person.id, "create", changes, network_id=network.id)
    db.session.commit()
    return person, password


@dataclass(frozen=True)
class MemberSpan:
    """The local days [first, last] during which one member's figures reach the network."""

    organisation_id: int
    name: str
    first: date
    last: date


def member_spans(network_id: int, first: date, last: date) -> list[MemberSpan]:
    """Each membership's days within [first, last], in the member's own time zone.

    A day counts from the local day the organisation joined, up to the day before the local
    day it left: a day's tally cannot be split at the moment of leaving, so the day of
    leaving no longer reaches the network.
    """
    rows = db.session.execute(
        select(
            NetworkMembership.joined_at,
            NetworkMembership.left_at,
            Organisation.id,
            Organisation.name,
            Organisation.timezone,
        )
        .join(Organisation, Organisation.id == NetworkMembership.organisation_id)
        .where(NetworkMembership.network_id == network_id)
        .order_by(Organisation.name, NetworkMembership.joined_at)
    ).all()
    spans = []
    for joined_at, left_at, organisation_id, name, zone_name in rows:
        zone = ZoneInfo(zone_name)
        start = max(first, local_day(joined_at, zone))
        end = last if left_at is None else min(last, local_day(left_at, zone) - timedelta(days=1))
        if start <= end:
            spans.append(MemberSpan(organisation_id, name, start, end))
    return spans


def members_during(network_id: int, first: date, last: date) -> list[str]:
    """The names of the organisations whose figures reach the network for some day of the period."""
    return list(dict.fromkeys(span.name for span in member_spans(network_id, first, last)))
