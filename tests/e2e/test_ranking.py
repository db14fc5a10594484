"""A ranking poll in real browsers: phones put the sector's challenges in order by
keyboard only, and the projector's Borda points are exact."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import go_to, slide_poll

pytestmark = pytest.mark.e2e

QUESTION = "Hvilke tre utfordringer bør vår kommune ta først?"


def rank_by_keyboard(phone: Page, poll_places: list[int]) -> None:
    """Each place chosen with the arrow keys alone (the list starts at "Ikke valgt"; the
    n-th choice is n presses down), Tab to the next place, Enter on the button."""
    phone.locator("select[name=choice]").first.focus()
    for place, choice_number in enumerate(poll_places):
        if place:
            phone.keyboard.press("Tab")
        for _press in range(choice_number):
            phone.keyboard.press("ArrowDown")
    for _place_left in range(phone.locator("select[name=choice]").count() - len(poll_places)):
        phone.keyboard.press("Tab")  # past a place left empty
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name="Send svar")).to_be_focused()
    phone.keyboard.press("Enter")


def points(projector: Page) -> list[tuple[str, str]]:
    rows = projector.locator(".result-table--ranking tbody tr")
    return [
        (
            re.sub(r"\s+\(rangert av \d+\)$", "", row.locator("th").inner_text()).strip(),
            row.locator(".result-row__points").inner_text(),
        )
        for row in rows.all()
    ]


def test_two_phones_rank_by_keyboard_and_the_projector_shows_the_exact_points(open_room: Any):
    room = open_room(2)
    console, projector, (first, second) = room.console, room.projector, room.phones
    go_to(console, "Dette er kommunesektoren", "Utfordringer for kommunal sektor")
    slide_poll(console, QUESTION, "Åpne avstemningen")
    expect(first.get_by_text("Plass 1", exact=True)).to_be_visible()
    expect(second.get_by_text("Plass 1", exact=True)).to_be_visible()

    rank_by_keyboard(first, [2, 1, 3])  # kompetanse, økonomi, demokratiet
    expect(first.locator(".vote__confirmation")).to_contain_text(
        "1. Mangel på kompetanse og arbeidskraft, 2. Trangere økonomi krever tøffere "
        "prioriteringer, 3. Demokratiet under press"
    )
    rank_by_keyboard(second, [1, 5])  # økonomi, helse; the third place left empty
    expect(second.locator(".vote__confirmation")).to_contain_text(
        "1. Trangere økonomi krever tøffere prioriteringer, 2. Økt helse- og omsorgsbehov"
    )

    expect(projector.locator(".poll__answered")).to_have_text("2 av 2 har svart")
    assert points(projector)[:5] == [
        ("Trangere økonomi krever tøffere prioriteringer", "5 poeng"),
        ("Mangel på kompetanse og arbeidskraft", "3 poeng"),
        ("Økt helse- og omsorgsbehov", "2 poeng"),
        ("Demokratiet under press", "1 poeng"),
        ("Kort tid på å kutte klimautslipp og sikre naturmangfold", "0 poeng"),
    ]
    assert room.csp_violations == [[], [], [], []]
