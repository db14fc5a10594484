"""The facilitator's own deck: imported from the console while the room watches, then put
in place on the programme page by keyboard and by drag."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.decks import PptxSlide, pdf_deck, pptx_deck
from tests.e2e.conftest import VenueServer, drag, log_in, wait_until_live, watch_csp_violations

pytestmark = pytest.mark.e2e

ITEM = "Om Sel kommune ved kommunedirektør"
ARRANGED = "Hva innebærer det å være folkevalgt?"  # three slides of its own


def programme_url(server: VenueServer) -> str:
    console = server.demo["urls"]["console"]
    return server.url(console.removesuffix("console/") + "programme/")


def titles_in_item(page: Any, title: str) -> list[str]:
    item = page.locator(".agenda-item").filter(has=page.get_by_role("heading", name=title))
    return [text.strip() for text in item.locator(".slide-card h2").all_text_contents()]


def test_a_pdf_imported_from_the_console_is_shown_on_the_projector(
    venue_server: VenueServer, new_context: Any
):
    console = new_context().new_page()
    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    violations = [watch_csp_violations(console), watch_csp_violations(projector)]
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    wait_until_live(console)
    wait_until_live(projector)

    # The facilitator has come to the municipality's own item, and brings its slides.
    console.locator("#console-agenda").get_by_role("button", name=ITEM).click()
    expect(console.locator("#console-current .slide__title")).to_have_text(ITEM)
    own_slides = console.get_by_role("region", name="Egne lysbilder")
    own_slides.get_by_label("PDF- eller PowerPoint-fil").set_input_files(
        {
            "name": "sel-kommune.pdf",
            "mimeType": "application/pdf",
            "buffer": pdf_deck("Sel kommune i tall", "Økonomiplan 2024-2027"),
        }
    )
    # The form's item follows the projector: no need to choose it.
    expect(own_slides.get_by_label("Til programpunkt").locator("option:checked")).to_contain_text(
        ITEM
    )
    own_slides.get_by_role("button", name="Importer").click()

    expect(own_slides.locator(".deck-import__outcome")).to_have_text(
        f"«sel-kommune.pdf»: 2 lysbilder importert til «{ITEM}».", timeout=30_000
    )
    expect(own_slides.get_by_role("status")).to_have_text(f"2 lysbilder importert til «{ITEM}».")
    # Pushed to the console over its socket: the item's slide strip has the new pages.
    strip = console.get_by_role("list", name="Lysbilder i dette programpunktet")
    expect(strip.get_by_role("button")).to_have_text(
        [ITEM, "Sel kommune i tall", "Økonomiplan 2024-2027"]
    )
    own_slides.get_by_role("button", name="Vis det første av dem på lerretet").click()

    page_image = projector.locator(".slide--page img.slide__page")
    expect(page_image).to_be_visible()
    expect(projector.locator(".slide--page h2")).to_have_text("Sel kommune i tall")
    # decode() settles once the picture has loaded: no race with a busy machine.
    assert page_image.evaluate(
        "image => image.decode().then(() => [image.complete, image.naturalWidth])"
    ) == [True, 1920]
    expect(console.locator("#console-current .slide--page h2")).to_have_text("Sel kommune i tall")
    assert violations == [[], []]


def choose_item(form: Any, title: str) -> None:
    select = form.get_by_label("Til programpunkt")
    label = next(
        option for option in select.locator("option").all_text_contents() if title in option
    )
    select.select_option(label=label)


def test_a_pptx_imported_on_the_programme_page_is_put_in_place_by_keyboard_and_by_drag(
    venue_server: VenueServer, new_context: Any
):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    violations = watch_csp_violations(page)
    log_in(page, venue_server)
    page.goto(programme_url(venue_server))
    own_slides = page.get_by_role("region", name="Egne lysbilder")
    own_slides.get_by_label("PDF- eller PowerPoint-fil").set_input_files(
        {
            "name": "folkevalgt.pptx",
            "mimeType": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "buffer": pptx_deck(PptxSlide("Våre folkevalgte", bullets=[("27 representanter", 0)])),
        }
    )
    choose_item(own_slides, ARRANGED)
    own_slides.get_by_label("Foran punktets egne lysbilder").check()
    own_slides.get_by_role("button", name="Importer").click()

    outcome = own_slides.locator(".deck-import__outcome")
    # LibreOffice draws the pictures: a few seconds, more on a busy machine.
    expect(outcome).to_have_text(
        f"«folkevalgt.pptx»: 1 lysbilde importert til «{ARRANGED}».", timeout=60_000
    )
    expect(outcome).to_be_focused()
    # The programme below shows the new slide without a reload, and takes a drag at once.
    expect(
        page.locator(".agenda-item")
        .filter(has=page.get_by_role("heading", name=ARRANGED))
        .locator(".slide-card h2")
        .first
    ).to_have_text("Våre folkevalgte")
    before = titles_in_item(page, ARRANGED)
    first, second = before[0], before[1]

    move_down = page.get_by_role("button", name=f"Flytt senere: {first}")
    move_down.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").filter(has_text="Flyttet")).to_have_text(
        f"Flyttet til plass 2 av {len(before)} i «{ARRANGED}»."
    )
    expect(move_down).to_be_focused()
    assert titles_in_item(page, ARRANGED)[:2] == [second, first]

    cards = page.locator(".agenda-item").filter(has=page.get_by_role("heading", name=ARRANGED))
    handle = cards.locator(".slide-card").nth(1).locator("[data-drag-handle]")
    target = cards.locator(".slide-card").nth(0)
    arrived = target.get_by_role("heading", name=first, exact=True)
    with page.expect_response(lambda response: response.url.endswith("/arrange/")):
        drag(page, handle, target, arrived=arrived)

    expect(page.get_by_role("status").filter(has_text="rekkefølge")).to_have_text(
        "Lysbildene har fått ny rekkefølge."
    )
    page.reload()
    assert titles_in_item(page, ARRANGED) == before
    assert violations == [], violations
