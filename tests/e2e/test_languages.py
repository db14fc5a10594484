"""A phone switches to nynorsk and back, and keeps its choice, live screens included."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, join_on_phone, log_in, wait_until_live

pytestmark = pytest.mark.e2e


def choose_language(phone: Page, language: str, button: str) -> None:
    phone.get_by_label("Språk").select_option(label=language)
    phone.get_by_role("button", name=button, exact=True).click()


def test_a_phone_switches_to_nynorsk_and_back_and_live_screens_follow(
    venue_server: VenueServer, new_context
):
    console = new_context().new_page()
    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    join_on_phone(phone, venue_server)
    expect(phone.locator("html")).to_have_attribute("lang", "nb")
    expect(phone.locator(".phone__me")).to_have_text("Folkevalgt")

    choose_language(phone, "Norsk (nynorsk)", "Endre")
    expect(phone.locator("html")).to_have_attribute("lang", "nn")
    expect(phone.locator(".phone__me")).to_have_text("Folkevald")
    expect(phone.get_by_role("link", name="Hopp til innhaldet")).to_be_attached()
    wait_until_live(phone)
    console.get_by_role("button", name="Svart projektor").click()  # a live screen in nynorsk
    expect(phone.locator(".phone__waiting")).to_have_text("Sjå opp på lerretet.")
    phone.reload()
    expect(phone.locator("html")).to_have_attribute("lang", "nn")

    choose_language(phone, "Norsk (bokmål)", "Endre")
    expect(phone.locator("html")).to_have_attribute("lang", "nb")
    expect(phone.locator(".phone__waiting")).to_have_text("Se opp på lerretet.")
    console.get_by_role("button", name="Svart projektor").click()
