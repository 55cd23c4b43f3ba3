"""The mediator app in Debian's chromium against a real server: what the screen shows is
what the server holds, offline and online (issue 3)."""

import pytest

from tests.browser.phone import wait_until

pytestmark = pytest.mark.browser
KARIM = "mediateur@demo.mediatap.fr"


def test_log_undo_and_end_a_shift(phone, server):
    server.forget(KARIM)
    phone.sign_in(KARIM)
    phone.start_shift("divia_tram")
    phone.log(kind=0, gender=0, age=1)  # itinéraire, femme, 25–60
    phone.log(kind=1, gender=1, age=2)  # tarifs, homme, plus de 60 ans
    phone.log(kind=2, gender=2, age=0)  # automate, non renseigné, moins de 25 ans
    assert phone.text("toast-text") == "Enregistré"
    assert phone.text("toast-detail") == "Aide automate · Moins de 25 ans"
    # Undo the last one from the toast, as a mediator would right after a wrong tap.
    phone.click(lambda: phone.browser.find_element("id", "toast-undo"))
    wait_until(lambda: phone.today() == 2, message="today's count to drop to 2")
    phone.end_shift()
    assert "2 interventions" in phone.text("summary-line")
    wait_until(lambda: phone.pending() == 0, message="everything to reach the server")

    rows = server.interventions(KARIM)
    live = [row for row in rows if not row.deleted]
    assert len(rows) == 3 and len(live) == 2
    assert [(row.codes, row.gender, row.age_band) for row in live] == [
        (["itinerary"], "female", "25_60"),
        (["fares"], "male", "over_60"),
    ]
    assert [row for row in rows if row.deleted][0].codes == ["ticket_machine"]
    (shift,) = server.shifts(KARIM)
    assert shift.ended_at is not None
    assert {row.shift_id for row in rows} == {shift.id}


def test_fifty_taps_offline_reach_the_server_once(phone, server):
    email = "sofia.martin@demo.mediatap.fr"
    phone.on_shift(server, email, worker=True)
    phone.offline()
    phone.browser.refresh()  # the app must start from the service worker's cache
    wait_until(lambda: phone.visible("screen-log"), message="the logging screen, offline")
    assert phone.text("status-network") == "Hors ligne"
    for number in range(50):
        phone.log(kind=number % 5, gender=number % 3, age=number % 4)
    wait_until(lambda: phone.pending() == 50, message=f"50 records pending (shows {phone.pending()})")
    assert phone.today() == 50
    assert server.interventions(email) == []
    phone.online()
    wait_until(lambda: phone.pending() == 0, timeout=30, message="the outbox to empty")
    rows = server.interventions(email)
    assert len(rows) == 50 and len({row.id for row in rows}) == 50


GENDERS_FR = ["Femme", "Homme", "Non renseigné"]


def test_the_client_questions_come_from_the_catalogue_in_the_screens_language(phone, server):
    email = "sofia.martin@demo.mediatap.fr"
    phone.on_shift(server, email, sent=False)
    phone.tap(0)
    wait_until(lambda: phone.choice_labels() == GENDERS_FR, message="the genders of the catalogue")
    phone.tap(0)
    ages = ["Moins de 25 ans", "25–60 ans", "Plus de 60 ans", "Non renseigné"]
    wait_until(lambda: phone.choice_labels() == ages, message="the age bands of the catalogue")
    phone.tap(1)
    wait_until(lambda: phone.saved_count() == 1, message="the record to be saved")
    phone.browser.find_element("id", "language").click()
    wait_until(lambda: phone.text("log-question") == "Which intervention?", message="English")
    phone.tap(0)
    wait_until(lambda: phone.choice_labels() == ["Woman", "Man", "Not given"], message="the genders in English")


def test_a_catalogue_kept_from_before_the_vocabularies_is_replaced_at_the_next_sync(phone, server):
    email = "julien.roy@demo.mediatap.fr"
    phone.on_shift(server, email, worker=True)
    # The copy an older server sent: no vocabularies.
    phone.browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('/js/db.js').then(async (db) => {"
        "  const key = `catalogue:${(await db.getMeta('session')).user.id}`;"
        "  const catalogue = await db.getMeta(key); delete catalogue.vocabularies;"
        "  await db.setMeta(key, catalogue); done(); });"
    )
    phone.offline()
    phone.browser.refresh()
    wait_until(lambda: phone.visible("screen-log"), message="the logging screen, offline")
    # Nothing to ask about the client yet: the type alone saves, rather than a screen without buttons.
    phone.tap(0)
    wait_until(lambda: phone.saved_count() == 1, message="the record to be saved")
    # Buttons drawn from the old copy are marked: the screen is drawn again once a new one arrived.
    phone.browser.execute_script("for (const b of document.querySelectorAll('#log-choices button')) b.dataset.old = 1")
    phone.online()
    phone.browser.execute_script("dispatchEvent(new Event('online'))")
    wait_until(lambda: phone.pending() == 0, message="the record to be sent")
    redrawn = "return !document.querySelector('#log-choices button[data-old]')"
    wait_until(lambda: phone.browser.execute_script(redrawn), message="the screen drawn from the fetched catalogue")
    phone.tap(0)
    wait_until(lambda: phone.choice_labels() == GENDERS_FR, message="the genders of the fetched catalogue")
    assert [row.gender for row in server.interventions(email)] == ["unknown"]
