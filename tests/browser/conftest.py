import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.database import begin_write
from server.extensions import db
from server.models import Device, Intervention, Shift, User, UserSession
from server.models.clock import utcnow
from tests.browser.phone import Phone
from tests.reliability.lossy_proxy import LossyProxy

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser, live_server):
    return Phone(browser, live_server.url).fresh()


@pytest.fixture(autouse=True)
def console_stays_clean(browser):
    """No CSP violation and no uncaught script error during any browser test."""
    browser.get_log("browser")  # what earlier tests left
    yield
    problems = [
        entry["message"]
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE"
        and ("Content Security Policy" in entry["message"] or "Uncaught" in entry["message"])
    ]
    assert problems == []


class ServerView:
    """What the server holds, read straight from its database."""

    def __init__(self, app):
        self.app = app

    def interventions(self, email: str) -> list[Intervention]:
        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            rows = db.session.scalars(
                select(Intervention)
                .where(Intervention.mediator_id == user.id)
                .options(selectinload(Intervention.motifs))
                .order_by(Intervention.occurred_at)
            ).all()
            for row in rows:
                row.codes = row.type_codes
            db.session.remove()
            return list(rows)

    def shifts(self, email: str) -> list[Shift]:
        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            rows = db.session.scalars(select(Shift).where(Shift.mediator_id == user.id)).all()
            db.session.remove()
            return list(rows)

    def device_of(self, email: str) -> Device:
        """The phone this person last synced from, as the desk's list of devices shows it."""
        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            device = db.session.scalar(
                select(Device).where(Device.last_user_id == user.id).order_by(Device.last_sync_at.desc()).limit(1)
            )
            db.session.remove()
            return device

    def expire_sessions(self, email: str) -> None:
        with self.app.app_context():
            begin_write()  # the live server writes meanwhile
            user = db.session.scalar(select(User).where(User.email == email))
            for record in db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)):
                record.ended_at = utcnow()
            db.session.commit()
            db.session.remove()

    def forget(self, email: str) -> None:
        """Start each test from a mediator with no records."""
        with self.app.app_context():
            begin_write()  # the live server writes meanwhile
            user = db.session.scalar(select(User).where(User.email == email))
            shift_ids = select(Shift.id).where(Shift.mediator_id == user.id)
            for row in db.session.scalars(select(Intervention).where(Intervention.shift_id.in_(shift_ids))):
                db.session.delete(row)
            for shift in db.session.scalars(select(Shift).where(Shift.mediator_id == user.id)):
                db.session.delete(shift)
            db.session.commit()
            db.session.remove()


@pytest.fixture
def server(live_server):
    return ServerView(live_server.app)


@pytest.fixture
def proxied(browser, live_server):
    """A fresh phone that reaches the server through a proxy able to lose replies or go dark."""
    with LossyProxy(live_server.url) as proxy:
        yield proxy, Phone(browser, proxy.url).fresh()
