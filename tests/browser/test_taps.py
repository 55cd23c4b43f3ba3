"""Taps on a lurching tram (issue 11): a double tap records only what was chosen, whatever
button of whatever step it lands on, for every kind of mission; the next record starts at its
first question with nothing chosen."""

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains

from tests.browser.phone import QUESTIONS, wait_until

pytestmark = pytest.mark.browser

# Two taps 150 ms apart at the same spot: by the second, the screen shows the next question.
DOUBLE_TAP_GAP = 0.15
KARIM = "mediateur@demo.mediatap.fr"
AWA = "awa.diallo@demo.mediatap.fr"


def _catalogue(phone) -> dict:
    return phone.browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('/js/db.js').then(async (db) =>"
        "  done(await db.getMeta(`catalogue:${(await db.getMeta('session')).user.id}`)));"
    )


def _press(phone, x: float, y: float) -> None:
    for kind in ("mousePressed", "mouseReleased"):
        phone.browser.execute_cdp_cmd(
            "Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
        )


def _double_tap(phone, element) -> None:
    """A finger that lands twice on the same spot of the screen, as a real pointer would.

    One W3C action sequence: ChromeDriver times the pause between the two taps itself, so a
    busy machine's round trips from the test cannot stretch it past the app's window.
    """
    phone.browser.execute_script("arguments[0].scrollIntoView({block: 'nearest'})", element)
    wait_until(phone.settled, timeout=5, interval=0.02, message="the app to take taps again")
    ActionChains(phone.browser).move_to_element(element).click().pause(DOUBLE_TAP_GAP).click().perform()


def _buttons(phone):
    return phone.browser.find_elements("css selector", "#log-choices button")


def _fresh_record(phone) -> bool:
    """The first question, nothing pressed, no answers shown, a group of one."""
    return (
        phone.browser.execute_script(
            "return !document.querySelector('#log-choices [aria-pressed=true]')"
            " && document.getElementById('log-trail').hidden"
            " && (document.getElementById('log-people').hidden"
            "     || document.querySelector('#people-chips [aria-pressed=true]').textContent === '1')"
        )
        and phone.text("log-question") in QUESTIONS
    )


def _steps(mission: dict, types: list[str], mask_type: str = "mask_reminder") -> list[str]:
    steps = ["types"]
    if "mask_reminder" in mission["fields"] and mask_type in types:
        steps.append("mask_outcome")
    return steps + [field for field in ("gender", "age_band") if field in mission["fields"]]


VOCABULARY = {"gender": "genders", "age_band": "age_bands", "mask_outcome": "mask_outcomes"}


@pytest.mark.parametrize(
    ("email", "mission_code"),
    [(KARIM, "divia_tram"), (AWA, "la_poste"), (AWA, "town_hall")],
    ids=["single-type-with-mask", "multi-motif-only", "multi-motif-and-client"],
)
def test_a_double_tap_on_any_answer_records_only_what_was_chosen(phone, server, email, mission_code):
    phone.on_shift(server, email, mission_code)
    catalogue = _catalogue(phone)
    mission = next(mission for mission in catalogue["missions"] if mission["code"] == mission_code)
    codes = {name: [term["code"] for term in catalogue["vocabularies"][VOCABULARY[name]]] for name in VOCABULARY}
    type_codes = [kind["code"] for kind in mission["types"]]
    multi = mission["multi_motif"]

    # Each case: the step whose button is double-tapped, and which button (index; for a
    # multi-motif mission, len(types) is "Valider les motifs").
    cases = [("types", index) for index in range(len(type_codes) + (1 if multi else 0))]
    for step in ("mask_outcome", "gender", "age_band"):
        if step in _steps(mission, ["mask_reminder"]):
            cases += [(step, index) for index in range(len(codes[step]))]
    expected = []
    for step, index in cases:
        chosen_type = type_codes[index] if step == "types" and index < len(type_codes) else type_codes[0]
        if step != "types" and step == "mask_outcome":
            chosen_type = "mask_reminder"
        answers = {"types": [chosen_type]}
        for later in _steps(mission, answers["types"])[1:]:
            answers[later] = codes[later][index] if later == step else codes[later][0]
        saved = phone.saved_count()
        for current in _steps(mission, answers["types"]):
            if current == "types":
                button = _buttons(phone)[type_codes.index(chosen_type)]
                if step == "types" and not (multi and index == len(type_codes)):
                    _double_tap(phone, button)
                else:
                    phone.click(lambda button=button: button)
                if multi:
                    validate = phone.browser.find_element("id", "motifs-next")
                    if step == "types" and index == len(type_codes):
                        _double_tap(phone, validate)
                    else:
                        phone.click(lambda validate=validate: validate)
            else:
                button = _buttons(phone)[codes[current].index(answers[current])]
                if current == step:
                    _double_tap(phone, button)
                else:
                    phone.click(lambda button=button: button)
        wait_until(lambda saved=saved: phone.saved_count() == saved + 1, message=f"one record for {step} {index}")
        wait_until(phone.settled, timeout=5, message="the app to take taps again")
        assert phone.saved_count() == saved + 1, f"a double tap on {step} {index} saved twice"
        assert _fresh_record(phone), f"after a double tap on {step} {index} the next record is not blank"
        expected.append(
            (
                answers["types"],
                answers.get("gender", "unknown"),
                answers.get("age_band", "unknown"),
                answers.get("mask_outcome"),
            )
        )

    wait_until(lambda: phone.pending() == 0, timeout=30, message="every record to reach the server")
    rows = [row for row in server.interventions(email) if not row.deleted]
    assert [(row.codes, row.gender, row.age_band, row.mask_outcome) for row in rows] == expected
    assert all(row.people == 1 for row in rows)


def test_quick_taps_on_different_answers_all_count(phone, server):
    """Only a second tap on the same spot is dropped: a quick mediator's next answer, elsewhere
    on the screen 150 ms later, is taken."""
    phone.on_shift(server, KARIM, "divia_tram")
    centre = "const r = arguments[0].getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];"
    saved = phone.saved_count()
    for index in (0, 2, 0):  # itinerary (left), "Non renseigné" (right), "Moins de 25 ans" (left)
        button = _buttons(phone)[index]
        x, y = phone.browser.execute_script(centre, button)
        _press(phone, x, y)
        time.sleep(DOUBLE_TAP_GAP)
    wait_until(lambda: phone.saved_count() == saved + 1, message="the record of three quick taps")
    wait_until(lambda: phone.pending() == 0, message="the record sent")
    (row,) = [row for row in server.interventions(KARIM) if not row.deleted]
    assert (row.codes, row.gender, row.age_band) == (["itinerary"], "unknown", "under_25")
