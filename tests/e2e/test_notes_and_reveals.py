"""Sorting sticky notes on the console (by mouse and by keyboard), the wall across the
projector's width, the tower contest's reveal, a card full screen, and the phone's role."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import VenueServer, drag, log_in, wait_until_live, watch_csp_violations
from tests.e2e.test_exercises import (
    BUSINESS_CARD,
    PAPER_TOWER,
    go_to_agenda_item,
    join_at_table,
    send_tower,
    show_and_open,
    tower_photo,
)

pytestmark = pytest.mark.e2e

NOTES = "Gule lapper: Når jeg tenker på dag 1"
NOTES_SLIDE = "Når jeg tenker på dag 1: hva ble jeg mest opptatt av / hva lærte jeg?"
LONG = "Kommuneplanarbeidsgruppemøtet"  # one Norwegian compound, 29 letters


def open_the_brainstorm(console: Page, projector: Page) -> None:
    """The demo's group brainstorm, on the projector and open for the tables."""
    go_to_agenda_item(
        console,
        "Gruppeoppgave: Hva risikerer vi som kommune?",
        "Hva risikerer vi som kommune hvis vi ikke planlegger godt for framtiden?",
    )
    show_and_open(console, projector, "Hva risikerer vi som kommune?")


def write_note(phone: Page, text: str) -> None:
    field = phone.get_by_label("Lappen din")
    field.fill(text)
    phone.get_by_role("button", name="Legg til", exact=True).click()
    expect(field).to_have_value("")


def add_theme(console: Page, name: str) -> None:
    panel = console.locator("#console-exercise")
    panel.get_by_label("Nytt tema").fill(name)
    panel.get_by_role("button", name="Legg til tema").click()
    expect(sorting_theme(console, name)).to_be_visible()


def sorting_theme(console: Page, name: str) -> Locator:
    board = console.get_by_role("region", name="Sorter lappene i temaer")
    return board.get_by_role("region", name=re.compile("^" + re.escape(name) + r" \(\d+\)$"))


def wall_theme(projector: Page, name: str) -> Locator:
    return projector.locator(".wall").get_by_role("region", name=name, exact=True)


def lines_of_word(page: Page, word: str) -> list[int]:
    """For each note holding `word`, on how many lines the word is drawn."""
    counted: list[int] = page.evaluate(
        """word => [...document.querySelectorAll('.note')].flatMap(note => {
            const walker = document.createTreeWalker(note, NodeFilter.SHOW_TEXT);
            const found = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(word);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + word.length);
                const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
                found.push(tops.size);
            }
            return found;
        })""",
        word,
    )
    return counted


def test_a_theme_typed_while_the_one_before_is_on_its_way_stays(
    venue_server: VenueServer, new_context: Any
):
    console = new_context(viewport={"width": 1440, "height": 900}).new_page()
    projector = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    for page in (console, projector):
        wait_until_live(page)
    go_to_agenda_item(console, NOTES, NOTES_SLIDE)
    show_and_open(console, projector, NOTES)
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    console.route("**/theme/", hold)
    panel = console.locator("#console-exercise")
    field = panel.get_by_label("Nytt tema")

    field.fill("Roller")
    with console.expect_request("**/theme/"):
        panel.get_by_role("button", name="Legg til tema").click()
    field.fill("Samarbeid")  # the next one, while "Roller" is still on its way
    with console.expect_response("**/theme/"):
        held[0].continue_()

    expect(sorting_theme(console, "Roller")).to_be_visible()
    expect(field).to_have_value("Samarbeid")


def test_notes_are_sorted_by_mouse_and_by_keyboard_and_fill_the_projector(
    venue_server: VenueServer, new_context: Any
):
    console = new_context(viewport={"width": 1440, "height": 900}).new_page()
    projector = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    phone, neighbour = (
        new_context(viewport={"width": 390, "height": 844}).new_page() for _ in range(2)
    )
    pages = [console, projector, phone, neighbour]
    violations = [watch_csp_violations(page) for page in pages]
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    join_at_table(phone, venue_server, "Bord 1")
    join_at_table(neighbour, venue_server, "Bord 1")
    for page in pages:
        wait_until_live(page)
    go_to_agenda_item(console, NOTES, NOTES_SLIDE)
    show_and_open(console, projector, NOTES)
    notes = [f"{LONG} var nyttig", "Mer tid til spørsmål", "Kaffe!", "Trygt å spørre"]
    for writer, text in zip((phone, neighbour, phone, neighbour), notes, strict=True):
        write_note(writer, text)
    expect(projector.locator(".note")).to_have_count(len(notes))

    # The wall spans the projector beside the join banner, and the long compound stays
    # whole on one line.
    wall = projector.locator(".wall").bounding_box()
    banner = projector.locator(".join-banner").bounding_box()
    beside_the_banner = banner["x"] if banner else 1920
    assert wall is not None and wall["width"] > 0.85 * beside_the_banner
    assert projector.locator(".projector-exercise").get_attribute("lang") == "nb"
    assert lines_of_word(projector, LONG) == [1]

    # Every note on the console first: each arrival redraws the panel and its fields.
    expect(console.locator("#console-exercise")).to_contain_text(f"{len(notes)} bidrag")
    add_theme(console, "Roller")
    add_theme(console, "Samarbeid")

    # The mouse: one note dragged onto a theme.
    unsorted = sorting_theme(console, "Ikke sortert")
    coffee = unsorted.get_by_role("listitem").filter(has_text="Kaffe!")
    dropped = sorting_theme(console, "Samarbeid").locator("li label")
    # Straight onto the middle of the empty theme, where its "no notes" line's middle is.
    drag(
        console,
        coffee.locator("label"),
        sorting_theme(console, "Samarbeid").locator("ul"),
        arrived=sorting_theme(console, "Samarbeid").get_by_text("Kaffe!"),
        quick=True,
    )
    expect(dropped).to_have_text(["Kaffe!"])
    expect(wall_theme(projector, "Samarbeid").locator(".note")).to_have_text(["Kaffe!"])
    expect(sorting_theme(console, "Samarbeid").locator("li label")).to_have_text(["Kaffe!"])

    # The console's screen as it is now, to be answered late below.
    screen_url = console.evaluate("document.body.dataset.screenUrl")
    older = console.evaluate("url => fetch(url).then(answer => answer.text())", screen_url)

    # The keyboard: tick two notes, then press the theme's button, which counts them.
    for text in (notes[0], "Trygt å spørre"):
        box = console.get_by_role("checkbox", name=text)
        box.focus()
        console.keyboard.press("Space")
        expect(box).to_be_checked()
    move = sorting_theme(console, "Roller").get_by_role("button")
    expect(move).to_have_text("Flytt 2 lapper til «Roller»")
    move.focus()
    console.keyboard.press("Enter")

    expect(wall_theme(projector, "Roller").locator(".note")).to_have_text(
        [f"{LONG} var nyttig", "Trygt å spørre"]
    )
    expect(sorting_theme(console, "Ikke sortert").locator("li label")).to_have_text(
        ["Mer tid til spørsmål"]
    )
    expect(move).to_have_text("Flytt de avkryssede lappene til «Roller»")

    # A catch-up GET rendered before that move, answered after it (a slow server), leaves
    # the board as the move left it: the same revision, an older results version.
    console.route(f"**{screen_url}", lambda route: route.fulfill(body=older))
    with console.expect_response(f"**{screen_url}") as answer:
        console.evaluate(
            "url => htmx.ajax('GET', url, {target: document.body, swap: 'none'})", screen_url
        )
    assert answer.value.text() == older
    # htmx.ajax's promise settles once the answer is swapped (or refused): no waiting.
    assert sorting_theme(console, "Ikke sortert").locator("li label").all_inner_texts() == [
        "Mer tid til spørsmål"
    ]
    # In its theme's column (a third of the width) the compound still fits on one line.
    assert lines_of_word(projector, LONG) == [1]
    assert violations == [[], [], [], []]


def test_heights_wait_for_the_reveal_a_card_goes_full_screen_and_the_phone_names_its_role(
    venue_server: VenueServer, new_context: Any, tmp_path: Path
):
    console = new_context(viewport={"width": 1440, "height": 900}).new_page()
    projector = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    phone_context = new_context(viewport={"width": 390, "height": 844})
    phone = phone_context.new_page()
    other = new_context(viewport={"width": 390, "height": 844}).new_page()
    pages = [console, projector, phone, other]
    violations = [watch_csp_violations(page) for page in pages]
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    join_at_table(phone, venue_server, "Bord 2")
    join_at_table(other, venue_server, "Bord 3")
    for page in pages:
        wait_until_live(page)

    # The tower contest: who has measured, never how tall, until the reveal.
    go_to_agenda_item(
        console,
        "Papirtårn: En oppgave om planlegging og samspill",
        "En oppgave om planlegging og samspill.",
    )
    show_and_open(console, projector, PAPER_TOWER)
    send_tower(phone, "167,5", tower_photo(tmp_path / "bord-2.jpg", "steelblue"))
    send_tower(other, "121", tower_photo(tmp_path / "bord-3.jpg", "tan"))
    teams = projector.get_by_role("list", name="Lag")
    expect(teams.get_by_role("listitem").filter(has_text="høyde sendt")).to_have_count(2)
    stage = projector.locator(".projector-exercise")
    expect(stage).not_to_contain_text("167")
    expect(stage).not_to_contain_text("121")
    expect(phone.locator(".group-work")).not_to_contain_text("167")

    console.locator("#console-exercise").get_by_role("button", name="Vis fram").click()
    winner = projector.locator(".podium__team--winner")
    expect(winner).to_contain_text("Bord 2")
    expect(winner).to_contain_text("167,5 cm")
    expect(projector.locator(".podium__team").nth(1)).to_contain_text("121 cm")
    photo = winner.get_by_role("img", name="Tårnet til Bord 2")
    expect(photo).to_be_visible()
    box = photo.bounding_box()
    assert box is not None and box["height"] >= 0.4 * 1080  # large: near half the screen

    # A business card, highlighted, then full screen and back.
    go_to_agenda_item(console, BUSINESS_CARD, BUSINESS_CARD)
    show_and_open(console, projector, BUSINESS_CARD)
    phone.get_by_label("Navn", exact=True).fill("Kari Nordmann")
    phone.get_by_role("button", name="Lagre kortet mitt").click()
    expect(projector.locator(".gallery__name")).to_have_text("Kari Nordmann")
    panel = console.locator("#console-exercise")
    card = panel.locator(".moderation").filter(has_text="Kari Nordmann")
    card.get_by_role("button", name="Framhev").click()
    card.get_by_role("button", name="Vis i fullskjerm").click()
    full = projector.get_by_role("region", name="Fullskjerm")
    expect(full.locator(".spotlight__name")).to_have_text("Kari Nordmann")
    size = full.bounding_box()
    assert size is not None and (size["width"], size["height"]) == (1920, 1080)
    panel.get_by_role("button", name="Tilbake fra fullskjerm").first.click()
    expect(full).to_have_count(0)
    expect(projector.locator(".gallery__name")).to_have_text("★Kari Nordmann")

    # A brainstorm's roles: the phone says which is its own.
    open_the_brainstorm(console, projector)
    phone.get_by_role("button", name="Jeg skriver og legger fram").click()
    expect(phone.locator(".roles__mine")).to_have_text("Du er referent")
    expect(phone.locator(".roles")).to_contain_text("Referent: valgt")
    console.locator("#console-exercise").get_by_role("button", name="Neste gruppe").click()
    expect(phone.locator(".roles__mine")).to_have_text("Du er referent")  # kept
    assert violations == [[], [], [], []]


def test_a_phone_whose_role_another_takes_no_longer_says_it_is_theirs(open_room: Any):
    room = open_room(2, table="Bord 5")
    console, projector, (first, second) = room.console, room.projector, room.phones
    open_the_brainstorm(console, projector)

    first.get_by_role("button", name="Jeg skriver og legger fram").click()
    expect(first.locator(".roles__mine")).to_have_text("Du er referent")
    expect(second.locator(".roles")).to_contain_text("Referent: valgt")
    expect(second.locator(".roles__mine")).to_have_text("")
    second.get_by_role("button", name="Jeg skriver og legger fram").click()

    expect(second.locator(".roles__mine")).to_have_text("Du er referent")
    expect(first.locator(".roles__mine")).to_have_text("")  # told by its group's sheet
    first.get_by_role("button", name="Jeg er gruppeleder").click()
    expect(first.locator(".roles__mine")).to_have_text("Du er gruppeleder")
    expect(second.locator(".roles__mine")).to_have_text("Du er referent")  # kept
    assert room.csp_violations == [[], [], [], []]
