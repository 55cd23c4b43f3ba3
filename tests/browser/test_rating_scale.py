"""The phone's rating step follows its mission's scale: three buttons for three levels."""

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select

from server.database import begin_write
from server.extensions import db
from server.models import Mission, Organisation
from tests.browser.phone import wait_until

pytestmark = pytest.mark.browser
AWA = "awa.diallo@demo.mediatap.fr"


def _set_scale(app, code: str, scale: str) -> None:
    with app.app_context():
        # The live server writes meanwhile: take the write lock first, as its services do.
        begin_write()
        mission = db.session.scalar(select(Mission).where(Mission.code == code))
        mission.rating_scale = scale
        db.session.get(Organisation, mission.organisation_id).bump_catalogue()
        db.session.commit()
        db.session.remove()


@pytest.fixture
def three_level_town_hall(live_server):
    """The demo's town-hall desks rate on three levels for this test only (the server is shared)."""
    _set_scale(live_server.app, "town_hall", "three_levels")
    yield
    _set_scale(live_server.app, "town_hall", "stars")


def test_the_rating_step_shows_the_three_levels(phone, server, three_level_town_hall):
    server.forget(AWA)
    phone.sign_in(AWA)
    phone.start_shift("town_hall")
    details = phone.browser.find_element(By.ID, "log-details")
    if details.get_attribute("open") is None:
        phone.click(lambda: details.find_element(By.TAG_NAME, "summary"))
    group = phone.browser.find_element(
        By.XPATH, "//div[@id='details-fields']/fieldset[legend[normalize-space()='Satisfaction']]"
    )
    buttons = group.find_elements(By.TAG_NAME, "button")
    assert [button.get_attribute("textContent") for button in buttons] == [
        "Très satisfait",
        "Plutôt satisfait",
        "Pas du tout satisfait",
    ]
    phone.click(lambda: buttons[0])
    assert buttons[0].get_attribute("aria-pressed") == "true"
    # Several motifs per contact here: pick one, go on, then gender and age band save it.
    saved = phone.saved_count()
    phone.tap(0)
    phone.click(lambda: phone.browser.find_element(By.ID, "motifs-next"))
    phone.tap(0)
    phone.tap(1)
    wait_until(lambda: phone.saved_count() > saved, message="the record to be saved")
    wait_until(lambda: phone.pending() == 0, message="the record to reach the server")
    (row,) = server.interventions(AWA)
    assert row.rating == 3
