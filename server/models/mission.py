from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..extensions import db
from ..vocabulary import PLACES, POLE_PLACES

# The optional fields a mission may ask for, in the order the phone shows them.
MISSION_FIELDS = ("gender", "age_band", "place", "people", "duration", "mask_reminder", "rating")


def places_of_kind(pole: str | None, default_place: str | None = None) -> list[str]:
    """The places a mission of this pole allows unless an admin chose: no "Bureau de poste"
    on a tram. A polyvalent mission with a default place happens there alone (a post office,
    a town-hall desk); the default place is always among them."""
    if pole != "transport" and default_place:
        chosen = {default_place}
    else:
        chosen = set(POLE_PLACES.get(pole or "transport", ())) | ({default_place} if default_place else set())
    return [code for code in PLACES if code in chosen]


def _places_default(context) -> list[str]:
    # A mission inserted without a list (the demo, the command line, older code) gets its kind's.
    parameters = context.get_current_parameters()
    return places_of_kind(parameters.get("pole"), parameters.get("default_place"))


user_mission = Table(
    "user_mission",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("mission_id", ForeignKey("mission.id", ondelete="CASCADE"), primary_key=True),
)


class CatalogueEntry:
    """What a mission, a site and a type share: a code the phones send back, fixed at creation,
    labels in both languages, and a place in the lists the phone shows."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    # The label an English-speaking phone shows; empty: the French one.
    label_en: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(default=0)


class MissionPart(CatalogueEntry):
    """A site or a type: an entry of one mission, its code unique within the mission."""

    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"), index=True)

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (UniqueConstraint("mission_id", "code"),)


class Mission(CatalogueEntry, db.Model):
    """What a partner pays for (a tram network, post offices...), with the fields it asks for."""

    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    partner: Mapped[str] = mapped_column(String(120), default="")
    pole: Mapped[str] = mapped_column(String(16), default="transport")
    # Kind of mediation for the yearly report: "outgoing" (walking vehicles) or "posted".
    mediation: Mapped[str] = mapped_column(String(16), default="outgoing")
    asks_gender: Mapped[bool] = mapped_column(default=True)
    asks_age_band: Mapped[bool] = mapped_column(default=True)
    asks_place: Mapped[bool] = mapped_column(default=True)
    asks_people: Mapped[bool] = mapped_column(default=False)
    asks_duration: Mapped[bool] = mapped_column(default=False)
    asks_mask_reminder: Mapped[bool] = mapped_column(default=False)
    asks_rating: Mapped[bool] = mapped_column(default=False)
    # How satisfaction is asked (vocabulary.RATING_SCALES); fixed once ratings exist.
    rating_scale: Mapped[str] = mapped_column(String(16), default="stars", server_default="stars")
    multi_motif: Mapped[bool] = mapped_column(default=False)
    default_place: Mapped[str | None] = mapped_column(String(16))
    # The place codes (PLACES) the phone offers for this mission, in the vocabulary's order;
    # `default_place` is one of them.
    places: Mapped[list[str]] = mapped_column(JSON, default=_places_default)
    archived: Mapped[bool] = mapped_column(default=False)

    sites: Mapped[list[Site]] = relationship(back_populates="mission", order_by="Site.position")
    types: Mapped[list[InterventionType]] = relationship(back_populates="mission", order_by="InterventionType.position")

    @property
    def fields(self) -> list[str]:
        return [name for name in MISSION_FIELDS if getattr(self, f"asks_{name}")]


class Site(MissionPart, db.Model):
    """A line, network or fixed place where a mission is carried out."""

    # The network a line belongs to, for per-network report figures (e.g. "Divia", "TER").
    network: Mapped[str] = mapped_column(String(60), default="")
    archived: Mapped[bool] = mapped_column(default=False)

    mission: Mapped[Mission] = relationship(back_populates="sites")


class InterventionType(MissionPart, db.Model):
    """One button of the mission's catalogue; retired types stay for history and reports."""

    active: Mapped[bool] = mapped_column(default=True)

    mission: Mapped[Mission] = relationship(back_populates="types")
