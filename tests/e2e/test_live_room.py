"""The live room in real browsers: a console, a projector and three phones."""

import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, join_on_phone, log_in, wait_until_live
from tests.e2e.test_accessibility import go_to, poll_button, slide_poll

pytestmark = pytest.mark.e2e


def timer_texts(pages: list[Page]) -> list[str]:
    return [page.locator("#timer [data-timer-clock]").inner_text() for page in pages]


def test_the_console_drives_projector_and_phones(open_room):
    room = open_room(phones=3)
    console, projector, phones, screens = room.console, room.projector, room.phones, room.screens
    violations = room.csp_violations
    for page in [console, *screens]:
        page.evaluate("window.notReloaded = true")
    expect(console.locator("#console-connected")).to_have_text("3 telefoner tilkoblet")

    start = projector.locator(".slide__title").inner_text()
    console.keyboard.press("PageDown")

    expect(projector.locator(".slide__title")).not_to_have_text(start, timeout=1000)
    now_showing = projector.locator(".slide__title").inner_text()
    for phone in phones:
        expect(phone.locator(".phone-slide__title")).to_have_text(now_showing, timeout=1000)
    expect(console.locator("#console-current .slide__title")).to_have_text(now_showing)
    assert [page.evaluate("window.notReloaded") for page in [console, *screens]] == [True] * 5

    console.get_by_role("button", name="10 min", exact=True).click()
    for page in [console, *screens]:
        expect(page.locator("#timer")).to_be_visible()
    texts = timer_texts([console, *screens])
    if len(set(texts)) > 1:  # read across a second boundary: read once more
        texts = timer_texts([console, *screens])
    assert len(set(texts)) == 1
    assert re.fullmatch(r"(10:00|9:5\d)", texts[0])

    assert violations == [[]] * 5


def test_a_reloaded_phone_is_the_same_participant(venue_server: VenueServer, new_context):
    console = new_context().new_page()
    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    wait_until_live(console)
    joined = console.locator("#console-joined")
    before = int(joined.inner_text().split()[0])
    join_on_phone(phone, venue_server)
    expect(joined).to_have_text(f"{before + 1} har blitt med")

    phone.reload()

    expect(phone.locator("#phone-screen")).to_be_visible()
    wait_until_live(phone)
    expect(phone.get_by_role("button", name="Bli med")).to_have_count(0)
    console.reload()
    expect(console.locator("#console-joined")).to_have_text(f"{before + 1} har blitt med")


def test_q_shows_the_join_banner_with_a_qr_code_of_the_join_url(
    venue_server: VenueServer, new_context
):
    console = new_context().new_page()
    projector = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    wait_until_live(console)
    wait_until_live(projector)
    if projector.locator(".slide--join").count():  # the join slide has no banner beside it
        console.keyboard.press("ArrowRight")
        expect(projector.locator(".slide--join")).to_have_count(0)
    banner = projector.locator(".join-banner")
    if banner.count():  # the demo starts with the banner up: take it down first
        console.keyboard.press("q")
        expect(banner).to_have_count(0, timeout=1000)

    console.keyboard.press("q")

    expect(banner).to_be_visible(timeout=1000)
    picture = Image.open(io.BytesIO(projector.locator(".join-banner__qr").screenshot()))
    decoded = [result.text for result in zxingcpp.read_barcodes(picture)]
    join_url = venue_server.url(venue_server.demo["urls"]["join"])
    assert decoded == [join_url]
    assert banner.locator(".join-code").inner_text() == venue_server.demo["seminar"]["join_code"]


def test_b_blanks_the_projector_and_the_next_slide_brings_it_back(
    venue_server: VenueServer, new_context
):
    console = new_context().new_page()
    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    wait_until_live(console)
    wait_until_live(projector)

    console.keyboard.press("b")

    expect(projector.locator(".projector__blank")).to_be_visible(timeout=1000)
    expect(projector.locator(".slide")).to_have_count(0)
    console.keyboard.press("ArrowRight")
    expect(projector.locator(".slide")).to_be_visible(timeout=1000)


def test_time_up_shows_on_projector_and_phones(venue_server: VenueServer, new_context):
    console = new_context().new_page()
    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    join_on_phone(phone, venue_server)
    for page in (console, projector, phone):
        wait_until_live(page)

    console.get_by_label("Minutter").fill("0.05")  # three seconds
    console.get_by_role("button", name="Start", exact=True).click()

    for page in (projector, phone):
        expect(page.locator("#timer [data-timer-done]")).to_have_text("Tiden er ute", timeout=6000)
        expect(page.locator("#timer [data-timer-clock]")).to_have_text("0:00")


def test_a_refused_console_action_is_explained_on_the_console(
    venue_server: VenueServer, new_context
):
    console = new_context().new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    wait_until_live(console)

    console.get_by_label("Minutter").evaluate("field => field.removeAttribute('min')")
    console.get_by_label("Minutter").fill("-2")
    console.get_by_role("button", name="Start", exact=True).click()

    expect(console.locator("#console-message")).to_have_text(
        "Gi tidtakeren en lengde i minutter, fra 0,05 (3 sekunder) til 480."
    )


def test_a_screen_without_websockets_follows_by_polling(venue_server: VenueServer, new_context):
    console = new_context().new_page()
    blocked = new_context(viewport={"width": 390, "height": 844})
    blocked.route_web_socket(re.compile(r".*/ws/.*"), lambda socket: socket.close())
    phone = blocked.new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    wait_until_live(console)
    join_on_phone(phone, venue_server)
    expect(phone.locator("body")).to_have_attribute("data-live", "polling")
    before = phone.locator(".phone-slide__title, .phone__waiting").first.inner_text()

    console.keyboard.press("ArrowRight")

    expect(console.locator("#console-current .slide__title")).not_to_have_text(before)
    now_showing = console.locator("#console-current .slide__title").inner_text()
    expect(phone.locator(".phone-slide__title")).to_have_text(now_showing, timeout=5000)


def test_a_polls_timer_ends_with_the_poll_unless_kept_running(open_room):
    room = open_room(phones=1)
    console, projector, phone = room.console, room.projector, room.phones[0]
    question = "Hva er egentlig kommunepolitikk?"
    go_to(console, "Dette er kommunesektoren", question)
    slide_poll(console, question, "Åpne avstemningen")
    expect(phone.get_by_role("button", name="Send svar")).to_be_visible()

    console.get_by_role("button", name="10 min", exact=True).click()
    for page in (console, projector, phone):
        expect(page.locator("#timer")).to_be_visible()
    expect(console.locator(".console-timer__for")).to_contain_text(question)
    poll_button(console, "Steng avstemningen")
    expect(phone.locator(".poll__closed")).to_be_visible()
    for page in (console, projector, phone):
        expect(page.locator("#timer")).to_be_hidden()

    poll_button(console, "Åpne avstemningen")
    expect(phone.get_by_role("button", name="Send svar")).to_be_visible()
    console.get_by_role("button", name="10 min", exact=True).click()
    expect(projector.locator("#timer")).to_be_visible()
    with console.expect_response(lambda response: "/timer-keep/" in response.url):
        console.locator("#timer-keep").check()
    poll_button(console, "Steng avstemningen")
    expect(phone.locator(".poll__closed")).to_be_visible()
    for page in (console, projector, phone):
        expect(page.locator("#timer")).to_be_visible()
    expect(console.locator("#timer-keep")).to_be_checked()
    assert room.csp_violations == [[], [], []]


def test_a_late_answer_with_an_older_screen_does_not_undo_a_newer_one(open_room):
    """A catch-up GET rendered before the last change, landing after the socket's newer
    screen (a slow server), leaves the newer screen where it is."""
    room = open_room(phones=1)
    console, projector = room.console, room.projector
    screen_url = console.evaluate("document.body.dataset.screenUrl")
    older = console.evaluate("url => fetch(url).then(answer => answer.text())", screen_url)
    start = console.locator("#console-current .slide__title").inner_text()

    console.keyboard.press("PageDown")
    expect(projector.locator(".slide__title")).not_to_have_text(start)
    now_showing = projector.locator(".slide__title").inner_text()
    expect(console.locator("#console-current .slide__title")).to_have_text(now_showing)

    console.route(f"**{screen_url}", lambda route: route.fulfill(body=older))
    with console.expect_response(f"**{screen_url}") as answer:
        console.evaluate(
            "url => htmx.ajax('GET', url, {target: document.body, swap: 'none'})", screen_url
        )
    assert answer.value.text() == older

    # htmx.ajax's promise settles once the answer is swapped (or refused): no waiting.
    assert console.locator("#console-current .slide__title").inner_text() == now_showing
    expect(projector.locator(".slide__title")).to_have_text(now_showing)


def test_an_older_panel_is_left_out_and_the_rest_of_its_message_swapped_in(open_room):
    """A console message may hold a panel rendered before the last vote beside what is new
    (a waiting list, a message line): only the older panel is left out."""
    room = open_room(phones=1)
    console = room.console
    panel = console.locator("#console-poll")
    revision = panel.get_attribute("data-revision")
    shown = int(panel.get_attribute("data-results") or 0)
    before = panel.inner_html()

    def swap(results: int, text: str, line: str) -> None:
        html = (
            f'<div id="console-poll" hx-swap-oob="true" data-revision="{revision}" '
            f'data-results="{results}">{text}</div>'
            f'<p id="console-message" hx-swap-oob="true">{line}</p>'
        )
        console.evaluate("html => htmx.swap(document.body, html, {swapStyle: 'none'})", html)

    swap(shown - 1, "Eldre tall", "Ny linje")
    assert (panel.inner_html(), console.locator("#console-message").inner_text()) == (
        before,
        "Ny linje",
    )
    swap(shown + 1, "Nyere tall", "Enda en linje")
    assert (panel.inner_text(), console.locator("#console-message").inner_text()) == (
        "Nyere tall",
        "Enda en linje",
    )
