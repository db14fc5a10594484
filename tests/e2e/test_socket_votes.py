"""Votes and notes in real browsers: over the phone's open socket, and by HTTP when it
has none or the socket does not answer."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, join_on_phone, log_in, wait_until_live
from tests.e2e.test_accessibility import go_to, slide_poll
from tests.e2e.test_exercises import (
    BRAINSTORM,
    BRAINSTORM_SLIDE,
    add_to_flipover,
    go_to_agenda_item,
    join_at_table,
    show_and_open,
    table_sheet,
)

pytestmark = pytest.mark.e2e


def open_del_1(console: Page) -> None:
    console.get_by_role("button", name=re.compile("Rødt eller grønt lys\\?$")).click()
    expect(console.locator("#console-current .slide__title")).to_have_text(
        "Habilitet Etikk Sosiale medier"
    )
    console.keyboard.press("ArrowRight")
    expect(console.locator("#console-current .slide__title")).to_have_text(
        "Rødt eller grønt lys? Del 1"
    )
    console.locator(".slide-polls").get_by_role("button", name="Åpne avstemningen").first.click()


def answered(projector: Page) -> int:
    expect(projector.locator(".poll__series")).to_have_text("Rødt eller grønt lys? · Del 1")
    return int(projector.locator(".poll__answered").inner_text().split()[0])


def vote_posts(page: Page) -> list[str]:
    """The body of every vote the page posts by HTTP."""
    posts: list[str] = []
    page.on(
        "request",
        lambda request: (
            posts.append(request.post_data or "")
            if request.method == "POST" and request.url.endswith("/vote/")
            else None
        ),
    )
    return posts


def patient(phone: Page) -> None:
    """The phone waits long for its socket's answer before posting instead: on a busy test
    machine an answer may take more than the 4 s a phone waits, and these tests count posts."""
    phone.evaluate("document.body.dataset.socketAnswerMs = '60000'")


def vote(phone: Page, light: str, *, timeout: float = 15000) -> None:
    phone.get_by_role("radio", name=re.compile(f"^{light}")).check()
    phone.locator(".vote button[type=submit]").click()
    expect(phone.locator(".vote__confirmation")).to_contain_text(light, timeout=timeout)


def test_a_phone_votes_over_its_open_socket_and_the_projector_counts_it(open_room):
    room = open_room(phones=1)
    console, projector, phone = room.console, room.projector, room.phones[0]
    patient(phone)
    posts = vote_posts(phone)
    open_del_1(console)
    before = answered(projector)

    vote(phone, "Grønt")

    expect(phone.locator(".vote__confirmation")).to_have_text(
        "Svaret ditt er lagret: Grønt lys: greit"
    )
    expect(projector.locator(".poll__answered")).to_have_text(re.compile(f"^{before + 1} av"))

    vote(phone, "Rødt")  # a changed answer: a new form, a new client id

    expect(phone.get_by_role("button", name="Endre svaret")).to_be_visible()
    assert posts == []
    expect(projector.locator(".poll__answered")).to_have_text(re.compile(f"^{before + 1} av"))
    assert room.csp_violations == [[], [], []]


def test_a_phone_whose_websockets_are_blocked_votes_over_http_once(
    venue_server: VenueServer, new_context: Any
):
    console = new_context().new_page()
    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    blocked = new_context(viewport={"width": 390, "height": 844})
    blocked.route_web_socket(re.compile(r".*/ws/.*"), lambda socket: socket.close())
    phone = blocked.new_page()
    posts = vote_posts(phone)
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    wait_until_live(console)
    wait_until_live(projector)
    open_del_1(console)
    before = answered(projector)
    join_on_phone(phone, venue_server)
    expect(phone.locator("body")).to_have_attribute("data-live", "polling")

    vote(phone, "Usikker")

    expect(projector.locator(".poll__answered")).to_have_text(re.compile(f"^{before + 1} av"))
    assert len(posts) == 1


def test_a_vote_the_socket_never_answers_is_posted_with_the_same_id_and_stored_once(
    venue_server: VenueServer, new_context: Any
):
    console = new_context().new_page()
    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    lossy = new_context(viewport={"width": 390, "height": 844})
    swallowed: list[str] = []

    def lose_votes(socket: Any) -> None:
        server = socket.connect_to_server()

        def forward(message: str | bytes) -> None:
            if isinstance(message, str) and '"type":"vote"' in message:
                swallowed.append(message)  # as if the connection dropped it
            else:
                server.send(message)

        socket.on_message(forward)

    lossy.route_web_socket(re.compile(r".*/ws/.*"), lose_votes)
    phone = lossy.new_page()
    posts = vote_posts(phone)
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    wait_until_live(console)
    wait_until_live(projector)
    open_del_1(console)
    before = answered(projector)
    join_on_phone(phone, venue_server)
    wait_until_live(phone)

    vote(phone, "Grønt", timeout=10_000)  # answered by the POST once the socket kept quiet

    expect(projector.locator(".poll__answered")).to_have_text(re.compile(f"^{before + 1} av"))
    assert len(swallowed) == 1
    client_id = re.search(r'"client_id":"([0-9a-f-]{36})"', swallowed[0])
    assert client_id is not None
    assert len(posts) == 1
    assert f"client_id={client_id.group(1)}" in posts[0]


def test_a_tables_note_goes_over_the_socket_and_reaches_the_projectors_sheet(
    venue_server: VenueServer, new_context: Any
):
    console = new_context().new_page()
    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    posts: list[str] = []
    phone.on(
        "request",
        lambda request: posts.append(request.url) if request.method == "POST" else None,
    )
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    join_at_table(phone, venue_server, "Bord 3")
    for page in (console, projector, phone):
        wait_until_live(page)
    patient(phone)
    go_to_agenda_item(console, f"Gruppeoppgave: {BRAINSTORM}", BRAINSTORM_SLIDE)
    show_and_open(console, projector, BRAINSTORM)
    console.locator("#console-exercise").get_by_role("button", name="Alle gruppene").click()
    joined = list(posts)

    add_to_flipover(phone, "Sendt over sokkelen")

    expect(table_sheet(projector, "Bord 3").get_by_text("Sendt over sokkelen")).to_have_count(1)
    assert posts == joined  # nothing posted since the phone joined


def test_a_refused_vote_over_the_socket_says_why_and_keeps_every_choice(open_room):
    room = open_room(phones=1)
    console, phone = room.console, room.phones[0]
    patient(phone)
    posts = vote_posts(phone)
    question = "Hva er egentlig kommunepolitikk?"
    go_to(console, "Dette er kommunesektoren", question)
    slide_poll(console, question, "Åpne avstemningen")
    boxes = phone.get_by_role("checkbox")
    for box in range(4):
        boxes.nth(box).check()

    phone.get_by_role("button", name="Send svar").click()

    expect(phone.get_by_role("alert")).to_have_text("Velg høyst 3 svar.")
    expect(phone.get_by_role("checkbox", checked=True)).to_have_count(4)
    boxes.nth(3).uncheck()
    phone.get_by_role("button", name="Send svar").click()
    expect(phone.locator(".vote__confirmation")).to_contain_text("Svaret ditt er lagret:")
    expect(phone.get_by_role("checkbox", checked=True)).to_have_count(3)
    assert posts == []
