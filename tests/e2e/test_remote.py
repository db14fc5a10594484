"""The facilitator's phone remote in real browsers: opened from the console's QR code on a
390 px phone, it drives the projector while the laptop's console follows, and its code
works once, for its own seminar only."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, log_in, wait_until_live
from tests.e2e.test_accessibility import Audit, go_to

pytestmark = pytest.mark.e2e

POLL = "Hva er egentlig kommunepolitikk?"


def code_on_the_console(console: Page) -> str:
    """What the console's QR code for the remote says, read off the screen."""
    console.get_by_text("Styr fra mobilen", exact=True).click()
    qr = console.locator("#remote-link .remote-link__qr svg")
    expect(qr).to_be_visible()
    picture = Image.open(io.BytesIO(qr.screenshot()))
    # The reader may find the one code more than once (CI once saw it twice): what counts is
    # that every reading says the same link.
    readings = zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)
    (link,) = {reading.text for reading in readings}
    return link


def another_seminar(console: Page, server: VenueServer) -> str:
    """A second seminar of the same facilitator, made on the laptop: its slug."""
    console.goto(server.url("/seminars/new/"))
    console.get_by_label("Kommune eller fylke").fill("Vågå kommune")
    console.get_by_label("Første dag").fill("2027-10-25")
    console.get_by_label(
        "Et tomt program: én dag med ett programpunkt og et tittellysbilde"
    ).check()
    console.get_by_role("button", name="Opprett seminar").click()
    expect(console.get_by_role("heading", name="Vågå kommune", level=1)).to_be_visible()
    slug = re.search(r"/seminars/([\w-]+)/", console.url)
    assert slug is not None
    return slug.group(1)


def test_the_remote_drives_the_room_from_a_phone_and_its_code_works_once(
    open_room: Any, venue_server: VenueServer, new_context: Any
):
    room = open_room(0)
    console, projector = room.console, room.projector
    audit = Audit(venue_server)
    go_to(console, "Velkommen")
    link = code_on_the_console(console)
    audit.check(console, "console: the remote's code")
    assert link.startswith(venue_server.url(f"/seminars/{venue_server.demo['seminar']['slug']}/"))

    remote = audit.watch(new_context(viewport={"width": 390, "height": 844}).new_page())
    remote.goto(link)
    expect(remote.get_by_role("heading", level=1)).to_contain_text("Fjernkontroll")
    wait_until_live(remote)
    audit.check(remote, "remote: a slide")

    # Three slides on: the remote says what comes next, the projector and console show it.
    for _slide in range(3):
        coming = remote.locator(".remote__next").inner_text().removeprefix("Neste:").strip()
        remote.get_by_role("button", name="Neste", exact=True).click()
        expect(projector.locator("#projector-screen .slide__title")).to_have_text(coming)
        expect(console.locator("#console-current .slide__title")).to_have_text(coming)
        expect(remote.locator(".remote__title")).to_have_text(coming)

    remote.get_by_role("button", name="3 min", exact=True).click()
    for screen in (projector, console, remote):
        expect(screen.locator("#timer")).to_have_attribute("data-timer-state", "running")
    remote.get_by_role("button", name="Pause", exact=True).click()
    for screen in (projector, console, remote):
        expect(screen.locator("#timer")).to_have_attribute("data-timer-state", "paused")

    # The laptop takes the room to a poll's slide; the remote opens and closes the poll.
    go_to(console, "Dette er kommunesektoren", POLL)
    expect(remote.locator(".remote__title")).to_have_text(POLL)
    polls = remote.get_by_role("region", name="Avstemninger på dette lysbildet")
    polls.get_by_role("listitem").filter(has_text=POLL).get_by_role(
        "button", name="Åpne avstemningen", exact=True
    ).click()
    expect(console.locator("#console-poll .console-poll__state")).to_have_text("Åpen")
    expect(projector.locator("#projector-screen")).to_contain_text(POLL)
    expect(remote.locator("#remote-now .console-poll__state")).to_have_text("Åpen")
    audit.check(remote, "remote: a poll open, the timer paused")
    remote.get_by_role("region", name="Avstemning på skjermen: Åpen").get_by_role(
        "button", name="Steng avstemningen", exact=True
    ).click()
    expect(console.locator("#console-poll .console-poll__state")).to_have_text("Stengt")
    expect(remote.locator("#remote-now .console-poll__state")).to_have_text("Stengt")

    # The code is spent: a second phone gets a clear refusal, not the remote.
    second = new_context(viewport={"width": 390, "height": 844}).new_page()
    second.goto(link)
    expect(second.get_by_role("heading", name="Denne koden virker ikke lenger")).to_be_visible()
    audit.check(second, "remote: a spent code")

    # A fresh code for this seminar does not open another seminar's remote.
    other = another_seminar(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    fresh = code_on_the_console(console)
    elsewhere = fresh.replace(
        f"/seminars/{venue_server.demo['seminar']['slug']}/", f"/seminars/{other}/"
    )
    third = new_context(viewport={"width": 390, "height": 844}).new_page()
    third.goto(elsewhere)
    expect(third.get_by_role("heading", name="Denne koden virker ikke lenger")).to_be_visible()
    third.goto(venue_server.url(f"/seminars/{other}/remote/"))
    expect(third).to_have_url(re.compile(r"/login/"))
    assert all(not violations for violations in room.csp_violations)
    assert {screen: found for screen, found in audit.violations.items() if found} == {}
    assert len(audit.violations) == 4
    assert audit.elsewhere == []


def test_the_remote_fits_a_320_pixel_phone(venue_server: VenueServer, new_context: Any):
    remote = new_context(viewport={"width": 320, "height": 640}).new_page()
    log_in(remote, venue_server)  # a password typed on the phone opens the remote too
    remote.goto(venue_server.url(f"/seminars/{venue_server.demo['seminar']['slug']}/remote/"))
    wait_until_live(remote)

    assert int(remote.evaluate("document.documentElement.scrollWidth")) == 320
    for name in ("Forrige", "Neste"):
        box = remote.get_by_role("button", name=name, exact=True).bounding_box()
        assert box is not None and box["height"] >= 44 and box["y"] < 200
