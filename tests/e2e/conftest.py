"""Browser tests: a real Plenum server (uvicorn, its own database) driven by Chromium.

The server runs in its own process, as at a venue, so the browser sees exactly what a
person would: static files, websockets and all.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.servers import base_env, prepare, running_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class VenueServer:
    base_url: str
    demo: dict[str, Any]

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(scope="module")
def venue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VenueServer]:
    env = base_env(tmp_path_factory.mktemp("venue"))  # its own SQLite database
    demo = prepare(env)
    with running_server(env) as served:
        yield VenueServer(base_url=served.base_url, demo=demo)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: CI must install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium: Any) -> Iterator[Any]:
    """Each call is a separate person's browser: its own cookies, its own screen."""
    contexts = []

    def make(**options: Any) -> Any:
        context = chromium.new_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def watch_csp_violations(page: Any) -> list[str]:
    """Collect every Content-Security-Policy violation the page reports."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def log_in(page: Any, server: VenueServer) -> None:
    page.goto(server.url("/login/"))
    page.get_by_label("Brukernavn").fill(server.demo["facilitator"]["username"])
    page.get_by_label("Passord").fill(server.demo["facilitator"]["password"])
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(server.url("/seminars/"))


def join_on_phone(page: Any, server: VenueServer, table: str = "") -> None:
    page.goto(server.url(server.demo["urls"]["join"]))
    if table:
        page.get_by_label("Bordet ditt").select_option(label=table)
    page.get_by_label("Folkevalgt").check()
    page.get_by_role("button", name="Bli med").click()
    expect(page.locator("#phone-screen")).to_be_visible()


def drag(page: Any, handle: Any, onto: Any, *, arrived: Any, quick: bool = False) -> None:
    """A mouse drag as a hand makes it: press `handle`, move in small steps onto the middle
    of `onto`, and let go only once `arrived` (the dragged thing in its new place) shows.

    SortableJS's pointer fallback looks at where the pointer is every 50 ms, not at each
    move: a release on arrival, before its next look, drops the item back where it was.
    A `quick` hand crosses the edge of `onto` between two looks: its pointer is first
    seen resting on the very middle."""
    for attempt in range(3):
        try:
            onto.scroll_into_view_if_needed()
            handle.scroll_into_view_if_needed()
            break
        except PlaywrightError as error:
            # A live update redrew the list just then: the locators find the new one.
            if "not attached" not in str(error) or attempt == 2:
                raise
    start = handle.bounding_box()
    assert start is not None
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + 10, start["y"] + 10, steps=4)
    end = onto.bounding_box()
    assert end is not None
    middle = (end["x"] + end["width"] / 2, end["y"] + end["height"] / 2)
    if quick:
        page.mouse.move(middle[0], end["y"] - 10, steps=20)
        page.mouse.move(*middle)
    else:
        page.mouse.move(*middle, steps=20)
    expect(arrived).to_be_visible()
    page.mouse.up()


def wait_until_live(page: Any) -> None:
    expect(page.locator("body")).to_have_attribute("data-live", "websocket")


@dataclass
class Room:
    """A console (logged in), a projector and phones (joined), all on the websocket."""

    console: Any
    projector: Any
    phones: list[Any]
    csp_violations: list[list[str]]

    @property
    def screens(self) -> list[Any]:
        return [self.projector, *self.phones]


@pytest.fixture
def open_room(venue_server: VenueServer, new_context: Any) -> Any:
    def open_with(phones: int, *, table: str = "") -> Room:
        console = new_context().new_page()
        projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
        phone_pages = [
            new_context(viewport={"width": 390, "height": 844}).new_page() for _ in range(phones)
        ]
        pages = [console, projector, *phone_pages]
        violations = [watch_csp_violations(page) for page in pages]
        log_in(console, venue_server)
        console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
        projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
        for phone in phone_pages:
            join_on_phone(phone, venue_server, table)
        for page in pages:
            wait_until_live(page)
        return Room(console, projector, phone_pages, violations)

    return open_with
