"""A traffic-light dilemma in real browsers: the room votes, the facilitator reveals."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, join_on_phone, log_in, wait_until_live

pytestmark = pytest.mark.e2e


def result_counts(page: Page) -> list[tuple[str, str]]:
    labels = [text.strip() for text in page.locator(".result-row__label").all_inner_texts()]
    counts = page.locator(".result-row__count").all_inner_texts()
    return list(zip(labels, counts, strict=True))


def test_the_room_votes_on_del_1_and_sees_the_result_when_revealed(open_room):
    room = open_room(phones=5)
    console, projector, phones, violations = (
        room.console,
        room.projector,
        room.phones,
        room.csp_violations,
    )

    console.get_by_role("button", name=re.compile("Rødt eller grønt lys\\?$")).click()
    expect(console.locator("#console-current .slide__title")).to_have_text(
        "Habilitet Etikk Sosiale medier"
    )
    console.keyboard.press("ArrowRight")
    expect(console.locator("#console-current .slide__title")).to_have_text(
        "Rødt eller grønt lys? Del 1"
    )
    console.locator(".slide-polls").get_by_role("button", name="Åpne avstemningen").click()

    expect(projector.locator(".poll__series")).to_have_text("Rødt eller grønt lys? · Del 1")
    # Big targets on a phone: each choice is a framed row at least 44 px high.
    expect(phones[0].locator(".vote__choice").first).to_be_visible()
    choice = phones[0].locator(".vote__choice").first
    assert choice.bounding_box()["height"] >= 44
    assert choice.evaluate("row => getComputedStyle(row).borderTopWidth") == "2px"
    for phone, light in zip(phones, ["Rødt", "Rødt", "Rødt", "Grønt", "Usikker"], strict=True):
        expect(phone.locator(".poll__series")).to_have_text("Rødt eller grønt lys? · Del 1")
        phone.get_by_role("radio", name=re.compile(f"^{light}")).check()
        phone.get_by_role("button", name="Send svar").click()
        expect(phone.locator(".vote__confirmation")).to_contain_text("Svaret ditt er lagret:")

    expect(projector.locator(".poll__answered")).to_have_text("5 av 5 har svart")
    assert projector.locator(".result-row").count() == 0
    assert phones[0].locator(".result-row").count() == 0

    console.get_by_role("button", name="Vis resultatet").click()

    expect(projector.locator(".result-row")).to_have_count(3)
    assert result_counts(projector) == [
        ("Grønt lys: greit", "1"),
        ("Usikker", "1"),
        ("Rødt lys: ikke greit", "3"),
    ]

    console.keyboard.press("ArrowRight")
    expect(console.locator("#console-current .slide__title")).to_have_text(
        "Rødt eller grønt lys? Del 2"
    )
    console.locator(".slide-polls").get_by_role("button", name="Åpne avstemningen").click()

    for phone in phones:
        expect(phone.locator(".poll__series")).to_have_text("Rødt eller grønt lys? · Del 2")
        expect(phone.get_by_role("button", name="Send svar")).to_be_visible()
    assert violations == [[]] * 7


def test_a_screen_update_keeps_what_a_phone_has_chosen_but_not_sent(
    venue_server: VenueServer, new_context
):
    console = new_context().new_page()
    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    join_on_phone(phone, venue_server)
    wait_until_live(console)
    wait_until_live(phone)
    expect(phone.locator(".poll__series")).to_have_text("Rødt eller grønt lys? · Del 2")
    phone.get_by_role("radio", name=re.compile("^Grønt")).check()
    revision = phone.locator("#phone-screen").get_attribute("data-revision")

    console.keyboard.press("q")  # the join banner: a new screen for every phone

    expect(phone.locator("#phone-screen")).not_to_have_attribute("data-revision", revision)
    expect(phone.get_by_role("radio", name=re.compile("^Grønt"))).to_be_checked()
