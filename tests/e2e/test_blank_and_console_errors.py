"""Blank means black, and a run of show leaves every browser console empty (issue 18, items
2 and 10)."""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import VenueServer, join_on_phone, log_in, wait_until_live

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots-blank"  # to look at: the projector and the console


def shot(page: Page, name: str) -> bytes:
    SHOTS.mkdir(exist_ok=True)
    return page.screenshot(path=SHOTS / f"{name}.png")


def said_in_norwegian(text: str) -> str:
    """What the console says in the demo seminar's language (English until translated)."""
    with translation.override("nb"):
        return translation.gettext(text)


def every_pixel_black(picture: bytes) -> bool:
    image = Image.open(io.BytesIO(picture)).convert("RGB")
    return image.getextrema() == ((0, 0), (0, 0), (0, 0))


def open_console_and_projector(server: VenueServer, new_context) -> tuple[Page, Page]:
    console = new_context(viewport={"width": 1440, "height": 1000}).new_page()
    projector = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    log_in(console, server)
    console.goto(server.url(server.demo["urls"]["console"]))
    projector.goto(server.url(server.demo["urls"]["projector"]))
    wait_until_live(console)
    wait_until_live(projector)
    if projector.locator(".slide--join").count():  # the join slide has no banner beside it
        console.keyboard.press("ArrowRight")
        expect(projector.locator(".slide--join")).to_have_count(0)
    return console, projector


def test_b_makes_every_pixel_of_the_projector_black_and_b_brings_back_what_was_there(
    venue_server: VenueServer, new_context
):
    console, projector = open_console_and_projector(venue_server, new_context)
    banner, timer = projector.locator(".join-banner"), projector.locator("#timer")
    if projector.locator(".projector__blank").count():  # left blank by an earlier test
        console.keyboard.press("b")
        expect(projector.locator(".projector__blank")).to_have_count(0)
    if not banner.count():
        console.keyboard.press("q")
    expect(banner).to_be_visible()
    console.get_by_role("button", name="10 min", exact=True).click()
    expect(timer).to_be_visible()
    showing = projector.locator("#projector-screen .slide__title").inner_text()
    assert not every_pixel_black(projector.screenshot())

    console.keyboard.press("b")

    expect(projector.locator(".projector__blank")).to_be_visible()
    expect(banner).to_have_count(0)
    expect(timer).to_be_hidden()
    black = shot(projector, "after-projector-blank")
    assert every_pixel_black(black)
    status = console.locator("#console-current .console__status")
    expect(status).to_contain_text(said_in_norwegian("The projector is black: nothing is shown."))
    expect(status).to_contain_text(
        said_in_norwegian("The join banner comes back with the picture.")
    )
    shot(console, "after-console-blank")
    expect(console.locator(".console__timer #timer")).to_be_visible()  # the console keeps it

    console.get_by_role("button", name="Svart projektor").click()

    expect(projector.locator(".projector__blank")).to_have_count(0)
    expect(projector.locator("#projector-screen .slide__title")).to_have_text(showing)
    expect(banner).to_be_visible()
    expect(timer).to_be_visible()
    expect(status).not_to_contain_text(
        said_in_norwegian("The projector is black: nothing is shown.")
    )
    shot(projector, "after-projector-back")
    console.get_by_role("button", name="Nullstill").click()
    expect(timer).to_be_hidden()


def test_a_blank_projector_stays_black_when_the_banner_is_switched_on(
    venue_server: VenueServer, new_context
):
    console, projector = open_console_and_projector(venue_server, new_context)
    banner = projector.locator(".join-banner")
    if banner.count():
        console.keyboard.press("q")
        expect(banner).to_have_count(0)
    if not projector.locator(".projector__blank").count():
        console.keyboard.press("b")
    expect(projector.locator(".projector__blank")).to_be_visible()
    revision = projector.locator("#projector-screen").get_attribute("data-revision") or ""

    console.keyboard.press("q")  # the banner is on, but the projector is black

    expect(projector.locator("#projector-screen")).not_to_have_attribute("data-revision", revision)
    expect(console.locator("#console-current .console__status")).to_contain_text(
        said_in_norwegian("The join banner comes back with the picture.")
    )
    assert every_pixel_black(projector.screenshot())
    console.keyboard.press("b")
    expect(banner).to_be_visible()


# A run of show, and every browser console stays empty -----------------------------------


@dataclass
class Watched:
    """Every error and warning a page logs, and every script error it throws."""

    name: str
    logged: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> Page:
        page.on(
            "console",
            lambda message: (
                self.logged.append(f"{message.type}: {message.text}")
                if message.type in {"error", "warning", "assert"}
                else None
            ),
        )
        page.on("pageerror", lambda error: self.logged.append(f"pageerror: {error}"))
        return page


def answered(console: Page, action: Callable[[], object]) -> None:
    """Do one console action and wait for the server's answer to it (and its swap)."""
    with console.expect_response(
        lambda response: response.request.method == "POST" and "/seminars/" in response.url
    ) as answer:
        action()
    assert answer.value.status < 400, answer.value.url


def current_title(console: Page) -> Locator:
    return console.locator("#console-current .slide__title")


def test_a_run_of_show_logs_nothing_in_any_browser_console(venue_server: VenueServer, new_context):
    watched = {name: Watched(name) for name in ["console", "projector", "phone 1", "phone 2"]}
    console = watched["console"].watch(new_context().new_page())
    projector = watched["projector"].watch(
        new_context(viewport={"width": 1920, "height": 1080}).new_page()
    )
    phones = [
        watched[name].watch(new_context(viewport={"width": 390, "height": 844}).new_page())
        for name in ["phone 1", "phone 2"]
    ]
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    for phone in phones:
        join_on_phone(phone, venue_server)
    for page in [console, projector, *phones]:
        wait_until_live(page)
    shot(console, "after-console")

    # Next and previous, by key.
    start = current_title(console).inner_text()
    answered(console, lambda: console.keyboard.press("ArrowRight"))
    expect(current_title(console)).not_to_have_text(start)
    answered(console, lambda: console.keyboard.press("ArrowLeft"))
    expect(current_title(console)).to_have_text(start)

    # Blank and back, the banner off and on.
    answered(console, lambda: console.keyboard.press("b"))
    expect(projector.locator(".projector__blank")).to_be_visible()
    answered(console, lambda: console.keyboard.press("b"))
    expect(projector.locator(".projector__blank")).to_have_count(0)
    banner_was = projector.locator(".join-banner").count()
    answered(console, lambda: console.keyboard.press("q"))
    expect(projector.locator(".join-banner")).to_have_count(1 - banner_was)
    answered(console, lambda: console.keyboard.press("q"))
    expect(projector.locator(".join-banner")).to_have_count(banner_was)

    # A timer: start, pause, resume, reset.
    timer = projector.locator("#timer")
    answered(console, console.get_by_role("button", name="3 min", exact=True).click)
    expect(timer).to_be_visible()
    answered(console, console.get_by_role("button", name="Pause", exact=True).click)
    expect(timer.locator(".timer__paused")).to_be_visible()
    answered(console, console.get_by_role("button", name="Fortsett", exact=True).click)
    expect(timer.locator(".timer__paused")).to_be_hidden()
    answered(console, console.get_by_role("button", name="Nullstill", exact=True).click)
    expect(timer).to_be_hidden()

    # An agenda item (its button's panel is redrawn by the socket before the answer comes),
    # then a poll: open, a vote, close, reveal.
    agenda = console.locator("#console-agenda")
    answered(
        console,
        agenda.get_by_role("button", name=re.compile("Rødt eller grønt lys\\?$")).click,
    )
    expect(current_title(console)).to_have_text("Habilitet Etikk Sosiale medier")
    answered(console, lambda: console.keyboard.press("ArrowRight"))
    expect(current_title(console)).to_have_text("Rødt eller grønt lys? Del 1")
    answered(
        console,
        console.locator(".slide-polls").get_by_role("button", name="Åpne avstemningen").click,
    )
    expect(projector.locator(".poll__series")).to_have_text("Rødt eller grønt lys? · Del 1")
    phones[0].get_by_role("radio", name=re.compile("^Rødt")).check()
    phones[0].get_by_role("button", name="Send svar").click()
    expect(phones[0].locator(".vote__confirmation")).to_contain_text("Svaret ditt er lagret:")
    poll_panel = console.locator("#console-poll")
    answered(console, poll_panel.get_by_role("button", name="Steng avstemningen").click)
    expect(poll_panel.locator(".console-poll__state")).to_have_text("Stengt")
    answered(console, poll_panel.get_by_role("button", name="Vis resultatet").click)
    expect(projector.locator(".result-row").first).to_be_visible()

    # An exercise: shown, opened, closed.
    answered(
        console,
        agenda.get_by_role("button", name=re.compile("Gruppeoppgave: Hva risikerer vi")).click,
    )
    on_slide = console.get_by_role("region", name="Oppgaver på dette lysbildet")
    row = on_slide.get_by_role("listitem").filter(has_text="Hva risikerer vi som kommune?")
    answered(console, row.get_by_role("button", name="Vis", exact=True).click)
    expect(projector.locator("#exercise-title")).to_have_text("Hva risikerer vi som kommune?")
    exercise_panel = console.locator("#console-exercise")
    answered(console, exercise_panel.get_by_role("button", name="Åpne for svar").click)
    expect(exercise_panel.locator(".console-poll__state")).to_have_text("Åpen")
    answered(console, exercise_panel.get_by_role("button", name="Steng", exact=True).click)
    expect(exercise_panel.locator(".console-poll__state")).not_to_have_text("Åpen")
    answered(console, lambda: console.keyboard.press("ArrowRight"))
    expect(projector.locator("#exercise-title")).to_have_count(0)

    # Every event so far has reached the test: one more round trip to each page.
    for page in [console, projector, *phones]:
        assert page.evaluate("() => document.readyState") == "complete"
    assert {name: page.logged for name, page in watched.items()} == {name: [] for name in watched}
