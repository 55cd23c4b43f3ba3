"""Driving the desk's pages in chromium: signing in as a demo account."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from tests.browser.phone import DEMO_PASSWORD, wait_until

DEMO_COORDINATOR = "coordinatrice@demo.mediatap.fr"


def sign_in_at_desk(browser, base_url: str, email: str = DEMO_COORDINATOR, lands_on: str = "/desk/"):
    """Sign the browser in through the desk's form, as nobody else (cookies cleared first), and wait
    for the page the account lands on (`lands_on`, part of its URL): going on sooner, the sign-in's
    own answer could land last. Returns the browser."""
    browser.delete_all_cookies()
    browser.get(f"{base_url}/login")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_until(lambda: lands_on in browser.current_url, message=f"{lands_on} after sign-in")
    return browser
