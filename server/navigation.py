"""The desk's (and the network's) menu: each entry shows only to roles that may open it, once its page exists."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# (endpoint, label, who may see it)
ENTRIES = [
    ("desk.shifts", _l("Vacations"), ("coordinator",)),
    ("desk.interventions", _l("Interventions"), ("coordinator",)),
    ("desk.dashboard", _l("Tableau de bord"), ("coordinator", "partner")),
    ("annual_report.annual", _l("Rapport annuel"), ("coordinator", "partner")),
    ("desk.devices", _l("Téléphones"), ("coordinator",)),
    ("desk.indicators", _l("Chiffres saisis"), ("coordinator",)),
    ("admin.people", _l("Personnes"), ("admin",)),
    ("admin.missions", _l("Missions"), ("admin",)),
    ("admin.organisation", _l("Organisation"), ("admin",)),
    ("admin.audit", _l("Journal"), ("admin",)),
    ("network_pages.dashboard", _l("Tableau de bord du réseau"), ("network",)),
    ("network_pages.report", _l("Rapport national"), ("network",)),
    ("network_pages.audit", _l("Journal du réseau"), ("network",)),
]

# The organisation's staff, each level reaching what the ones below reach.
_LEVELS = {"mediator": 0, "coordinator": 1, "admin": 2}


def may(user, *roles: str) -> bool:
    """Whether a user may act as one of the given roles: a staff level reaches the levels below
    it (admin > coordinator > mediator); a read-only role (partner) reaches only itself."""
    for role in roles:
        if role in _LEVELS:
            if _LEVELS.get(user.role, -1) >= _LEVELS[role]:
                return True
        elif user.role == role:
            return True
    return False


def desk_navigation() -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    views = current_app.view_functions
    return [
        (endpoint, str(label)) for endpoint, label, roles in ENTRIES if endpoint in views and may(current_user, *roles)
    ]
