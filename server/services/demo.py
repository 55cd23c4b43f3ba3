"""The demo organisation of the domain brief, with last year's and this year's activity.

The demo teaches the desk's habits: its shifts are synced soon after they end, so only the
five shifts built to show a flag carry one (yesterday's, each with a note saying which), and
this year's activity grows on last year's, so the yearly report compares real figures.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from ..database import begin_write
from ..extensions import db
from ..models import (
    Device,
    Intervention,
    InterventionMotif,
    InterventionType,
    Mission,
    Organisation,
    Shift,
    Site,
    SyncBatch,
    SyncRejection,
    User,
)
from ..models.clock import as_local, local_day_and_hour, to_naive_utc, utcnow
from .tally_recount import rebuild as rebuild_tallies

DEMO_ORGANISATION = "PIMMS de Dijon"
# Printed by `make run`: the demo accounts are for trying the app, never for real data.
DEMO_PASSWORD = "mediatap-demo"  # noqa: S105 # nosec B105

TRANSPORT_TYPES = [
    ("itinerary", "Information itinéraire / orientation", "Itinerary / directions"),
    ("fares", "Tarifs, billettique", "Fares and ticketing"),
    ("ticket_machine", "Aide automate", "Ticket machine help"),
    ("on_board_rules", "Bien vivre à bord", "Rules on board"),
    ("mask_reminder", "Rappel port du masque", "Mask reminder"),
    ("customer_relation", "Relation clientèle", "Customer relation"),
    ("conflict", "Conflit / incivilité désamorcé", "Conflict defused"),
]
POST_OFFICE_TYPES = [
    ("services", "Organisation des services", "Organisation of services"),
    ("opening_hours", "Horaires", "Opening hours"),
    ("online_post", "La Poste en ligne", "La Poste online"),
    ("online_bank", "La banque en ligne", "Online banking"),
    ("forms", "Aide au remplissage des formulaires", "Help with forms"),
    ("machines", "Aide utilisation automates", "Help with machines"),
    ("other", "Divers", "Other"),
]
DESK_TYPES = [
    ("partners", "Accueil partenaires", "Partner services"),
    ("general", "Accueil généraliste", "General help"),
    ("digital", "Accueil numérique", "Digital help"),
]
TRANSPORT_FIELDS = {
    "asks_gender": True,
    "asks_age_band": True,
    "asks_place": True,
    "asks_people": True,
    "asks_duration": True,
    "asks_mask_reminder": True,
}
DIVIA = "Keolis Dijon Mobilités (Divia)"


def _on_board(code: str, label: str, label_en: str, partner: str, places: list[str], sites: list[tuple]) -> dict:
    """A transport mission logged on board by default, asking all a transport mediator logs,
    with the transport motifs."""
    return {
        "code": code,
        "label": label,
        "label_en": label_en,
        "partner": partner,
        "pole": "transport",
        "default_place": "on_board",
        "places": places,
        "fields": TRANSPORT_FIELDS,
        "sites": sites,
        "types": TRANSPORT_TYPES,
    }


MISSIONS = [
    # Trams stop at platforms ("à quai"), not at roadside stops.
    _on_board(
        "divia_tram",
        "Divia — tram",
        "Divia — tram",
        DIVIA,
        ["on_board", "platform", "station"],
        [("t1", "Tram T1", "Tram T1", "Divia"), ("t2", "Tram T2", "Tram T2", "Divia")],
    ),
    _on_board(
        "divia_bus",
        "Divia — bus",
        "Divia — bus",
        DIVIA,
        ["on_board", "stop", "station"],
        [
            ("l3", "Lianes 3", "Lianes 3", "Divia"),
            ("l4", "Lianes 4", "Lianes 4", "Divia"),
            ("l5", "Lianes 5", "Lianes 5", "Divia"),
            ("corol", "Corol", "Corol", "Divia"),
        ],
    ),
    _on_board(
        "ter",
        "TER Bourgogne-Franche-Comté",
        "TER regional trains, Bourgogne-Franche-Comté",
        "SNCF TER Bourgogne-Franche-Comté",
        ["on_board", "platform", "station"],
        [
            ("dijon_besancon", "Dijon – Besançon", "Dijon – Besançon", "TER"),
            ("dijon_beaune", "Dijon – Beaune", "Dijon – Beaune", "TER"),
        ],
    ),
    {
        "code": "keolis_school",
        "label": "Ligne scolaire Keolis",
        "label_en": "Keolis school line",
        "partner": "Keolis Bourgogne Mobilités",
        "pole": "transport",
        "default_place": "stop",
        # Pupils are accompanied between two stops, on the coach.
        "places": ["on_board", "stop"],
        "fields": {"asks_gender": True, "asks_age_band": True, "asks_place": True, "asks_people": True},
        "sites": [("school_line", "Ligne scolaire Plombières – Dijon", "Plombières – Dijon school line", "Keolis")],
        "types": TRANSPORT_TYPES[:4] + TRANSPORT_TYPES[5:],
    },
    {
        "code": "la_poste",
        "label": "Pré-accueil La Poste",
        "label_en": "La Poste front-door welcome",
        "partner": "La Poste",
        "pole": "polyvalent",
        # The mediators go out to the partner's premises: outgoing mediation, as the seed counts it.
        "mediation": "outgoing",
        "default_place": "post_office",
        "places": ["post_office"],
        "multi_motif": True,
        "fields": {"asks_gender": False, "asks_age_band": False, "asks_place": False, "asks_people": True},
        "sites": [
            ("grangier", "Bureau de poste Dijon Grangier", "Dijon Grangier post office", ""),
            ("fontaine", "Bureau de poste Fontaine d’Ouche", "Fontaine d’Ouche post office", ""),
            ("chenove", "Bureau de poste Chenôve", "Chenôve post office", ""),
        ],
        "types": POST_OFFICE_TYPES,
    },
    {
        "code": "town_hall",
        "label": "Médiation postée en mairie",
        "label_en": "Town-hall desk mediation",
        "partner": "Ville de Dijon",
        "pole": "polyvalent",
        "mediation": "posted",
        "default_place": "desk",
        "places": ["desk"],
        "multi_motif": True,
        "fields": {
            "asks_gender": True,
            "asks_age_band": True,
            "asks_place": False,
            "asks_people": True,
            "asks_rating": True,
        },
        "sites": [
            ("gresilles", "Mairie de quartier Grésilles", "Grésilles district town hall", ""),
            ("fontaine_ouche", "Mairie de quartier Fontaine d’Ouche", "Fontaine d’Ouche district town hall", ""),
        ],
        "types": DESK_TYPES,
    },
]
ACCOUNTS = [
    ("mediateur@demo.mediatap.fr", "Karim Benali", "mediator", "transport"),
    ("coordinatrice@demo.mediatap.fr", "Claire Morel", "coordinator", "transport"),
    ("admin@demo.mediatap.fr", "Nadia Roux", "admin", None),
    ("sofia.martin@demo.mediatap.fr", "Sofia Martin", "mediator", "transport"),
    ("julien.roy@demo.mediatap.fr", "Julien Roy", "mediator", "transport"),
    ("awa.diallo@demo.mediatap.fr", "Awa Diallo", "mediator", "polyvalent"),
]


# Activity of last year relative to this year's: the report shows a plausible growth.
LAST_YEAR_PACE = 0.85


def load_demo(days: int | None = None, seed: int = 2020) -> bool:
    """Create the demo organisation once; returns False when it already exists.

    `days` of activity up to yesterday; by default from 1 January of last year.
    """
    begin_write()
    if db.session.scalar(select(Organisation).where(Organisation.name == DEMO_ORGANISATION)):
        return False
    organisation = Organisation(name=DEMO_ORGANISATION, timezone="Europe/Paris")
    db.session.add(organisation)
    db.session.flush()
    for position, spec in enumerate(MISSIONS):
        mission = Mission(
            organisation_id=organisation.id,
            code=spec["code"],
            label=spec["label"],
            label_en=spec["label_en"],
            partner=spec["partner"],
            pole=spec["pole"],
            mediation=spec.get("mediation", "outgoing"),
            default_place=spec["default_place"],
            places=spec["places"],
            multi_motif=spec.get("multi_motif", False),
            position=position,
            **{name: False for name in ("asks_gender", "asks_age_band", "asks_place")},
        )
        for name, value in spec["fields"].items():
            setattr(mission, name, value)
        mission.sites = [
            Site(code=code, label=label, label_en=label_en, network=network, position=index)
            for index, (code, label, label_en, network) in enumerate(spec["sites"])
        ]
        mission.types = [
            InterventionType(code=code, label=label, label_en=label_en, position=index)
            for index, (code, label, label_en) in enumerate(spec["types"])
        ]
        db.session.add(mission)
    password_hash = None
    for email, name, role, pole in ACCOUNTS:
        user = User(organisation=organisation, email=email, name=name, role=role, pole=pole)
        if password_hash is None:
            user.set_password(DEMO_PASSWORD)
            password_hash = user.password_hash
        user.password_hash = password_hash
        db.session.add(user)
    db.session.flush()
    if days is None:
        today = datetime.now(organisation.zone).date()
        days = (today - date(today.year - 1, 1, 1)).days
    _generate_activity(organisation, days, random.Random(seed))  # nosec B311
    _demo_devices(organisation)
    db.session.commit()
    return True


def _demo_devices(organisation: Organisation) -> None:
    """The mediators' phones on the desk's list: each synced lately, but for one silent for
    three days and one holding a colleague's records since yesterday (the two flags)."""
    now = utcnow()
    mediators = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.role == "mediator").order_by(User.id)
    ).all()
    for index, mediator in enumerate(mediators):
        device = Device(
            organisation_id=organisation.id,
            device_id=f"demo-{mediator.id}",
            last_user_id=mediator.id,
            last_sync_at=now - timedelta(minutes=20 + 35 * index),
            pending=0,
            app_version="demo",
        )
        if index == len(mediators) - 1:
            device.last_sync_at = now - timedelta(days=3, hours=2)
        elif index == len(mediators) - 2:
            device.pending, device.oldest_pending_at = 12, now - timedelta(hours=27)
        db.session.add(device)


def _generate_activity(organisation: Organisation, days: int, rng: random.Random) -> None:
    zone = organisation.zone
    mediators = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.role == "mediator")
    ).all()
    missions = db.session.scalars(select(Mission).where(Mission.organisation_id == organisation.id)).all()
    transport = [mission for mission in missions if mission.pole == "transport"]
    polyvalent = [mission for mission in missions if mission.pole == "polyvalent"]
    today = datetime.now(zone).date()
    now = utcnow()
    interventions, motifs = [], []
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        if day.weekday() == 6:
            continue
        pace = LAST_YEAR_PACE if day.year < today.year else 1.0
        for mediator, teammates in _teams(mediators, offset):
            mission = rng.choice(polyvalent if mediator.pole == "polyvalent" else transport)
            shift = _demo_shift(organisation, mediator, mission, day, zone, rng, teammates)
            db.session.add(shift)
            for _ in range(int(rng.randint(12, 45) * pace)):
                row, row_motifs = _demo_intervention(organisation, shift, mission, zone, rng, now)
                interventions.append(row)
                motifs.extend(row_motifs)
    db.session.flush()
    if days:
        examples, example_motifs = _show_each_flag(organisation, missions, mediators, today - timedelta(1), zone, rng)
        interventions += examples
        motifs += example_motifs
    if interventions:
        db.session.execute(insert(Intervention), interventions)
        db.session.execute(insert(InterventionMotif), motifs)
        # A bulk load recounts once rather than computing a delta per row.
        rebuild_tallies(organisation.id)


def _show_each_flag(
    organisation, missions: list[Mission], mediators: list[User], day: date, zone, rng
) -> tuple[list[dict], list[dict]]:
    """Five shifts of `day`, each an example of one flag of the shift review, with a note."""
    mission = next(mission for mission in missions if mission.code == "divia_tram")
    examples = {
        "never_ended": "Démo : vacation jamais terminée sur le téléphone.",
        "late_sync": "Démo : saisies envoyées plus de 24 heures après les faits (téléphone resté hors ligne).",
        "clock_off": "Démo : l’horloge de ce téléphone avançait de 40 minutes.",
        "rejected": "Démo : le serveur a refusé une saisie de cette vacation (motif inconnu).",
        "no_intervention": None,
    }
    rows, motifs = [], []
    for index, (flag, note) in enumerate(examples.items()):
        mediator = mediators[index % len(mediators)]
        shift = _demo_shift(organisation, mediator, mission, day, zone, rng, [])
        shift.device_id = f"demo-{flag}"  # a phone of its own: a wrong clock belongs to one device
        if flag == "never_ended":
            # Opened early, so it has been open too long at any hour of the next day.
            shift.started_at = to_naive_utc(datetime.combine(day, time(7), tzinfo=zone))
            shift.ended_at = shift.started_at + timedelta(hours=3)
        db.session.add(shift)
        count = 0 if flag == "no_intervention" else rng.randint(5, 12)
        made = [_demo_intervention(organisation, shift, mission, zone, rng, utcnow()) for _ in range(count)]
        if made:
            made[0][0]["note"] = note
        if flag == "never_ended":
            shift.ended_at = None
        elif flag == "late_sync":
            for row, _motifs in made:
                row["received_at"] = row["occurred_at"] + timedelta(hours=30)
            shift.received_at = shift.started_at + timedelta(hours=30)
        elif flag == "no_intervention":
            shift.ended_at = shift.started_at + timedelta(minutes=20)
            shift.received_at = shift.ended_at + timedelta(minutes=2)
        elif flag in ("clock_off", "rejected"):
            batch = SyncBatch(
                organisation_id=organisation.id,
                user_id=mediator.id,
                device_id=shift.device_id,
                client_time=shift.started_at + timedelta(hours=1, minutes=40 if flag == "clock_off" else 0),
                server_time=shift.started_at + timedelta(hours=1),
                clock_skew_seconds=40 * 60 if flag == "clock_off" else 0,
                record_count=1,
                statuses={"created": 1} if flag == "clock_off" else {"invalid": 1},
            )
            db.session.add(batch)
            if flag == "rejected":
                db.session.flush()
                rejection = SyncRejection(
                    organisation_id=organisation.id,
                    batch_id=batch.id,
                    kind="intervention",
                    record_id=str(uuid.uuid4()),
                    shift_id=str(shift.id),
                    status="invalid",
                    errors={"types": ["Motif inconnu."]},
                )
                db.session.add(rejection)
        for row, row_motifs in made:
            rows.append(row)
            motifs.extend(row_motifs)
    db.session.flush()
    return rows, motifs


def _teams(mediators: list[User], day_number: int) -> list[tuple[User, list[User]]]:
    """Who logs a shift that day, and with whom: the first two transport mediators walk as a
    pair and one phone logs for both (they take turns); the others work alone."""
    transport = [mediator for mediator in mediators if mediator.pole == "transport"]
    pair = transport[:2] if len(transport) >= 2 else []
    teams = []
    if pair:
        logger, mate = pair if day_number % 2 else pair[::-1]
        teams.append((logger, [mate]))
    teams += [(mediator, []) for mediator in mediators if mediator not in pair]
    return teams


def _demo_shift(organisation, mediator, mission, day: date, zone, rng, teammates: list[User]) -> Shift:
    start_hour = rng.choice([7, 8, 9, 13, 14])
    started = to_naive_utc(datetime.combine(day, time(start_hour, rng.choice([0, 15, 30])), tzinfo=zone))
    ended = started + timedelta(hours=rng.choice([3, 3.5, 4]))
    return Shift(
        id=uuid.uuid4(),
        organisation_id=organisation.id,
        mediator_id=mediator.id,
        mission=mission,
        site=rng.choice(mission.sites),
        started_at=started,
        ended_at=ended,
        teammates=teammates,
        device_id=f"demo-{mediator.id}",
        client_updated_at=ended,
        # Synced from the phone a little after the shift closed, as a connected phone does.
        received_at=ended + timedelta(minutes=rng.randint(1, 20)),
    )


def _demo_intervention(organisation, shift: Shift, mission: Mission, zone, rng, now) -> tuple[dict, list[dict]]:
    occurred = shift.started_at + timedelta(
        seconds=rng.randint(60, int((shift.ended_at - shift.started_at).total_seconds()) - 60)
    )
    day, hour = local_day_and_hour(occurred, zone)
    kinds = mission.types
    count = rng.choices([1, 2, 3], weights=[45, 35, 20])[0] if mission.multi_motif else 1
    chosen = rng.sample(kinds, count) if count > 1 else rng.choices(kinds, weights=range(len(kinds) + 1, 1, -1))
    mask = mission.asks_mask_reminder and any(kind.code == "mask_reminder" for kind in chosen)
    row = {
        "id": uuid.uuid4(),
        "organisation_id": organisation.id,
        "shift_id": shift.id,
        "mediator_id": shift.mediator_id,
        "mission_id": mission.id,
        "site_id": shift.site.id,
        "occurred_at": occurred,
        "utc_offset_minutes": int(as_local(occurred, zone).utcoffset().total_seconds() // 60),
        "occurred_on": day,
        "occurred_hour": hour,
        "gender": rng.choices(["male", "female", "unknown"], weights=[48, 47, 5])[0]
        if mission.asks_gender
        else "unknown",
        "age_band": rng.choices(["under_25", "25_60", "over_60", "unknown"], weights=[30, 50, 17, 3])[0]
        if mission.asks_age_band
        else "unknown",
        "place": mission.default_place,
        "people": rng.choices([1, 2, 3, 4], weights=[80, 12, 5, 3])[0],
        "duration": rng.choices(["short", "long"], weights=[80, 20])[0] if mission.asks_duration else None,
        "mask_reminder": mask,
        "mask_outcome": rng.choices(["complied", "refused"], weights=[9, 1])[0] if mask else None,
        "rating": rng.choices([5, 4, 3, 2], weights=[70, 20, 7, 3])[0] if mission.asks_rating else None,
        "note": None,
        "device_id": shift.device_id,
        "client_updated_at": occurred,
        "created_at": now,
        "updated_at": now,
        "received_at": occurred + timedelta(minutes=rng.randint(1, 90)),
    }
    motifs = [
        {"intervention_id": row["id"], "type_id": kind.id, "position": index} for index, kind in enumerate(chosen)
    ]
    return row, motifs
