"""Every state of the programme editor, audited with axe like every other screen (see
test_accessibility.py): slides, polls of each kind, exercises of each kind, errors,
confirmations, taking from another programme, days and items, settings and accounts.
Its own server: it votes and removes things in the demo."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, join_on_phone, log_in, wait_until_live
from tests.e2e.test_accessibility import Audit, go_to, slide_poll

pytestmark = pytest.mark.e2e

POLL_KINDS = ["Single choice", "Multiple choice", "Scale", "Traffic light", "Open text"]
EXERCISE_KINDS = [
    "Brainstorm (flipover)",
    "Sticky notes",
    "Case questions",
    "Expectations",
    "Speech",
    "Contest",
    "Dilemma: red or green light",
    "Business card",
]
QUESTION = "Hva er egentlig kommunepolitikk?"


def in_english(page: Page, server: VenueServer) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": server.base_url}])


def open_slide_editor(console: Page, server: VenueServer, title: str) -> str:
    console.goto(server.url("/seminars/sel-2023/programme/"))
    card = console.locator(".slide-card").filter(
        has=console.get_by_role("heading", name=title, exact=True)
    )
    card.first.get_by_role("link", name=re.compile("^Edit")).click()
    expect(console.get_by_role("heading", name="Edit the slide", level=1)).to_be_visible()
    return console.url


def test_every_editor_state_passes_axe(venue_server: VenueServer, new_context):
    audit = Audit(venue_server)
    console = audit.watch(new_context(viewport={"width": 1440, "height": 900}).new_page())
    log_in(console, venue_server)
    in_english(console, venue_server)

    # A vote first, so the poll editor has votes to warn about.
    phone = audit.watch(new_context(viewport={"width": 390, "height": 844}).new_page())
    join_on_phone(phone, venue_server)
    room_console = audit.watch(new_context().new_page())
    log_in(room_console, venue_server)  # the console in the seminar's bokmål
    room_console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    wait_until_live(room_console)
    go_to(room_console, "Dette er kommunesektoren", QUESTION)
    slide_poll(room_console, QUESTION, "Åpne avstemningen")
    phone.locator(".vote__choice input").first.check()
    phone.get_by_role("button", name="Send svar").click()
    expect(phone.locator(".vote__confirmation")).to_be_visible()

    editor = open_slide_editor(console, venue_server, QUESTION)
    audit.check(console, "slide editor")
    console.get_by_label("Title", exact=True).fill("")
    console.get_by_role("button", name="Save the slide").click()
    expect(console.locator(".error-summary")).to_be_visible()
    audit.check(console, "slide editor: errors")

    console.goto(editor)
    console.get_by_role("link", name="Take a poll or an exercise from another programme").click()
    expect(console.get_by_role("heading", name="Take from another programme")).to_be_visible()
    audit.check(console, "take a poll or exercise from another programme")

    console.goto(editor)
    console.get_by_role("link", name=re.compile("^Remove the slide")).click()
    audit.check(console, "remove a slide with a poll")

    console.goto(editor)
    console.get_by_role("button", name="Add a slide after this one").click()
    expect(console.get_by_role("heading", name="New slide", level=1)).to_be_visible()
    audit.check(console, "new slide")

    for kind in POLL_KINDS:
        console.goto(editor)
        console.get_by_label("Kind of poll").select_option(label=kind)
        console.get_by_role("button", name="Add a poll").click()
        expect(console.get_by_role("heading", name="New poll", level=1)).to_be_visible()
        audit.check(console, f"new poll: {kind}")
    console.get_by_role("button", name="Save the poll").click()
    expect(console.locator(".error-summary")).to_be_visible()
    audit.check(console, "new poll: errors")

    for kind in EXERCISE_KINDS:
        console.goto(editor)
        console.get_by_label("Kind of exercise").select_option(label=kind)
        console.get_by_role("button", name="Add an exercise").click()
        expect(console.get_by_role("heading", name="New exercise", level=1)).to_be_visible()
        audit.check(console, f"new exercise: {kind}")
    console.get_by_role("button", name="Make the exercise").click()
    expect(console.locator(".error-summary")).to_be_visible()
    audit.check(console, "new exercise: errors")

    # The poll with a vote: a choice added asks first, and says how many votes go.
    console.goto(editor)
    console.get_by_role("link", name=re.compile(re.escape(QUESTION))).first.click()
    expect(console.get_by_role("heading", name="Edit the poll", level=1)).to_be_visible()
    audit.check(console, "poll editor: a poll with votes")
    console.get_by_role("button", name="Add a choice").click()
    last_choice = console.locator("input[name$='-label']").last
    expect(last_choice).to_be_focused()
    last_choice.fill("Alt det andre")
    console.get_by_role("button", name="Save the poll").last.click()
    expect(console.get_by_role("button", name="Save and remove the votes")).to_be_visible()
    audit.check(console, "poll editor: confirm that the votes go")
    console.get_by_role("link", name=re.compile("^Remove the poll")).click()
    audit.check(console, "remove a poll with votes")

    open_slide_editor(console, venue_server, "Sykehjemsplass")
    console.get_by_role("link", name="Refleksjonsoppgave: Sykehjemsplass").click()
    expect(console.get_by_role("heading", name="Edit the exercise", level=1)).to_be_visible()
    audit.check(console, "exercise editor")
    console.get_by_role("link", name=re.compile("^Remove the exercise")).click()
    audit.check(console, "remove an exercise")

    console.goto(venue_server.url("/seminars/sel-2023/programme/"))
    console.get_by_role(
        "link", name=re.compile("^Take a slide from another programme")
    ).first.click()
    audit.check(console, "take a slide from another programme")

    console.goto(venue_server.url("/seminars/sel-2023/agenda/"))
    audit.check(console, "days and agenda items")
    console.get_by_role("link", name=re.compile("^Remove the day")).first.click()
    audit.check(console, "remove a day")
    console.goto(venue_server.url("/seminars/sel-2023/settings/"))
    audit.check(console, "settings and facilitators")
    console.goto(venue_server.url("/account/"))
    audit.check(console, "my account")

    assert {screen: found for screen, found in audit.violations.items() if found} == {}
    assert len(audit.violations) == 30  # every state above was audited
    assert audit.elsewhere == []
