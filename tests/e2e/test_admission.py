"""Closing admission in real browsers: a phone that comes late waits on its page, shows up
on the console over the socket, and opens by itself when it is let in. Also the pages a
person meets when a limit holds them back: too many wrong codes, too many logins."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, join_on_phone, log_in, wait_until_live
from tests.e2e.test_accessibility import Audit

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}}
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def ask_to_join(page: Page, server: VenueServer) -> None:
    page.goto(server.url(server.demo["urls"]["join"]))
    page.get_by_label("Folkevalgt").check()
    page.get_by_role("button", name="Bli med").click()


def test_a_late_phone_waits_until_the_facilitator_lets_it_in(
    venue_server: VenueServer, new_context
):
    audit = Audit(venue_server)
    console = audit.watch(new_context(viewport={"width": 1440, "height": 900}).new_page())
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    wait_until_live(console)
    inside = audit.watch(new_context(**PHONE).new_page())
    join_on_phone(inside, venue_server)
    admission = console.locator("#console-admission")

    admission.get_by_role("button", name="Steng for nye deltakere").click()
    expect(admission).to_contain_text("Stengt for nye deltakere")
    late, turned_away = (audit.watch(new_context(**PHONE).new_page()) for _ in range(2))
    ask_to_join(late, venue_server)
    ask_to_join(turned_away, venue_server)

    expect(late.get_by_role("heading", name="Venter på å bli sluppet inn")).to_be_visible()
    expect(admission.get_by_role("heading", name="2 telefoner venter")).to_be_visible()
    audit.check(late, "waiting phone")
    audit.check(console, "console with phones waiting")
    shot(late, "admission-waiting-390")
    shot(console, "admission-console-1440")

    admission.get_by_role("button", name="Slipp inn (telefon 1)").click()
    # The list follows over the socket; the phone still waiting is then phone 1.
    expect(admission.get_by_role("heading", name="1 telefon venter")).to_be_visible()
    admission.get_by_role("button", name="Avvis (telefon 1)").click()

    expect(late.locator("#phone-screen")).to_be_visible(timeout=10_000)  # by itself
    expect(turned_away.get_by_role("heading", name="Du ble ikke sluppet inn")).to_be_visible(
        timeout=10_000
    )
    expect(admission.locator(".waiting-list__person")).to_have_count(0)
    expect(inside.locator("#phone-screen")).to_be_visible()
    expect(console.locator("#console-joined")).to_contain_text("har blitt med")
    audit.check(turned_away, "phone turned away")
    shot(turned_away, "admission-turned-away-390")

    admission.get_by_role("button", name="Åpne for nye deltakere").click()
    expect(admission).to_contain_text("Åpent for nye")
    another = new_context(**PHONE).new_page()
    join_on_phone(another, venue_server)

    assert audit.violations == {
        "waiting phone": [],
        "console with phones waiting": [],
        "phone turned away": [],
    }
    assert audit.elsewhere == []


def test_the_pages_that_hold_back_wrong_codes_and_logins_say_why(
    venue_server: VenueServer, new_context
):
    """Last in this module: it blocks logins from this address for a quarter of an hour."""
    audit = Audit(venue_server)
    phone = audit.watch(new_context(viewport={"width": 320, "height": 640}).new_page())
    for _ in range(10):
        phone.goto(venue_server.url("/j/000001/"))
    phone.goto(venue_server.url("/j/000001/"))
    expect(phone.get_by_role("alert")).to_contain_text(
        re.compile(r"svaret på neste feil kode kommer om 2 sekunder")
    )
    audit.check(phone, "wrong code, slowed")
    shot(phone, "join-slowed-320")

    page = audit.watch(new_context(viewport={"width": 390, "height": 844}).new_page())
    for _ in range(10):
        page.goto(venue_server.url("/login/"))
        page.get_by_label("Brukernavn").fill("ukjent")
        page.get_by_label("Passord").fill("feil passord")
        page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="For mange innloggingsforsøk")).to_be_visible()
    audit.check(page, "login blocked")
    shot(page, "login-blocked-390")

    assert audit.violations == {"wrong code, slowed": [], "login blocked": []}
    assert audit.elsewhere == []
