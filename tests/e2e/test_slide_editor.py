"""Editing the slide that is on the projector: the preview follows the typing, the room
sees nothing until the save, then the projector and the phones change without a reload."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import VenueServer, log_in

pytestmark = pytest.mark.e2e


def test_the_text_of_the_slide_on_the_projector_is_edited_and_the_room_follows(open_room: Any):
    room = open_room(phones=1)
    console, projector, phone = room.console, room.projector, room.phones[0]
    shown = projector.locator("#projector-screen .slide__title")
    before = shown.inner_text()
    projector.evaluate("document.body.dataset.loadedOnce = 'yes'")  # a reload would clear it

    with console.context.expect_page() as opened:
        console.locator("#console-current").get_by_role(
            "link", name="Rediger dette lysbildet"
        ).click()
    editor = opened.value
    editor.set_viewport_size({"width": 1440, "height": 900})
    expect(editor.get_by_role("heading", name="Rediger lysbildet", level=1)).to_be_visible()
    title = editor.get_by_label("Tittel", exact=True)
    title.fill("Velkommen til Lom")
    editor.get_by_label("Tekst på lysbildet").fill("Dag 1\n  Roller\nDag 2")

    preview = editor.locator("#slide-preview")
    expect(preview.locator(".slide__title")).to_have_text("Velkommen til Lom")
    expect(preview.locator(".phone-slide__title")).to_have_text("Velkommen til Lom")
    expect(preview.locator(".slide__bullets > li")).to_have_count(0)  # a title slide: paragraphs
    expect(shown).to_have_text(before)  # the room sees nothing before the save

    editor.get_by_role("button", name="Lagre lysbildet").click()

    expect(editor.get_by_role("status")).to_have_text("Lysbildet er lagret.")
    expect(shown).to_have_text("Velkommen til Lom")
    expect(phone.locator(".phone-slide__title")).to_have_text("Velkommen til Lom")
    assert projector.evaluate("document.body.dataset.loadedOnce") == "yes"
    assert all(violations == [] for violations in room.csp_violations)


def test_a_slide_and_a_poll_are_added_by_keyboard_alone(venue_server: VenueServer, new_context):
    page = new_context(viewport={"width": 1440, "height": 900}).new_page()
    log_in(page, venue_server)
    page.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": venue_server.base_url}]
    )
    slug = venue_server.demo["seminar"]["slug"]
    page.goto(venue_server.url(f"/seminars/{slug}/programme/"))

    page.get_by_role("link", name="Add a slide to “Velkommen”").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="New slide", level=1)).to_be_visible()
    page.get_by_label("Layout").focus()
    page.keyboard.type("Quote")  # a closed select takes the first letters of an option
    page.keyboard.press("Tab")
    page.keyboard.type("Lokaldemokratiet er folkets")
    page.keyboard.press("Tab")
    page.keyboard.type("Fra kommuneloven")
    expect(page.locator("#slide-preview .slide--quote .slide__title")).to_have_text(
        "Lokaldemokratiet er folkets"
    )
    page.get_by_label("Title", exact=True).press("Enter")

    expect(page.get_by_role("status")).to_have_text("The slide is added to the programme.")
    page.get_by_label("Kind of poll").focus()
    page.keyboard.type("Scale")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add a poll")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="New poll", level=1)).to_be_visible()
    page.get_by_label("Question").focus()
    page.keyboard.type("Hvor enig er du?")
    page.get_by_role("button", name="Save the poll").focus()  # the question is a text area
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").filter(has_text="The poll is made.")).to_be_visible()
    page.get_by_role("link", name="Back to the slide").focus()
    page.keyboard.press("Enter")
    polls = page.get_by_role("region", name="Activities on this slide")
    expect(polls.get_by_role("link", name="Hvor enig er du?")).to_be_visible()
    expect(polls).to_contain_text("Scale")
