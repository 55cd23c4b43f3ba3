"""A large organisation's month in a real browser: the flag filter finds a forgotten shift among 1,200."""

from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from sqlalchemy import select

from server.extensions import db
from server.models import Mission, User
from tests.browser.desk import sign_in_at_desk
from tests.browser.phone import wait_until
from tests.browser.test_app_quality import _violations
from tests.helpers import add_month_of_shifts, demo_served, local_today

# One group: its tests share the crowded demo, built once on one worker of `make test`.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("crowded_demo")]
# Last year's November: the demo's own shifts (its last two days) never lie in it.
MONTH = date(local_today().year - 1, 11, 1)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """The demo, plus 1,200 shifts in MONTH and one shift of the 2nd never closed."""
    found = {}

    def prepare():
        mediators = db.session.scalars(select(User.id).where(User.role == "mediator")).all()
        mission = db.session.scalars(select(Mission).order_by(Mission.id)).first()
        found["forgotten"] = add_month_of_shifts(mission.organisation_id, mediators, mission.id, MONTH, 1200)

    with demo_served(tmp_path_factory.mktemp("crowded") / "crowded.db", days=2, prepare=prepare) as (url, _):
        yield url, found["forgotten"]


def test_the_flag_filter_finds_a_forgotten_shift_over_the_whole_month(crowded, browser):
    url, forgotten = crowded
    # Each test signs in itself: on two workers, a module's tests may run in another browser.
    sign_in_at_desk(browser, url, lands_on="/desk/shifts")

    browser.get(f"{url}/desk/shifts?from={MONTH}&to={MONTH.replace(day=30)}")
    caption = browser.find_element(By.CSS_SELECTOR, "table.shifts caption").text
    assert caption.startswith("1201 vacations du 01/11/") and "Page 1 sur 13" in caption
    legend = browser.find_element(By.CSS_SELECTOR, "section.legend").text
    assert "Jamais terminée 1 vacation" in legend and "Vacation ouverte depuis plus de 12 heures." in legend

    Select(browser.find_element(By.ID, "flag")).select_by_visible_text("Jamais terminée")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait_until(lambda: "flag=never_ended" in browser.current_url, message="the filtered list")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.shifts tbody tr")
    assert len(rows) == 1 and "02/11/" in rows[0].text
    assert rows[0].find_element(By.TAG_NAME, "a").get_attribute("href").endswith(f"/desk/shifts/{forgotten}")
    assert browser.find_element(By.CSS_SELECTOR, "table.shifts caption").text.startswith("1 vacation du 01/11/")
    assert _violations(browser) == []


def test_the_table_of_interventions_renders_and_pages(crowded, browser):
    url, _ = crowded
    # Each test signs in itself: on two workers, a module's tests may run in another browser.
    sign_in_at_desk(browser, url, lands_on="/desk/shifts")
    today = local_today()
    browser.get(f"{url}/desk/interventions?from={today - timedelta(days=365)}&to={today}&size=50")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Interventions"
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.interventions tbody tr")) == 50
    browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]").click()
    wait_until(lambda: "after=" in browser.current_url, message="the next page")
    assert browser.find_elements(By.CSS_SELECTOR, "table.interventions tbody tr a")
    assert _violations(browser) == []
