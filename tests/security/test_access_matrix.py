"""Who may reach what (issue: prove it, 9).

Every route of `app.url_map` × every method × seven actors (anonymous, the mediator who owns
the records, another mediator, a coordinator, an admin, a partner account, an admin of another
organisation)
× the organisation's own objects and another organisation's. Each answer is compared with
the rule the product promises:

- public routes (the app shell, sign-in, the OpenAPI document) answer everyone;
- anything else wants a signed-in person: the API answers 401, pages send to the sign-in form;
- desk pages, exports and reports want a coordinator or an admin, admin pages an admin: 403;
- a partner account (La Poste) opens its session, the dashboard, the yearly report and the
  summary, nothing else (403), and none of its answers carries a name, label or note of its
  own organisation that is not La Poste's (the tram, its line and motif, the organisation's
  indicator, people's names, notes);
- a network account (of a network the first organisation belongs to) opens its session and
  the network's figures (the summary, the network's dashboard, national report and export),
  nothing else (403), and its answers carry no organisation's names, labels or notes; nobody
  else opens the network's figures or pages, an organisation's admin included (403);
- an object of another organisation does not exist for you (404), nor does a fellow
  mediator's shift for a mediator.

A refused request must leave every table as it was (0 unexpected writes), and no answer
may carry another organisation's names, labels or notes (0 unexpected reads). Allowed
writes are not sent: the feature tests cover them, and sending them would reshape the
world under the following checks (a deactivated mediator, an archived mission).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import (
    Indicator,
    IndicatorValue,
    Intervention,
    InterventionType,
    Network,
    NetworkMembership,
    Site,
    User,
)
from tests.helpers import ApiClient, form_token, intervention_record, shift_record

PUBLIC = {
    "client.index",
    "client.asset",
    "client.service_worker",
    "client.manifest",
    "client.favicon",
    "static",
    "healthz",
    "api-docs.openapi_json",
    "session.create_session",
    "web_session.login",
    "web_session.logout",
    "web_session.language",
    "web_session.home",
}
# The lowest role each non-public blueprint wants.
TIERS = {
    "session": "mediator",
    "catalogue": "mediator",
    "sync": "mediator",
    "shifts": "mediator",
    "account": "mediator",
    "reports": "coordinator",
    "indicators": "coordinator",
    "desk": "coordinator",
    "annual_report": "coordinator",
    "exports": "coordinator",
    "admin": "admin",
    "network": "network",
    "network_pages": "network",
}
# Pages whose tier differs from their blueprint's: the report is printed with the logo.
ENDPOINT_TIERS = {"admin.logo": "coordinator"}
RANK = {"mediator": 1, "coordinator": 2, "admin": 3}
# What a partner account opens: its partner's figures, its session and its own password.
PARTNER_ENDPOINTS = {
    "desk.dashboard",
    "annual_report.annual",
    "annual_report.print_style",
    "reports.report_summary",
    "admin.logo",
}
EVERY_ACCOUNT = {"session", "account"}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Tables a refused request may still touch: the session's last activity, the throttle.
VOLATILE = {"user_session", "rate_limit_counter"}


@dataclass
class Side:
    """One organisation's people, objects, and the words only its members may read."""

    organisation_id: int
    mission_id: int
    site_id: int
    type_id: int
    person_id: int
    shift_id: str
    intervention_id: str
    indicator_id: int
    secrets: list[str] = field(default_factory=list)


@dataclass
class Actor:
    name: str
    role: str | None
    side: str | None  # "home" or "away"
    client: ApiClient
    owns_records: bool = False


def _build_side(make_org, make_user, app, city: str) -> tuple[Side, dict]:
    seeded = make_org(f"PIMMS de {city}")
    organisation = seeded.organisation
    seeded.tram.label = f"Tram de {city}"
    site = db.session.scalar(select(Site).where(Site.mission_id == seeded.tram.id, Site.code == "t1"))
    site.label = f"Ligne {city} T1"
    kind = db.session.scalar(
        select(InterventionType).where(InterventionType.mission_id == seeded.tram.id, InterventionType.code == "fares")
    )
    kind.label = f"Tarifs de {city}"
    organisation.logo, organisation.logo_type = b"\x89PNG\r\n\x1a\n" + city.encode(), "image/png"
    # An indicator with a value: its label and code are the organisation's own too.
    indicator = Indicator(organisation_id=organisation.id, code=f"hours_{city.lower()}", label=f"Formation {city}")
    db.session.add(indicator)
    db.session.flush()
    db.session.add(IndicatorValue(indicator_id=indicator.id, year=2025, month=1, hundredths=100))
    db.session.commit()
    people = {
        "mediator": make_user("mediator", organisation, name=f"Médiatrice {city}"),
        "other mediator": make_user("mediator", organisation, name=f"Collègue {city}"),
        "coordinator": make_user("coordinator", organisation, name=f"Coordinatrice {city}"),
        "admin": make_user("admin", organisation, name=f"Administratrice {city}"),
        "partner": make_user("partner", organisation, name=f"Partenaire {city}", partner="La Poste"),
    }
    clients = {}
    for name, user in people.items():
        client = ApiClient(app.test_client())
        assert client.sign_in(user.email).status_code == 200
        clients[name] = client
    shift = shift_record()
    record = intervention_record(shift["id"], types=["fares"], note=f"Note de {city}")
    result = clients["mediator"].sync(shifts=[shift], interventions=[record])
    assert [item["status"] for item in result.json["results"]] == ["created", "created"]
    side = Side(
        organisation_id=organisation.id,
        mission_id=seeded.tram.id,
        site_id=site.id,
        type_id=kind.id,
        person_id=people["mediator"].id,
        shift_id=shift["id"],
        intervention_id=record["id"],
        indicator_id=indicator.id,
        secrets=[f"Tram de {city}", f"Ligne {city} T1", f"Tarifs de {city}", f"Note de {city}", f"Formation {city}"]
        + [f"hours_{city.lower()}"]
        + [user.name for user in people.values()],
    )
    return side, clients


def _url(rule, side: Side) -> str:
    """The rule with the side's objects in place of its variables."""
    by_name = {
        "mission_id": side.mission_id,
        "site_id": side.site_id,
        "type_id": side.type_id,
        "person_id": side.person_id,
        "shift_id": side.shift_id,
        "intervention_id": side.intervention_id,
        "indicator_id": side.indicator_id,
        "dataset": "interventions",
        "code": "fr",
        "folder": "js",
        "filename": "desk.css" if rule.endpoint == "static" else "app.js",
    }
    values = {}
    for name, converter in rule._converters.items():
        if name in by_name:
            values[name] = by_name[name]
        elif type(converter).__name__ == "AnyConverter":
            values[name] = sorted(converter.items)[0]
        elif name == "part_id":
            values[name] = side.type_id if "/types/" in rule.rule else side.site_id
        elif name == "record_id":
            values[name] = side.intervention_id if "/interventions/" in rule.rule else side.shift_id
    return rule.build(values, append_unknown=False)[1]


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        if table.name in VOLATILE:
            continue
        rows = sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        digest.update(f"{table.name}:{rows}".encode())
    db.session.rollback()
    return digest.hexdigest()


def _expected(endpoint: str, rule, actor: Actor, target: str | None, owner_only: bool) -> str:
    """'allowed', or the refusal the actor must get: 'sign-in', 'forbidden', 'not found'."""
    if actor.role is None:
        return "sign-in"
    tier = ENDPOINT_TIERS.get(endpoint) or TIERS[endpoint.split(".")[0]]
    if actor.role == "partner":
        if endpoint not in PARTNER_ENDPOINTS and endpoint.split(".")[0] not in EVERY_ACCOUNT:
            return "forbidden"
    elif actor.role == "network" or tier == "network":
        if actor.role != tier and endpoint.split(".")[0] not in EVERY_ACCOUNT:
            return "forbidden"
        return "allowed"
    elif RANK[actor.role] < RANK[tier]:
        return "forbidden"
    if target is not None and target != actor.side:
        return "not found"
    if owner_only and actor.role == "mediator" and not actor.owns_records:
        return "not found"
    return "allowed"


def _refusal(response, rule) -> str | None:
    api = rule.rule.startswith("/api/")
    status = response.status_code
    if status == 401 and api:
        return "sign-in"
    if status == 302 and "/login" in response.headers.get("Location", ""):
        return "sign-in"
    return {403: "forbidden", 404: "not found"}.get(status)


@pytest.mark.slow  # every route × method × actor × object: ~500 requests, a fifth of `make check` alone
def test_every_route_for_every_actor_and_object(app, database, make_org, make_user):
    home, home_clients = _build_side(make_org, make_user, app, "Besançon")
    away, away_clients = _build_side(make_org, make_user, app, "Lyon")
    sides = {"home": home, "away": away}
    actors = [Actor("anonymous", None, None, _anonymous(app))]
    for name, client in home_clients.items():
        role = "mediator" if "mediator" in name else name
        actors.append(Actor(name, role, "home", client, owns_records=(name == "mediator")))
    actors.append(Actor("admin of another organisation", "admin", "away", away_clients["admin"]))
    actors.append(Actor("network account", "network", None, _network_account(app, make_user, home)))

    unexpected, checked, refused = [], 0, 0
    endpoints = set()
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        endpoint = rule.endpoint
        endpoints.add(endpoint)
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        targets = ["home", "away"] if rule.arguments - {"action", "direction", "dataset", "code"} else [None]
        if endpoint in {"client.asset", "static"}:
            targets = [None]
        # A mediator sees the shifts they worked, not a colleague's.
        owner_only = endpoint == "shifts.shift_detail"
        for method in methods:
            for actor in actors:
                for target in targets:
                    side = sides[target or actor.side or "home"]
                    url = _url(rule, side)
                    expected = "allowed" if endpoint in PUBLIC else _expected(endpoint, rule, actor, target, owner_only)
                    if expected == "allowed" and method in WRITES:
                        continue  # covered by the feature tests; see the module's docstring
                    before = _fingerprint() if expected != "allowed" else None
                    response = _send(actor.client, method, url, rule)
                    response.get_data()
                    response.close()  # static files answer with an open file
                    checked += 1
                    where = f"{method} {url} as {actor.name}"
                    if response.status_code >= 500:
                        unexpected.append(f"{where}: {response.status_code}")
                        continue
                    if expected == "allowed":
                        if response.status_code in (401, 403, 404):
                            unexpected.append(f"{where}: refused with {response.status_code}")
                    else:
                        refused += 1
                        got = _refusal(response, rule)
                        if got != expected:
                            unexpected.append(f"{where}: {response.status_code}, expected {expected}")
                        if _fingerprint() != before:
                            unexpected.append(f"{where}: a refused request changed the database")
                    leaked = _leaks(response, actor, sides)
                    if leaked:
                        unexpected.append(f"{where}: shows {leaked}")
    print(f"\n{checked} requests checked ({refused} refusals), {len(unexpected)} unexpected")
    print("\n".join(unexpected))
    assert unexpected == []
    # Routes added since are in the matrix by construction; these are named to be sure.
    assert {"desk.devices", "session.change_password", "network_pages.dashboard", "network_pages.export"} <= endpoints
    # The world is still whole: nothing refused above removed or rewrote a record.
    for side in sides.values():
        row = db.session.get(Intervention, uuid.UUID(side.intervention_id))
        assert row is not None and not row.deleted and row.organisation_id == side.organisation_id


def _network_account(app, make_user, member: Side) -> ApiClient:
    """The account of a network the home organisation belongs to (it has no organisation)."""
    network = Network(name="Union nationale des PIMMS")
    db.session.add(network)
    db.session.flush()
    db.session.add(NetworkMembership(network_id=network.id, organisation_id=member.organisation_id))
    db.session.commit()
    account = make_user("network", name="Compte du réseau", network_id=network.id)
    account = db.session.get(User, account.id)
    account.organisation_id = None
    db.session.commit()
    client = ApiClient(app.test_client())
    assert client.sign_in(account.email).status_code == 200
    return client


def _anonymous(app) -> ApiClient:
    """A visitor holding a valid CSRF token (from the sign-in form): refused for who they are."""
    client = ApiClient(app.test_client())
    page = client.get("/login").get_data(as_text=True)
    client.csrf_token = form_token(page)
    return client


def _send(client: ApiClient, method: str, url: str, rule):
    if rule.rule.startswith("/api/"):
        if method == "GET":
            return client.get(url)
        body = {"device_id": "matrix", "client_time": "2026-01-01T10:00:00+01:00", "shifts": [], "interventions": []}
        return client.client.open(url, method=method, json=body, headers=client._headers(None))
    if method == "GET":
        return client.get(url)
    # A form as the page would send it, with the session's token: only the right to act is tested.
    data = {"csrf_token": client.csrf_token or "", "reason": "Contrôle des accès", "label": "Écrasé"}
    return client.client.open(url, method=method, data=data)


def _leaks(response, actor: Actor, sides: dict[str, Side]) -> list[str]:
    if response.mimetype not in ("text/html", "application/json", "text/csv") or actor.role is None:
        return []
    text = response.get_data(as_text=True)
    if actor.role == "network":
        # Figures only: no organisation's people, labels, notes or indicators.
        return [secret for side in sides.values() for secret in side.secrets if secret in text]
    other = sides["away" if actor.side == "home" else "home"]
    hidden = list(other.secrets)
    if actor.role == "partner":
        # Its own organisation's too: nothing but La Poste's missions, and no one's name but its own.
        hidden += [secret for secret in sides[actor.side].secrets if not secret.startswith("Partenaire ")]
    return [secret for secret in hidden if secret in text]
