"""The desk's menu: each entry shows only to roles that may open it, once its page exists."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# (endpoint, label, who may see it)
ENTRIES = [
    ("desk.shifts", _l("Vacations"), "coordinator"),
    ("desk.interventions", _l("Interventions"), "coordinator"),
    ("desk.dashboard", _l("Tableau de bord"), "coordinator"),
    ("annual_report.annual", _l("Rapport annuel"), "coordinator"),
    ("desk.devices", _l("Téléphones"), "coordinator"),
    ("desk.indicators", _l("Chiffres saisis"), "coordinator"),
    ("admin.people", _l("Personnes"), "admin"),
    ("admin.missions", _l("Missions"), "admin"),
    ("admin.organisation", _l("Organisation"), "admin"),
    ("admin.audit", _l("Journal"), "admin"),
]


def may(user, role: str) -> bool:
    """Whether a user's role reaches the given level (admin > coordinator > mediator)."""
    levels = {"mediator": 0, "coordinator": 1, "admin": 2}
    return levels.get(user.role, -1) >= levels[role]


def desk_navigation() -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    views = current_app.view_functions
    return [
        (endpoint, str(label)) for endpoint, label, role in ENTRIES if endpoint in views and may(current_user, role)
    ]
