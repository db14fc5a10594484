"""Group exercises in real browsers: tables write on their sheets, build towers and fill in
business cards, and the projector follows."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import VenueServer, log_in, wait_until_live, watch_csp_violations

pytestmark = pytest.mark.e2e

BRAINSTORM = "Hva risikerer vi som kommune?"
BRAINSTORM_SLIDE = "Hva risikerer vi som kommune hvis vi ikke planlegger godt for framtiden?"
PAPER_TOWER = "Papirtårn"
BUSINESS_CARD = "Visittkort"


def join_at_table(page: Page, server: VenueServer, table: str) -> None:
    page.goto(server.url(server.demo["urls"]["join"]))
    page.get_by_label("Bordet ditt").select_option(label=table)
    page.get_by_label("Folkevalgt").check()
    page.get_by_role("button", name="Bli med").click()
    expect(page.locator("#phone-screen")).to_be_visible()


def go_to_agenda_item(console: Page, item: str, slide: str) -> None:
    agenda = console.locator("#console-agenda")
    agenda.get_by_role("button", name=re.compile(re.escape(item) + "$")).click()
    expect(console.locator("#console-current .slide__title")).to_have_text(slide)


def show_and_open(console: Page, projector: Page, exercise: str) -> None:
    """The facilitator puts the slide's exercise on the projector, then opens it."""
    on_slide = console.get_by_role("region", name="Oppgaver på dette lysbildet")
    row = on_slide.get_by_role("listitem").filter(has_text=exercise)
    row.get_by_role("button", name="Vis", exact=True).click()
    expect(projector.locator("#exercise-title")).to_have_text(exercise)
    expect(console.locator("#console-exercise .console-poll__question")).to_contain_text(exercise)
    row.get_by_role("button", name="Åpne for svar", exact=True).click()
    expect(console.locator("#console-exercise .console-poll__state")).to_have_text("Åpen")


def table_sheet(projector: Page, table: str) -> Locator:
    return projector.get_by_role("article", name=table, exact=True)


def group_sheet(phone: Page) -> Locator:
    return phone.get_by_role("region", name="Gruppens ark")


def moderation_row(console: Page, text: str) -> Locator:
    written = console.get_by_role("region", name="Det salen har skrevet")
    return written.get_by_role("listitem").filter(has_text=text)


def add_to_flipover(phone: Page, answer: str) -> None:
    field = phone.get_by_label("Gruppens svar")
    field.fill(answer)
    phone.get_by_role("button", name="Legg til", exact=True).click()
    expect(field).to_have_value("")  # the phone's own answer: an emptied form
    expect(phone.locator(".entry__saved")).to_have_text("Lagt til på gruppens ark.")


def tower_photo(path: Path, colour: str) -> Path:
    Image.new("RGB", (60, 90), colour).save(path, format="JPEG")
    return path


def send_tower(phone: Page, height: str, photo: Path) -> None:
    phone.get_by_label("Tårnets høyde i cm").fill(height)
    phone.get_by_label("Bilde av tårnet (valgfritt)").set_input_files(photo)
    phone.get_by_role("button", name="Send lagets høyde").click()
    expect(phone.locator(".entry__saved")).to_have_text("Lagets høyde er lagret.")


def draw_a_zigzag(phone: Page) -> None:
    canvas = phone.locator("canvas[data-drawing-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    left, top, width, height = box["x"], box["y"], box["width"], box["height"]
    phone.mouse.move(left + width * 0.1, top + height * 0.5)
    phone.mouse.down()
    for step in range(1, 9):
        y = 0.2 if step % 2 else 0.8
        phone.mouse.move(left + width * (0.1 + step * 0.1), top + height * y, steps=5)
    phone.mouse.up()
    wait_until_the_drawing_is_in_the_form(phone)


def wait_until_the_drawing_is_in_the_form(phone: Page) -> None:
    """The canvas becomes a PNG in the form's file field once the stroke ends: a callback,
    so the test waits for it. (wait_for_function evaluates a string: the CSP forbids it.)"""
    files = phone.locator("[data-drawing-input]").evaluate(
        """input => new Promise((resolve, reject) => {
            const started = performance.now();
            (function check() {
                if (input.files.length) resolve(input.files.length);
                else if (performance.now() - started > 5000) reject(new Error("no drawing"));
                else requestAnimationFrame(check);
            })();
        })"""
    )
    assert files == 1


def expect_loaded(image: Locator) -> None:
    expect(image).to_be_visible()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0


def dark_pixels(server: VenueServer, page: Page, image: Locator) -> int:
    """How much of a stored picture is ink, fetched as the page fetched it."""
    stored = page.request.get(server.url(image.get_attribute("src")))
    assert stored.ok
    grey = Image.open(io.BytesIO(stored.body())).convert("L")
    return sum(grey.histogram()[:128])


def test_tables_brainstorm_build_towers_and_make_business_cards(
    venue_server: VenueServer, new_context, tmp_path: Path
):
    console = new_context().new_page()
    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    phone_1, phone_2 = (
        new_context(viewport={"width": 390, "height": 844}).new_page() for _ in range(2)
    )
    pages = [console, projector, phone_1, phone_2]
    violations = [watch_csp_violations(page) for page in pages]
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    join_at_table(phone_1, venue_server, "Bord 1")
    join_at_table(phone_2, venue_server, "Bord 2")
    for page in pages:
        wait_until_live(page)

    # 1. The brainstorm: each table's answers on its own sheet.
    go_to_agenda_item(console, f"Gruppeoppgave: {BRAINSTORM}", BRAINSTORM_SLIDE)
    show_and_open(console, projector, BRAINSTORM)
    for phone, table in ((phone_1, "Bord 1"), (phone_2, "Bord 2")):
        expect(phone.locator("#phone-exercise-title")).to_have_text(BRAINSTORM)
        expect(phone.get_by_role("heading", name=f"Din gruppe: {table}")).to_be_visible()
    bord_1 = ["Forfall på skoler og veier", "Tomme lokaler i sentrum"]
    bord_2 = ["Færre unge flytter hit", "Mangel på sykepleiere", "Dyre hastetiltak"]
    for answer in bord_1:
        add_to_flipover(phone_1, answer)
    for answer in bord_2:
        add_to_flipover(phone_2, answer)

    expect(table_sheet(projector, "Bord 1").get_by_role("listitem")).to_have_text(bord_1)
    expect(table_sheet(projector, "Bord 2").get_by_role("listitem")).to_have_text(bord_2)
    expect(group_sheet(phone_1).get_by_role("listitem")).to_have_text(bord_1)
    expect(group_sheet(phone_2).get_by_role("listitem")).to_have_text(bord_2)

    # 2. The facilitator hides one answer: gone from the projector, the rest stay.
    hidden = bord_2[1]
    row = moderation_row(console, hidden)
    row.get_by_role("button", name="Skjul").click()

    expect(table_sheet(projector, "Bord 2").get_by_role("listitem")).to_have_text(
        [bord_2[0], bord_2[2]]
    )
    expect(table_sheet(projector, "Bord 1").get_by_role("listitem")).to_have_text(bord_1)
    expect(group_sheet(phone_2).get_by_role("listitem")).to_have_text([bord_2[0], bord_2[2]])
    expect(row).to_contain_text("(skjult)")
    expect(row.get_by_role("button", name="Vis")).to_be_visible()

    # 3. The paper tower contest: at the reveal the tallest tower first, each with its photo.
    go_to_agenda_item(
        console,
        "Papirtårn: En oppgave om planlegging og samspill",
        "En oppgave om planlegging og samspill.",
    )
    show_and_open(console, projector, PAPER_TOWER)
    send_tower(phone_1, "120", tower_photo(tmp_path / "bord-1.jpg", "tan"))
    send_tower(phone_2, "143,5", tower_photo(tmp_path / "bord-2.jpg", "steelblue"))

    expect(projector.locator(".contest-teams__sent")).to_have_count(2)
    expect(projector.locator(".projector-exercise")).not_to_contain_text("143,5")
    console.locator("#console-exercise").get_by_role("button", name="Vis fram").click()
    standings = projector.get_by_role("list", name="Resultatliste").get_by_role("listitem")
    expect(standings).to_have_count(2)
    expect(standings.nth(0)).to_contain_text(re.compile(r"1\.\s*Bord 2\s*143,5 cm"))
    expect(standings.nth(1)).to_contain_text(re.compile(r"2\.\s*Bord 1\s*120 cm"))
    expect_loaded(standings.nth(0).get_by_role("img", name="Tårnet til Bord 2"))
    expect_loaded(standings.nth(1).get_by_role("img", name="Tårnet til Bord 1"))

    # 4. The business card: a name and a drawing, in the projector's gallery.
    go_to_agenda_item(console, BUSINESS_CARD, BUSINESS_CARD)
    show_and_open(console, projector, BUSINESS_CARD)
    phone_1.get_by_label("Navn", exact=True).fill("Kari Nordmann")
    draw_a_zigzag(phone_1)
    phone_1.get_by_role("button", name="Lagre kortet mitt").click()
    expect(phone_1.locator(".entry__saved")).to_have_text("Visittkortet ditt er lagret.")

    card = projector.get_by_role("list", name="Visittkort").get_by_role("listitem")
    expect(card).to_have_count(1)
    expect(card.locator(".gallery__name")).to_have_text("Kari Nordmann")
    drawing = card.locator("img.gallery__drawing")
    expect_loaded(drawing)
    assert dark_pixels(venue_server, projector, drawing) > 500  # the zigzag, not a blank page

    assert violations == [[]] * 4


def test_a_half_written_answer_survives_the_rooms_updates_and_a_phone_without_a_table_joins_one(
    venue_server: VenueServer, new_context
):
    console = new_context().new_page()
    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    phone, undecided = (
        new_context(viewport={"width": 390, "height": 844}).new_page() for _ in range(2)
    )
    pages = [console, projector, phone, undecided]
    violations = [watch_csp_violations(page) for page in pages]
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    join_at_table(phone, venue_server, "Bord 3")
    undecided.goto(venue_server.url(venue_server.demo["urls"]["join"]))
    undecided.get_by_label("Administrasjon").check()
    undecided.get_by_role("button", name="Bli med").click()
    for page in pages:
        wait_until_live(page)
    go_to_agenda_item(console, f"Gruppeoppgave: {BRAINSTORM}", BRAINSTORM_SLIDE)
    show_and_open(console, projector, BRAINSTORM)

    answer = phone.get_by_label("Gruppens svar")
    answer.fill("Et halvskrevet svar")
    revision = phone.locator("#phone-screen").get_attribute("data-revision") or ""
    console.locator("#console-exercise").get_by_role("button", name="Neste gruppe").click()
    expect(phone.locator("#phone-screen")).not_to_have_attribute("data-revision", revision)
    expect(answer).to_have_value("Et halvskrevet svar")
    console.locator("#console-exercise").get_by_role("button", name="Alle gruppene").click()
    expect(table_sheet(projector, "Bord 4")).to_be_visible()
    expect(answer).to_have_value("Et halvskrevet svar")

    undecided.get_by_label("Bord 4").check()
    undecided.get_by_role("button", name="Bli med i gruppen").click()
    expect(undecided.get_by_role("heading", name="Din gruppe: Bord 4")).to_be_visible()
    wait_until_live(undecided)
    add_to_flipover(undecided, "Svar fra Bord 4")
    expect(table_sheet(projector, "Bord 4")).to_contain_text("Svar fra Bord 4")
    assert violations == [[], [], [], []]


def test_an_answer_whose_reply_was_lost_is_sent_again_and_stored_once(
    venue_server: VenueServer, new_context
):
    console = new_context().new_page()
    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    no_socket = new_context(viewport={"width": 390, "height": 844})
    # A phone with its socket open sends the answer over it (tests/e2e/test_socket_votes.py):
    # this one posts, as a phone on a network that blocks websockets does.
    no_socket.route_web_socket(re.compile(r".*/ws/.*"), lambda socket: socket.close())
    phone = no_socket.new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    join_at_table(phone, venue_server, "Bord 5")
    for page in (console, projector):
        wait_until_live(page)
    expect(phone.locator("body")).to_have_attribute("data-live", "polling")
    go_to_agenda_item(console, f"Gruppeoppgave: {BRAINSTORM}", BRAINSTORM_SLIDE)
    show_and_open(console, projector, BRAINSTORM)
    console.locator("#console-exercise").get_by_role("button", name="Alle gruppene").click()

    lost: list[str] = []

    def reply_lost_once(route: Any) -> None:
        if lost:
            route.continue_()
            return
        route.fetch()  # the server gets it and stores it...
        lost.append(route.request.url)
        route.abort()  # ...but the answer never reaches the phone

    phone.route(re.compile(r"/exercises/\d+/$"), reply_lost_once)
    phone.get_by_label("Gruppens svar").fill("Tapt svar som kom fram")
    phone.get_by_role("button", name="Legg til").click()
    expect(phone.locator(".unsent")).to_have_text(
        "Ikke sendt ennå: ingen forbindelse. Det sendes så snart forbindelsen er tilbake."
    )
    expect(phone.locator(".entry__saved")).to_have_text("Lagt til på gruppens ark.", timeout=10_000)

    sheet = table_sheet(projector, "Bord 5")
    expect(sheet).to_contain_text("Tapt svar som kom fram")
    expect(sheet.get_by_text("Tapt svar som kom fram")).to_have_count(1)
    assert len(lost) == 1
