"""The business card's drawing in a real browser: pens in a few colours and an eraser, and
a drawing that stays in its canvas when the card is saved and the screen is redrawn."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import VenueServer, join_on_phone, wait_until_live, watch_csp_violations
from tests.e2e.test_exercises import (
    BUSINESS_CARD,
    go_to_agenda_item,
    show_and_open,
    wait_until_the_drawing_is_in_the_form,
)

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots-drawing"  # before and after, to look at
SAVED = "Visittkortet ditt er lagret."
REFUSED = "Skriv alderen som et helt tall, eller la feltet stå tomt."
# Where the strokes go, as fractions of the canvas: a red line across the middle, and
# the eraser down through its centre.
ACROSS = [(0.2, 0.5), (0.8, 0.5)]
RED_LEFT, ERASED, RED_RIGHT = (0.3, 0.5), (0.5, 0.5), (0.7, 0.5)
DOWN = [(0.5, 0.2), (0.5, 0.8)]

Pixel = tuple[int, ...]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def canvas(phone: Page) -> Locator:
    return phone.locator("canvas[data-drawing-canvas]")


def open_the_card(room: Any) -> None:
    go_to_agenda_item(room.console, BUSINESS_CARD, BUSINESS_CARD)
    show_and_open(room.console, room.projector, BUSINESS_CARD)
    for phone in room.phones:
        expect(canvas(phone)).to_have_attribute("data-ready", "true")


def pick(phone: Page, tool: str) -> None:
    """A pen or the eraser, picked by touching its label."""
    phone.locator(f"label.drawing__tool:has(input[value='{tool}'])").click()
    expect(phone.locator(f"[data-drawing-tool][value='{tool}']")).to_be_checked()


def stroke(phone: Page, points: list[tuple[float, float]]) -> None:
    board = canvas(phone)
    board.scroll_into_view_if_needed()
    box = board.bounding_box()
    assert box is not None

    def at(x: float, y: float) -> tuple[float, float]:
        return box["x"] + box["width"] * x, box["y"] + box["height"] * y

    phone.evaluate("() => document.querySelector('[data-drawing-input]').value = ''")
    phone.mouse.move(*at(*points[0]))
    phone.mouse.down()
    for point in points[1:]:
        phone.mouse.move(*at(*point), steps=8)
    phone.mouse.up()
    wait_until_the_drawing_is_in_the_form(phone)


def on_canvas(phone: Page, *points: tuple[float, float]) -> list[Pixel]:
    """The canvas's own pixels (what the phone shows) at the given places."""
    pixels = canvas(phone).evaluate(
        """(canvas, points) => points.map(([x, y]) => Array.from(canvas.getContext("2d")
            .getImageData(Math.round(x * canvas.width), Math.round(y * canvas.height), 1, 1)
            .data))""",
        [list(point) for point in points],
    )
    return [tuple(pixel) for pixel in pixels]


def stored(server: VenueServer, phone: Page, *points: tuple[float, float]) -> list[Pixel]:
    """The stored drawing's pixels, fetched from the address the phone's canvas loaded."""
    address = canvas(phone).get_attribute("data-drawing-saved")
    assert address
    answer = phone.request.get(server.url(address))
    assert answer.ok
    with Image.open(io.BytesIO(answer.body())) as picture:
        rgba = picture.convert("RGBA")
        return [
            tuple(rgba.getpixel((round(x * (rgba.width - 1)), round(y * (rgba.height - 1)))))
            for x, y in points
        ]


def red(pixel: Pixel) -> bool:
    return pixel[0] > 150 and pixel[1] < 80 and pixel[2] < 80 and pixel[3] == 255


def blue(pixel: Pixel) -> bool:
    return pixel[2] > 150 and pixel[0] < 80 and pixel[1] < 120 and pixel[3] == 255


def white(pixel: Pixel) -> bool:
    return pixel == (255, 255, 255, 255)


def save(phone: Page, answer: str = SAVED) -> None:
    """Save the card and wait for the form that answers: the old one is marked first."""
    canvas(phone).evaluate("canvas => { canvas.dataset.sent = 'true'; }")
    phone.get_by_role("button", name="Lagre kortet mitt").click()
    answered = phone.locator("canvas[data-drawing-canvas]:not([data-sent])")
    expect(answered).to_have_attribute("data-ready", "true")
    expect(canvas(phone)).to_have_count(1)
    expect(phone.locator(".entry__saved, .entry__error")).to_have_text(answer)


def no_second_drawing(phone: Page) -> None:
    """The drawing is in the canvas only: no copy of it further down the card."""
    expect(canvas(phone)).to_have_count(1)
    pictures = phone.locator("#phone-screen .drawing img")
    for index in range(pictures.count()):
        expect(pictures.nth(index)).to_be_hidden()


def axe_violations(page: Page) -> list[str]:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in result.response["violations"]
    ]


def redraw(room: Any, phone: Page) -> None:
    """The room's screens are redrawn (the facilitator shows the exercise again): the
    card's form is kept through it."""
    revision = phone.locator("#phone-screen").get_attribute("data-revision") or ""
    room.console.locator("#console-exercise").get_by_role("button", name="Start 10 min").click()
    expect(phone.locator("#phone-screen")).not_to_have_attribute("data-revision", revision)


@pytest.fixture(autouse=True)
def _shots() -> None:
    SHOTS.mkdir(exist_ok=True)


def test_a_red_drawing_stays_in_its_canvas_when_saved_and_the_eraser_leaves_white_paper(
    open_room: Any, venue_server: VenueServer, tmp_path: Path
):
    room = open_room(phones=1)
    phone = room.phones[0]
    open_the_card(room)
    phone.get_by_label("Navn", exact=True).fill("Kari Nordmann")

    pick(phone, "red")
    stroke(phone, ACROSS)
    assert all(red(pixel) for pixel in on_canvas(phone, RED_LEFT, ERASED, RED_RIGHT))
    phone.locator(".drawing").screenshot(path=SHOTS / "after-390-drawn.png")

    # A refused save (the age is not a number) keeps the drawing, unsaved, in its canvas.
    phone.get_by_label("Alder", exact=True).fill("femti")
    save(phone, answer=REFUSED)
    assert all(red(pixel) for pixel in on_canvas(phone, RED_LEFT, ERASED, RED_RIGHT))
    wait_until_the_drawing_is_in_the_form(phone)
    phone.get_by_label("Alder", exact=True).fill("54")
    save(phone)

    # Saved: the red line is where it was drawn, in the canvas, and nowhere else.
    assert all(red(pixel) for pixel in on_canvas(phone, RED_LEFT, ERASED, RED_RIGHT))
    assert all(red(pixel) for pixel in stored(venue_server, phone, RED_LEFT, RED_RIGHT))
    no_second_drawing(phone)
    phone.screenshot(path=SHOTS / "after-390-saved.png", full_page=True)
    phone.locator(".drawing").screenshot(path=SHOTS / "after-390-saved-drawing.png")
    gallery = room.projector.get_by_role("list", name="Visittkort").get_by_role("listitem")
    expect(gallery.locator("img.gallery__drawing")).to_have_count(1)

    # The room's screens are redrawn: the drawing stays.
    redraw(room, phone)
    assert all(red(pixel) for pixel in on_canvas(phone, RED_LEFT, ERASED, RED_RIGHT))
    no_second_drawing(phone)
    expect(phone.locator("[data-drawing-tool][value='red']")).to_be_checked()

    # And when the phone comes back to the page, the drawing is in its canvas again.
    phone.reload()
    wait_until_live(phone)
    expect(canvas(phone)).to_have_attribute("data-ready", "true")
    assert all(red(pixel) for pixel in on_canvas(phone, RED_LEFT, ERASED, RED_RIGHT))
    no_second_drawing(phone)

    # The eraser takes the middle away; the stored drawing is white paper there.
    pick(phone, "eraser")
    stroke(phone, DOWN)
    assert white(on_canvas(phone, ERASED)[0])
    save(phone)
    expect(phone.locator("[data-drawing-tool][value='eraser']")).to_be_checked()
    left, middle, right = stored(venue_server, phone, RED_LEFT, ERASED, RED_RIGHT)
    assert red(left) and red(right)
    assert white(middle)
    left, middle, right = on_canvas(phone, RED_LEFT, ERASED, RED_RIGHT)
    assert red(left) and white(middle) and red(right)
    phone.locator(".drawing").screenshot(path=SHOTS / "after-390-erased.png")

    # Starting again and saving takes the drawing off the card.
    phone.locator("[data-drawing-clear]").click()
    wait_until_the_drawing_is_in_the_form(phone)
    save(phone)
    expect(canvas(phone)).not_to_have_attribute("data-drawing-saved", "")
    assert canvas(phone).get_attribute("data-drawing-saved") is None
    assert all(white(pixel) for pixel in on_canvas(phone, RED_LEFT, ERASED, RED_RIGHT))
    expect(gallery).to_have_count(1)
    expect(gallery.locator("img.gallery__drawing")).to_have_count(0)

    # A chosen picture is shown in the canvas at once, and stays there once saved.
    chosen = tmp_path / "green.png"
    Image.new("RGB", (300, 200), (18, 122, 46)).save(chosen)
    phone.locator("[data-drawing-input]").set_input_files(chosen)
    expect(canvas(phone)).to_have_attribute("data-shown", "picture")
    assert on_canvas(phone, ERASED) == [(18, 122, 46, 255)]
    save(phone)
    assert on_canvas(phone, ERASED) == [(18, 122, 46, 255)]
    assert stored(venue_server, phone, ERASED) == [(18, 122, 46, 255)]
    no_second_drawing(phone)

    assert room.csp_violations == [[]] * 3


@pytest.mark.parametrize("width", [320, 390])
def test_pens_are_picked_with_the_keyboard_and_fit_a_narrow_phone(
    open_room: Any, new_context: Any, venue_server: VenueServer, width: int
):
    room = open_room(phones=0)
    phone = new_context(viewport={"width": width, "height": 740}).new_page()
    room.csp_violations.append(watch_csp_violations(phone))
    join_on_phone(phone, venue_server)
    wait_until_live(phone)
    room.phones.append(phone)
    open_the_card(room)

    # Each pen and the eraser: a named radio button, a target of at least 44 x 44 px.
    tools = phone.locator("label.drawing__tool")
    expect(tools).to_have_count(5)
    for index in range(5):
        box = tools.nth(index).bounding_box()
        assert box is not None
        assert box["width"] >= 44 and box["height"] >= 44
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert tools.nth(index).inner_text().strip()  # its name, not its colour alone
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= width

    # The keyboard: from the black pen, the arrow keys move to red, then blue.
    black = phone.locator("[data-drawing-tool][value='black']")
    expect(black).to_be_checked()
    black.focus()
    phone.keyboard.press("ArrowRight")
    expect(phone.locator("[data-drawing-tool][value='red']")).to_be_checked()
    expect(phone.locator("[data-drawing-tool][value='red']")).to_be_focused()
    phone.keyboard.press("ArrowRight")
    expect(phone.locator("[data-drawing-tool][value='blue']")).to_be_checked()
    phone.locator(".drawing__tools").screenshot(path=SHOTS / f"after-{width}-tools-keyboard.png")
    assert axe_violations(phone) == []

    stroke(phone, ACROSS)
    assert all(blue(pixel) for pixel in on_canvas(phone, RED_LEFT, RED_RIGHT))
    save(phone)
    expect(phone.locator("[data-drawing-tool][value='blue']")).to_be_checked()
    assert all(blue(pixel) for pixel in on_canvas(phone, RED_LEFT, RED_RIGHT))
    no_second_drawing(phone)
    phone.screenshot(path=SHOTS / f"after-{width}-saved.png", full_page=True)
    phone.locator(".drawing").screenshot(path=SHOTS / f"after-{width}-saved-drawing.png")
    assert axe_violations(phone) == []

    assert room.csp_violations == [[]] * 3
