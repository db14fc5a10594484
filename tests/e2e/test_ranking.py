"""A ranking poll in real browsers: phones put the sector's challenges in order with the
Up and Down buttons by keyboard only, or by dragging them (a finger's press and hold, a
mouse), a changed answer starts from the stored order, the projector's Borda points are
exact, and the survey's ranking question is put in order the same way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import (
    VenueServer,
    join_on_phone,
    wait_until_live,
    watch_csp_violations,
)
from tests.e2e.test_accessibility import (
    Audit,
    go_to,
    poll_button,
    slide_poll,
    slide_survey,
    survey_button,
)
from tests.servers import base_env, manage, prepare, running_server

pytestmark = pytest.mark.e2e

QUESTION = "Hvilke tre utfordringer bør vår kommune ta først?"
ECONOMY = "Trangere økonomi krever tøffere prioriteringer"
SKILLS = "Mangel på kompetanse og arbeidskraft"
DEMOCRACY = "Demokratiet under press"
CLIMATE = "Kort tid på å kutte klimautslipp og sikre naturmangfold"
HEALTH = "Økt helse- og omsorgsbehov"

# The Norwegian words, or their English source while a translation is missing.
MOVE = {"up": "(?:Flytt opp|Move up)", "down": "(?:Flytt ned|Move down)"}
PLACE = "(?:plass|place)"
NOT_RANKED = "(?:ikke rangert|not ranked)"

SURVEY_RANKING = "Hva bør vi gjøre mer av neste gang?"
SURVEY_CHOICES = ["Dilemmaer", "Gruppeoppgaver", "Foredrag"]
ADD_SURVEY_RANKING = f"""
from polls.models import Choice, Poll, Survey
survey = Survey.objects.get(title="Evaluering")
last = survey.questions.order_by("-order").first()
question = Poll.objects.create(
    seminar=survey.seminar, survey=survey, slide=survey.slide, order=last.order + 1,
    kind="ranking", question={SURVEY_RANKING!r}, max_choices=2,
)
for order, label in enumerate({SURVEY_CHOICES!r}, start=1):
    Choice.objects.create(poll=question, order=order, label=label)
"""


@pytest.fixture(scope="module")
def venue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VenueServer]:
    """The demo, with a ranking question added to its evaluation survey."""
    env = base_env(tmp_path_factory.mktemp("venue"))
    demo = prepare(env)
    manage(env, "shell", "--no-imports", "-c", ADD_SURVEY_RANKING)
    with running_server(env) as served:
        yield VenueServer(base_url=served.base_url, demo=demo)


def move_button(phone: Page, direction: str, choice: str) -> Locator:
    return phone.get_by_role("button", name=re.compile(f"^{MOVE[direction]}: {re.escape(choice)}$"))


def tab_to(phone: Page, button: Locator, *, key: str = "Tab") -> None:
    """Tab (or Shift+Tab) until the button has the focus, as a person looks for it."""
    for _press in range(40):
        if button.evaluate("element => element === document.activeElement"):
            return
        phone.keyboard.press(key)
    raise AssertionError(f"{key} never reached {button}")


def said(phone: Page) -> Locator:
    """What a screen reader is told after each move (the list's polite live region)."""
    return phone.locator(".ranking [aria-live=polite]")


def ranked(phone: Page | Locator) -> Locator:
    """The choices with a place, in the order the phone shows them."""
    return phone.locator(".ranking__list--ranked .ranking__label")


def in_sight(phone: Page, *locators: Locator) -> None:
    """Scroll so every one of them is on the screen at once (a finger cannot drag to what
    it cannot see)."""
    boxes = [locator.bounding_box() for locator in locators]
    assert all(boxes)
    top = min(box["y"] for box in boxes if box)
    bottom = max(box["y"] + box["height"] for box in boxes if box)
    height = phone.viewport_size["height"] if phone.viewport_size else 0
    assert bottom - top < height
    phone.evaluate("by => window.scrollBy(0, by)", (top + bottom - height) / 2)


def settled(phone: Page) -> None:
    """Until no choice is still sliding into its place (SortableJS ignores a press on one
    that is: a person's next press comes later than a test's)."""
    phone.wait_for_function(
        "() => [...document.querySelectorAll('.ranking__item')].every(item => !item.animated)"
    )


def drag_by_touch(phone: Page, item: Locator, onto: Locator, *, top: bool = False) -> None:
    """A finger presses the choice's words, holds until the choice is picked up (a quick
    swipe scrolls instead), slides onto the other (its top edge, or its middle) and lets
    go: touch events, as a phone's screen sends them."""
    words = item.locator(".ranking__label")
    in_sight(phone, words, onto)
    settled(phone)
    start, end = words.bounding_box(), onto.bounding_box()
    assert start and end
    x, y = start["x"] + 20, start["y"] + start["height"] / 2
    to_y = end["y"] + (8 if top else end["height"] / 2)
    touch = phone.context.new_cdp_session(phone)
    touch.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
    )
    expect(item).to_have_class(re.compile(r"\branking__item--chosen\b"))
    for step in range(1, 21):
        point = {"x": x, "y": y + (to_y - y) * step / 20}
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    touch.detach()


def drag_by_mouse(phone: Page, item: Locator, onto: Locator) -> None:
    words = item.locator(".ranking__label")
    in_sight(phone, words, onto)
    settled(phone)
    words.drag_to(onto, source_position={"x": 10, "y": 10}, steps=20)


def expect_points(projector: Page | Locator, expected: list[tuple[str, str]]) -> None:
    """The first rows of the ranking's results, each choice and its points, once the
    projector shows them (a changed answer changes no count, only the points)."""
    rows = projector.locator(".result-table--ranking tbody tr")
    for number, (label, points) in enumerate(expected):
        row = rows.nth(number)
        expect(row.locator("th")).to_have_text(
            re.compile(rf"^{re.escape(label)} \(rangert av \d+\)$")
        )
        expect(row.locator(".result-row__points")).to_have_text(points)


def open_the_ranking(console: Page) -> None:
    """On screen and open, with no answers yet (another test may have voted on it)."""
    go_to(console, "Dette er kommunesektoren", "Utfordringer for kommunal sektor")
    slide_poll(console, QUESTION, "Vis")
    poll_button(console, "Nullstill")
    expect(console.locator("#console-poll .console-poll__state")).to_have_text("Utkast")
    poll_button(console, "Åpne avstemningen")


def test_two_phones_rank_by_keyboard_only_and_the_projector_shows_the_exact_points(
    open_room: Any,
):
    room = open_room(2)
    console, projector, (first, second) = room.console, room.projector, room.phones
    open_the_ranking(console)
    for phone in (first, second):
        expect(move_button(phone, "up", ECONOMY)).to_be_visible()
        places = phone.locator("select[name=choice]")  # still the form's, out of sight
        expect(places).to_have_count(3)
        for place in places.all():
            expect(place).to_be_hidden()

    # Enter and Space on the buttons alone: each choice's Up gives it the next free place,
    # the focus stays on the button pressed, and every move is said.
    tab_to(first, move_button(first, "up", ECONOMY))
    first.keyboard.press("Enter")
    expect(said(first)).to_have_text(re.compile(f"^{re.escape(ECONOMY)}: {PLACE} 1$"))
    tab_to(first, move_button(first, "up", SKILLS))
    first.keyboard.press(" ")
    expect(said(first)).to_have_text(re.compile(f"^{re.escape(SKILLS)}: {PLACE} 2$"))
    expect(move_button(first, "up", SKILLS)).to_be_focused()
    first.keyboard.press("Enter")  # once more: above the economy
    expect(said(first)).to_have_text(re.compile(f"^{re.escape(SKILLS)}: {PLACE} 1$"))
    tab_to(first, move_button(first, "up", DEMOCRACY))
    first.keyboard.press(" ")
    expect(ranked(first)).to_have_text([SKILLS, ECONOMY, DEMOCRACY])
    tab_to(first, first.get_by_role("button", name="Send svar"))
    first.keyboard.press("Enter")
    expect(first.locator(".vote__confirmation")).to_contain_text(
        f"1. {SKILLS}, 2. {ECONOMY}, 3. {DEMOCRACY}"
    )

    # Down, by Shift+Tab back to it: a choice moved below the last place has none.
    tab_to(second, move_button(second, "up", ECONOMY))
    second.keyboard.press("Enter")
    tab_to(second, move_button(second, "up", CLIMATE))
    second.keyboard.press("Enter")
    tab_to(second, move_button(second, "up", HEALTH))
    second.keyboard.press("Enter")
    expect(ranked(second)).to_have_text([ECONOMY, CLIMATE, HEALTH])
    tab_to(second, move_button(second, "down", CLIMATE), key="Shift+Tab")
    second.keyboard.press("Enter")
    expect(said(second)).to_have_text(re.compile(f"^{re.escape(CLIMATE)}: {PLACE} 3$"))
    expect(move_button(second, "down", CLIMATE)).to_be_focused()
    second.keyboard.press("Enter")
    expect(said(second)).to_have_text(re.compile(f"^{re.escape(CLIMATE)}: {NOT_RANKED}$"))
    expect(move_button(second, "up", CLIMATE)).to_be_focused()  # its Down is gone
    expect(ranked(second)).to_have_text([ECONOMY, HEALTH])
    tab_to(second, second.get_by_role("button", name="Send svar"))
    # A place left free goes over the socket too: no post after the socket's wait here.
    second.evaluate("document.body.dataset.socketAnswerMs = '600000'")
    second.keyboard.press("Enter")
    expect(second.locator(".vote__confirmation")).to_contain_text(f"1. {ECONOMY}, 2. {HEALTH}")

    expect(projector.locator(".poll__answered")).to_have_text(re.compile(r"^2 av \d+ har svart$"))
    expect_points(
        projector,
        [
            (ECONOMY, "5 poeng"),
            (SKILLS, "3 poeng"),
            (HEALTH, "2 poeng"),
            (DEMOCRACY, "1 poeng"),
            (CLIMATE, "0 poeng"),
        ],
    )
    assert room.csp_violations == [[], [], [], []]


def test_one_phone_drags_another_uses_the_keyboard_and_a_changed_answer_starts_in_order(
    open_room: Any, venue_server: VenueServer, new_context: Any
):
    room = open_room(1)
    console, projector, (keyboard,) = room.console, room.projector, room.phones
    finger = new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    ).new_page()
    finger_violations = watch_csp_violations(finger)
    join_on_phone(finger, venue_server)
    wait_until_live(finger)
    audit = Audit(venue_server)
    open_the_ranking(console)
    expect(finger.locator(".ranking[data-ranking-drag]")).to_have_count(1)  # Sortable loaded
    audit.check(finger, "the ranking, nothing placed")

    # A finger: press, hold and slide each choice onto a free place, then one to the top.
    drag_by_touch(
        finger,
        finger.locator("[data-choice]", has_text=HEALTH),
        finger.locator(".ranking__free").first,
    )
    expect(said(finger)).to_have_text(re.compile(f"^{re.escape(HEALTH)}: {PLACE} 1$"))
    drag_by_touch(
        finger,
        finger.locator("[data-choice]", has_text=CLIMATE),
        finger.locator(".ranking__free").first,
    )
    drag_by_touch(
        finger,
        finger.locator("[data-choice]", has_text=DEMOCRACY),
        finger.locator(".ranking__free").first,
    )
    expect(ranked(finger)).to_have_text([HEALTH, CLIMATE, DEMOCRACY])
    drag_by_touch(
        finger,
        finger.locator("[data-choice]", has_text=DEMOCRACY),
        finger.locator("[data-choice]", has_text=HEALTH),
        top=True,
    )
    expect(said(finger)).to_have_text(re.compile(f"^{re.escape(DEMOCRACY)}: {PLACE} 1$"))
    expect(ranked(finger)).to_have_text([DEMOCRACY, HEALTH, CLIMATE])
    audit.check(finger, "the ranking, every place taken")
    finger.get_by_role("button", name="Send svar").click()
    expect(finger.locator(".vote__confirmation")).to_contain_text(
        f"1. {DEMOCRACY}, 2. {HEALTH}, 3. {CLIMATE}"
    )

    # The keyboard alone, on the other phone.
    for choice in (ECONOMY, SKILLS, DEMOCRACY):
        tab_to(keyboard, move_button(keyboard, "up", choice))
        keyboard.keyboard.press("Enter")
    tab_to(keyboard, keyboard.get_by_role("button", name="Send svar"))
    keyboard.keyboard.press("Enter")
    expect(keyboard.locator(".vote__confirmation")).to_contain_text(
        f"1. {ECONOMY}, 2. {SKILLS}, 3. {DEMOCRACY}"
    )

    # The answer changed: the form is drawn again in the stored order, and a mouse drags
    # the economy onto the second place, which pushes the last one out.
    expect(ranked(finger)).to_have_text([DEMOCRACY, HEALTH, CLIMATE])
    audit.check(finger, "the ranking, answered")
    drag_by_mouse(
        finger,
        finger.locator("[data-choice]", has_text=ECONOMY),
        finger.locator("[data-choice]", has_text=HEALTH),
    )
    expect(said(finger)).to_have_text(
        re.compile(f"^{re.escape(ECONOMY)}: {PLACE} 2. {re.escape(CLIMATE)}: {NOT_RANKED}$")
    )
    expect(ranked(finger)).to_have_text([DEMOCRACY, ECONOMY, HEALTH])
    finger.get_by_role("button", name="Endre svaret").click()
    expect(finger.locator(".vote__confirmation")).to_contain_text(
        f"1. {DEMOCRACY}, 2. {ECONOMY}, 3. {HEALTH}"
    )

    expect(projector.locator(".poll__answered")).to_have_text(re.compile(r"^2 av \d+ har svart$"))
    expect_points(
        projector,
        [
            (ECONOMY, "5 poeng"),  # 2 + 3
            (DEMOCRACY, "4 poeng"),  # 3 + 1
            (SKILLS, "2 poeng"),
            (HEALTH, "1 poeng"),
            (CLIMATE, "0 poeng"),
        ],
    )
    assert {screen: found for screen, found in audit.violations.items() if found} == {}
    assert (room.csp_violations, finger_violations) == ([[], [], []], [])


def test_the_surveys_ranking_question_is_put_in_order_and_stays_in_it(open_room: Any):
    room = open_room(1)
    console, projector, (phone,) = room.console, room.projector, room.phones
    go_to(console, "Evaluering")
    slide_survey(console, "open")
    question = phone.locator(".survey__question", has_text=SURVEY_RANKING)
    expect(question.locator("[data-choice]")).to_have_count(3)

    question.get_by_role("button", name=re.compile(f"^{MOVE['up']}: Foredrag$")).click()
    question.get_by_role("button", name=re.compile(f"^{MOVE['up']}: Dilemmaer$")).click()
    question.get_by_role("button", name=re.compile(f"^{MOVE['up']}: Dilemmaer$")).click()
    expect(ranked(question)).to_have_text(["Dilemmaer", "Foredrag"])
    phone.locator(".survey__form button[type=submit]").click()
    expect(phone.locator(".survey__confirmation")).to_be_visible()
    stored = phone.locator(".survey__question", has_text=SURVEY_RANKING)
    expect(stored.locator(".survey__stored")).to_have_text("Lagret: 1. Dilemmaer, 2. Foredrag")
    expect(ranked(stored)).to_have_text(["Dilemmaer", "Foredrag"])

    survey_button(console, "show-results")
    results = projector.locator(".survey-results__question", has_text=SURVEY_RANKING)
    expect(results.locator(".result-row")).to_have_count(3)
    expect_points(
        results,
        [
            ("Dilemmaer", "2 poeng"),
            ("Foredrag", "1 poeng"),
            ("Gruppeoppgaver", "0 poeng"),
        ],
    )
    assert room.csp_violations == [[], [], []]
