"""Audit entries in words: what the desk's history and the admins' trail show of each entry.

Entries store codes, ids and UTC times (what stays true when labels change); a reader sees
field names, labels, names and the organisation's local time, in the page's language. Every
page that shows entries reads them through `audit_lines`, so they read the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from ..extensions import db
from ..models import AuditEntry, InterventionType, Mission, Site, User
from ..vocabulary import (
    AGE_BANDS,
    AUDITED_FIELDS,
    DURATIONS,
    EXPORT_DATASETS,
    EXPORT_FORMATS,
    GENDERS,
    INDICATOR_PERIODICITIES,
    INDICATOR_UNITS,
    MASK_OUTCOMES,
    MEDIATIONS,
    PLACES,
    POLES,
    RATING_SCALES,
    ROLES,
    Vocabulary,
    in_current_language,
)
from .audit import COMMAND_LINE
from .periods import zone_of

# Fields whose stored codes a vocabulary labels (a list of codes too, for `places`).
_CODED: dict[str, Vocabulary] = {
    "gender": GENDERS,
    "age_band": AGE_BANDS,
    "place": PLACES,
    "default_place": PLACES,
    "places": PLACES,
    "duration": DURATIONS,
    "mask_outcome": MASK_OUTCOMES,
    "role": ROLES,
    "pole": POLES,
    "mediation": MEDIATIONS,
    "rating_scale": RATING_SCALES,
    "unit": INDICATOR_UNITS,
    "periodicity": INDICATOR_PERIODICITIES,
}
# Fields holding ids (or lists of ids) of rows that have a name (names_of says which).
_NAMED_IDS = {
    "types": InterventionType,
    "type_ids": InterventionType,
    "site_id": Site,
    "missions": Mission,
    "mission_id": Mission,
    "teammates": User,
}
# Changes that add to an entry (what went along with it): no "before" to show.
_ONLY_AFTER = {"interventions"}
# Reasons the system gives itself, stored as codes.
_REASONS = {"sync": _l("Envoyé par le téléphone"), COMMAND_LINE: _l("Ligne de commande")}
# The state a delete or a restore changes: its action already says it.
_SAID_BY_ACTION = {"delete": "deleted", "restore": "deleted"}


@dataclass
class Change:
    label: str
    # None when there was nothing before (a creation): only the new value is shown.
    before: str | None
    after: str


@dataclass
class AuditLine:
    at: datetime
    actor_name: str
    entity: str
    entity_id: str
    subject: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    # A whole entry said in one sentence (an export), instead of its changes.
    summary: str = ""


def audit_lines(user: User, entries: list[AuditEntry], subjects: dict | None = None) -> list[AuditLine]:
    """The entries in words, for the user's organisation and the current language;
    `subjects` {(entity, entity id): name} names what each entry is about."""
    zone = zone_of(user)
    names = _names(entries)
    actors = names_of(User, {entry.actor_id for entry in entries if entry.actor_id})
    subjects = subjects or {}
    lines = []
    for entry in entries:
        line = AuditLine(
            at=entry.at,
            actor_name=actors.get(entry.actor_id, "—"),
            entity=entry.entity,
            entity_id=entry.entity_id,
            subject=subjects.get((entry.entity, entry.entity_id), ""),
            action=entry.action,
            reason=str(_REASONS[entry.reason]) if entry.reason in _REASONS else entry.reason,
        )
        changes = entry.changes or {}
        if entry.entity == "export":
            line.summary = _export_summary(entry.entity_id, changes, names)
            line.subject = EXPORT_DATASETS.label(entry.entity_id)
        else:
            quiet = _SAID_BY_ACTION.get(entry.action)
            line.changes = [
                Change(
                    AUDITED_FIELDS.label(name),
                    None
                    if (entry.action == "create" or name in _ONLY_AFTER) and pair[0] is None
                    else _value(name, pair[0], zone, names),
                    _value(name, pair[1], zone, names),
                )
                for name, pair in changes.items()
                if name != quiet
            ]
        lines.append(line)
    return lines


def _export_summary(dataset: str, filters: dict, names: dict) -> str:
    missions = filters.get("missions")
    if "partner" in filters:
        # The network's exports choose a partner, not missions (they are the members').
        chosen = filters["partner"] or _("tous les partenaires")
    elif missions:
        chosen = ", ".join(_named(names, "missions", mission) for mission in missions)
    else:
        chosen = _("toutes les missions")
    return _(
        "%(dataset)s, du %(first)s au %(last)s, %(missions)s, en %(format)s",
        dataset=EXPORT_DATASETS.label(dataset),
        first=_day(filters.get("from")),
        last=_day(filters.get("to")),
        missions=chosen,
        format=EXPORT_FORMATS.label(filters.get("format")),
    )


def _value(name: str, value, zone: ZoneInfo, names: dict) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if name == "interventions" and isinstance(value, list):
        return ngettext("%(num)d intervention", "%(num)d interventions", len(value))
    if name in _NAMED_IDS:
        ids = value if isinstance(value, list) else [value]
        return ", ".join(_named(names, name, item) for item in ids)
    if name in _CODED:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(_CODED[name].label(str(code)) for code in codes)
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if name.endswith("_at") and isinstance(value, str):
        return moment_words(value, zone)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def moment_words(text: str, zone: ZoneInfo) -> str:
    """A stored UTC time as the organisation's clocks showed it; seconds only when there are some."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(zone)
    return local.strftime("%d/%m/%Y %H:%M:%S" if local.second or local.microsecond else "%d/%m/%Y %H:%M")


def _day(text: str | None) -> str:
    try:
        return datetime.fromisoformat(text).strftime("%d/%m/%Y") if text else "—"
    except ValueError:
        return text


def _names(entries: list[AuditEntry]) -> dict:
    """{model: {id: name}} of every row the entries' changes point at, one query per model."""
    wanted: dict = {}
    for entry in entries:
        for name, pair in (entry.changes or {}).items():
            # A change is [before, after]; an export's `missions` is the list of ids itself.
            if name not in _NAMED_IDS or not isinstance(pair, list):
                continue
            for value in pair:
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, int):
                        wanted.setdefault(_NAMED_IDS[name], set()).add(item)
    return {model: names_of(model, ids) for model, ids in wanted.items()}


def _named(names: dict, name: str, row_id) -> str:
    # A row deleted since (a retired motif) keeps its number: the entry is still true.
    return names.get(_NAMED_IDS[name], {}).get(row_id, f"#{row_id}")


def names_of(model, ids: set[int]) -> dict[int, str]:
    """id -> how a row is named on the page: a catalogue entry or an indicator by its label (the
    English one on English pages, when it has one), a person, an organisation or a network by
    its name."""
    if not ids:
        return {}
    if hasattr(model, "label_en"):
        query = select(model.id, model.label, model.label_en).where(model.id.in_(ids))
        return {row_id: in_current_language(label, english) for row_id, label, english in db.session.execute(query)}
    query = select(model.id, model.name).where(model.id.in_(ids))
    return dict(db.session.execute(query).all())
