"""The admin pages in a real browser: a mission built there reaches the mediator's phone.

The admin works at http://localhost:PORT and the phone at http://127.0.0.1:PORT, in two tabs of
the module's chromium: two origins, so two cookie jars and two signed-in people at once.
"""

import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.desk import sign_in_at_desk
from tests.browser.phone import Phone, wait_until
from tests.browser.test_app_quality import _violations

pytestmark = pytest.mark.browser
ADMIN = "admin@demo.mediatap.fr"


class AdminDesk:
    """The admin's tab: fills and submits the server-rendered forms."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.url = base_url.replace("127.0.0.1", "localhost")

    def sign_in(self) -> None:
        sign_in_at_desk(self.browser, self.url, ADMIN)

    def fill(self, values: dict) -> None:
        for field_id, value in values.items():
            element = self.browser.find_element(By.ID, field_id)
            if element.tag_name == "select":
                Select(element).select_by_value(value)
            elif element.get_attribute("type") == "checkbox":
                if element.is_selected() != value:
                    element.click()
            else:
                element.clear()
                element.send_keys(value)

    def submit(self, form_selector: str) -> None:
        self.browser.find_element(By.CSS_SELECTOR, f"{form_selector} button[type=submit]").click()

    def flash(self) -> str:
        try:
            return " ".join(element.text for element in self.browser.find_elements(By.CSS_SELECTOR, ".flash"))
        except (StaleElementReferenceException, WebDriverException):  # the page was replaced while being read
            return ""

    def add_type(self, code: str, label: str) -> None:
        self.fill({"type-code": code, "type-label": label})
        self.submit("#add-type")
        wait_until(lambda: "Type d’intervention ajouté." in self.flash(), message="the type to be added")


def test_a_mission_built_in_the_admin_pages_reaches_the_phone_after_a_sync(browser, live_server):
    admin_tab = browser.current_window_handle
    browser.delete_all_cookies()
    desk = AdminDesk(browser, live_server.url)
    desk.sign_in()

    # The admin creates the mission, its first type, and a mediator who works on it.
    browser.get(f"{desk.url}/admin/missions/new")
    desk.fill(
        {"code": "school_exit", "label": "Sortie d’école Jaurès", "partner": "Ville de Dijon", "default_place": "stop"}
    )
    desk.submit("form.admin-form")
    wait_until(lambda: "Mission créée" in desk.flash(), message="the mission page")
    mission_page = browser.current_url
    desk.add_type("crossing", "Traversée accompagnée")
    browser.get(f"{desk.url}/admin/people/new")
    desk.fill({"name": "Inès Test", "email": "ines.test@demo.mediatap.fr", "role": "mediator"})
    browser.find_element(By.XPATH, "//label[text()='Sortie d’école Jaurès']/preceding-sibling::input").click()
    desk.submit("form.admin-form")
    shown = wait_until(lambda: browser.find_elements(By.ID, "temporary-password"), message="the temporary password")
    temporary = shown[0].text

    # The mediator signs in once with the temporary password and chooses her own.
    browser.switch_to.new_window("tab")
    phone_tab = browser.current_window_handle
    phone = Phone(browser, live_server.url)
    browser.get(f"{live_server.url}/account/password")
    browser.find_element(By.ID, "email").send_keys("ines.test@demo.mediatap.fr")
    browser.find_element(By.ID, "password").send_keys(temporary)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_until(lambda: browser.find_elements(By.ID, "new_password"), message="the change-password page")
    assert "Votre mot de passe est temporaire" in browser.page_source
    for field_id, value in (
        ("current_password", temporary),
        ("new_password", "ma phrase de passe"),
        ("confirm", "ma phrase de passe"),
    ):
        browser.find_element(By.ID, field_id).send_keys(value)
    # Not the first form of the page: that one, in the header, signs out.
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_until(lambda: "/account/password" not in browser.current_url, message="the password to be changed")

    # On the phone, the new mission offers its one button.
    phone.fresh()
    phone.sign_in("ines.test@demo.mediatap.fr", "ma phrase de passe")
    phone.start_shift("school_exit")
    assert phone.choice_labels() == ["Traversée accompagnée"]

    # The admin adds a second type while the mediator is working.
    browser.switch_to.window(admin_tab)
    browser.get(mission_page)
    desk.add_type("rules_reminder", "Rappel des règles")

    # The phone's next sync brings the new catalogue: the new button is there.
    browser.switch_to.window(phone_tab)
    phone.log(0)
    wait_until(
        lambda: phone.choice_labels() == ["Traversée accompagnée", "Rappel des règles"],
        message="the new button after a sync",
    )

    # Tidy the shared demo organisation: the mission leaves every phone, its figures stay.
    browser.switch_to.window(admin_tab)
    browser.get(mission_page)
    browser.find_element(By.XPATH, "//button[text()='Archiver la mission']").click()
    wait_until(lambda: "Mission archivée." in desk.flash(), message="the mission to be archived")
    browser.switch_to.window(phone_tab)
    browser.close()
    browser.switch_to.window(admin_tab)


def test_admin_pages_show_errors_in_place_and_pass_axe(browser, live_server):
    desk = AdminDesk(browser, live_server.url)
    desk.sign_in()
    pages = {}
    for path in ("/admin/people", "/admin/people/new", "/admin/missions", "/admin/organisation", "/admin/audit"):
        browser.get(f"{desk.url}{path}")
        pages[path] = _violations(browser)
    browser.get(f"{desk.url}/admin/missions")
    browser.find_element(By.CSS_SELECTOR, "tbody th a").click()
    pages["mission"] = _violations(browser)

    # An empty label and a taken code: each message sits under its field and is announced with it.
    desk.fill({"type-code": "itinerary", "type-label": " "})
    desk.submit("#add-type")
    wait_until(lambda: browser.find_elements(By.ID, "type-label-error"), message="the errors in place")
    label = browser.find_element(By.ID, "type-label")
    assert label.get_attribute("aria-invalid") == "true"
    assert "type-label-error" in label.get_attribute("aria-describedby")
    assert browser.find_element(By.ID, "type-label-error").text == "Indiquez un libellé."
    pages["mission with errors"] = _violations(browser)

    browser.get(f"{desk.url}/admin/people/new")
    desk.fill({"name": "", "email": "pas-une-adresse"})
    desk.submit("form.admin-form")
    wait_until(lambda: browser.find_elements(By.ID, "email-error"), message="the person form's errors")
    assert browser.find_element(By.ID, "email-error").text == "Cette adresse e-mail n’est pas valide."
    assert browser.find_element(By.ID, "name-error").text == "Indiquez un nom."
    pages["person with errors"] = _violations(browser)
    assert {name: found for name, found in pages.items() if found} == {}
