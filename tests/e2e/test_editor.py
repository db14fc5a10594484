"""The programme editor's pages in a real browser: keyboard, axe, and how they look."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, log_in
from tests.e2e.test_accessibility import Audit

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_settings_and_a_new_seminar_from_nothing_by_keyboard(
    venue_server: VenueServer, new_context
):
    audit = Audit(venue_server)
    page = audit.watch(new_context(viewport={"width": 1440, "height": 900}).new_page())
    log_in(page, venue_server)
    slug = venue_server.demo["seminar"]["slug"]

    page.goto(venue_server.url(f"/seminars/{slug}/programme/"))
    page.get_by_role("link", name="Innstillinger og prosessveiledere").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Seminaret")).to_be_visible()
    audit.check(page, "settings")
    shot(page, "settings-1440")
    page.get_by_label("Brukernavnet til en kollega").fill("nobody")
    page.get_by_label("Brukernavnet til en kollega").press("Enter")
    expect(page.get_by_text("Ingen har brukernavnet «nobody» her.")).to_be_visible()
    audit.check(page, "settings, unknown colleague")

    page.goto(venue_server.url("/seminars/new/"))
    page.get_by_label("Kommune eller fylke").fill("Vågå kommune")
    page.get_by_label("Første dag").fill("2027-10-25")
    page.get_by_label("Et tomt program: én dag med ett programpunkt og et tittellysbilde").check()
    audit.check(page, "new seminar")
    shot(page, "new-seminar-1440")
    page.get_by_role("button", name="Opprett seminar").press("Enter")
    expect(page.get_by_role("heading", name="Vågå kommune", level=1)).to_be_visible()

    page.get_by_role("link", name="Min konto").click()
    page.get_by_label("Gammelt passord").fill("not it")
    page.get_by_role("button", name="Bytt passord").click()
    expect(page.get_by_text("Ditt gamle passord er galt. Vennligst prøv igjen.")).to_be_visible()
    audit.check(page, "my account, wrong password")
    shot(page, "account-1440")

    phone = audit.watch(new_context(viewport={"width": 390, "height": 844}).new_page())
    log_in(phone, venue_server)
    phone.goto(venue_server.url(f"/seminars/{slug}/settings/"))
    shot(phone, "settings-390")

    assert audit.violations == {
        "settings": [],
        "settings, unknown colleague": [],
        "new seminar": [],
        "my account, wrong password": [],
    }
    assert audit.elsewhere == []


def test_an_item_is_added_moved_and_flagged_by_keyboard_alone(
    venue_server: VenueServer, new_context
):
    audit = Audit(venue_server)
    page = audit.watch(new_context(viewport={"width": 1440, "height": 900}).new_page())
    log_in(page, venue_server)
    slug = venue_server.demo["seminar"]["slug"]
    page.goto(venue_server.url(f"/seminars/{slug}/programme/"))
    page.get_by_role("link", name="Dager og programpunkter").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Nytt programpunkt på Dag 1")).to_be_visible()

    new = page.locator("form[aria-labelledby^='new-heading-']").first
    new.get_by_label("Tittel").focus()
    page.keyboard.type("Spørsmål fra salen")
    page.keyboard.press("Tab")
    page.keyboard.type("1450")  # a time field takes the digits: 14:50
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("30")
    new.get_by_label("Tittel").press("Enter")

    added = page.locator(".agenda-item", has_text="Spørsmål fra salen")
    expect(added.get_by_role("heading")).to_have_text("14.50 Spørsmål fra salen")
    expect(added.locator(".agenda-item__warnings")).to_contain_text(
        "den slutter etter at dagen slutter."
    )
    added.get_by_role("button", name="Flytt tidligere Spørsmål fra salen").focus()
    page.keyboard.press("Enter")
    moved = page.locator(".agenda-item", has_text="Spørsmål fra salen")
    expect(moved.locator(".agenda-item__warnings")).to_contain_text(
        "den begynner før programpunktet før slutter."
    )
    audit.check(page, "agenda editor with flags")
    shot(page, "agenda-1440")

    phone = audit.watch(new_context(viewport={"width": 390, "height": 844}).new_page())
    log_in(phone, venue_server)
    phone.goto(venue_server.url(f"/seminars/{slug}/agenda/"))
    shot(phone, "agenda-390")
    remove = moved.get_by_role("link", name="Fjern … Spørsmål fra salen")
    remove.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Fjerne «Spørsmål fra salen»?")).to_be_visible()
    audit.check(page, "remove an item")
    page.get_by_role("button", name="Fjern programpunktet og alt dette").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("«Spørsmål fra salen» er fjernet.")

    assert audit.violations == {"agenda editor with flags": [], "remove an item": []}
    assert audit.elsewhere == []
