"""One correction applied to several interventions chosen in the desk's table.

The same path as a correction of one record (corrections.apply_correction and
mark_intervention_deleted): each row changed gets its own audit entry with the same reason,
the tallies move in the one transaction, and a row the correction would not change is left
alone (not logged, not counted). A value a row's mission cannot hold (a gender on La Poste, a
place it does not offer, a motif it does not have) refuses the whole correction, saying how
many rows of which mission: nothing is written.
"""

from __future__ import annotations

import uuid

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..database import begin_write
from ..errors import invalid, not_found
from ..extensions import db
from ..models import Intervention, InterventionType, Mission, User
from ..vocabulary import AUDITED_FIELDS
from .corrections import apply_correction, mark_intervention_deleted
from .tallies import Deltas, apply_deltas

# The most rows one correction takes: the table's largest page and then some.
MOST = 500
# The fields a bulk correction may set (the form's names), with the mission's field that asks it.
_FIELDS = {"gender": "gender", "age_band": "age_band", "place": "place"}


def correct_interventions(user: User, values: dict) -> int:
    """Apply `values` (any of `kind` a motif code, `gender`, `age_band`, `place`, `state`
    "delete" or "restore"; `reason`) to the organisation's interventions `ids`; how many changed."""
    ids: list[uuid.UUID] = list(dict.fromkeys(values.get("ids") or []))
    if not ids:
        raise invalid("ids", _("Cochez au moins une intervention."))
    if len(ids) > MOST:
        raise invalid("ids", _("%(num)d interventions au plus à la fois.", num=MOST))
    wanted = {name: values[name] for name in _FIELDS if values.get(name)}
    kind, state = values.get("kind"), values.get("state")
    if not (wanted or kind or state):
        raise invalid("_form", _("Choisissez ce qui change : un motif, le genre, l’âge, le lieu ou l’état."))
    begin_write()
    rows = _locked(user, ids)
    if len(rows) != len(ids):
        raise not_found()
    missions = {
        mission.id: mission
        for mission in db.session.scalars(select(Mission).where(Mission.id.in_({row.mission_id for row in rows})))
    }
    kinds = _kinds(kind, missions) if kind else {}
    _check(rows, missions, wanted, kind, kinds)
    tallies = Deltas()
    changed = 0
    for row in rows:
        row_wanted = dict(wanted)
        if kind:
            row_wanted["types"] = (kinds[row.mission_id],)
        touched = bool(apply_correction(user, row, row_wanted, values["reason"], tallies)) if row_wanted else False
        deleted = {"delete": True, "restore": False}.get(state)
        if deleted is not None and row.deleted != deleted:
            mark_intervention_deleted(user, row, deleted, values["reason"], tallies)
            touched = True
        changed += touched
    apply_deltas(tallies)
    db.session.commit()
    return changed


def _locked(user: User, ids: list[uuid.UUID]) -> list[Intervention]:
    query = (
        select(Intervention)
        .where(Intervention.id.in_(ids), Intervention.organisation_id == user.organisation_id)
        .options(selectinload(Intervention.motifs))
        .order_by(Intervention.id)
        .with_for_update(of=Intervention)
        .execution_options(populate_existing=True)
    )
    return list(db.session.scalars(query))


def _kinds(code: str, missions: dict[int, Mission]) -> dict[int, int]:
    query = select(InterventionType.mission_id, InterventionType.id).where(
        InterventionType.mission_id.in_(missions), InterventionType.code == code
    )
    return dict(db.session.execute(query).all())


def _check(rows: list[Intervention], missions: dict, wanted: dict, kind: str | None, kinds: dict) -> None:
    """Refuse, beside each field, a value some chosen rows' missions cannot hold."""
    errors: dict[str, list[str]] = {}
    for mission_id, mission in missions.items():
        count = sum(1 for row in rows if row.mission_id == mission_id)
        for name, asked in _FIELDS.items():
            if name not in wanted:
                continue
            if asked not in mission.fields:
                message = ngettext(
                    "%(field)s n’est pas demandé par « %(mission)s » (%(num)d intervention cochée).",
                    "%(field)s n’est pas demandé par « %(mission)s » (%(num)d interventions cochées).",
                    count,
                    field=AUDITED_FIELDS.label(name),
                    mission=mission.label,
                )
                errors.setdefault(name, []).append(message)
            elif name == "place" and wanted[name] not in mission.places:
                message = ngettext(
                    "Ce lieu n’est pas proposé par « %(mission)s » (%(num)d intervention cochée).",
                    "Ce lieu n’est pas proposé par « %(mission)s » (%(num)d interventions cochées).",
                    count,
                    mission=mission.label,
                )
                errors.setdefault(name, []).append(message)
        if kind and mission_id not in kinds:
            message = ngettext(
                "Ce motif n’existe pas dans « %(mission)s » (%(num)d intervention cochée).",
                "Ce motif n’existe pas dans « %(mission)s » (%(num)d interventions cochées).",
                count,
                mission=mission.label,
            )
            errors.setdefault("kind", []).append(message)
    if errors:
        raise invalid(fields=errors, summary=_("Rien n’a été corrigé : voyez les messages sous les champs."))
