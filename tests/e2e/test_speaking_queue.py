"""The speaking queue in a real room: two elected phones join two parties, an administration
phone is offered none; the console's queue holds only the parties with members, and its
reordering and skipping change the projector."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, log_in, wait_until_live

pytestmark = pytest.mark.e2e


def in_english(page: Page, server: VenueServer) -> Page:
    # The queue's words are new: not translated yet.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": server.base_url}])
    return page


def join(page: Page, server: VenueServer, side: str) -> None:
    page.goto(server.url(server.demo["urls"]["join"]))
    page.get_by_label(side, exact=True).check()
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.locator("#phone-screen")).to_be_visible()
    wait_until_live(page)


def projector_order(projector: Page) -> list[str]:
    return projector.locator(".speakers__group > strong").all_inner_texts()


def queue_button(console: Page, party: str, action: str) -> None:
    """A button of one party's row in the console's queue. The console is drawn in the
    seminar's language, where the queue's new words are not translated yet: the button
    is found by what it does."""
    row = console.locator(".queue__party").filter(has_text=party)
    row.locator(f'form[action$="/{action}/"] button').click()


def test_only_parties_with_members_queue_and_the_console_reorders_and_skips_them(
    venue_server: VenueServer, new_context
):
    console = new_context(viewport={"width": 1440, "height": 900}).new_page()
    projector = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    kari, ola, staff = (
        in_english(new_context(viewport={"width": 390, "height": 844}).new_page(), venue_server)
        for _ in range(3)
    )
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    for page in (console, projector):
        wait_until_live(page)
    join(kari, venue_server, "Elected member")
    join(ola, venue_server, "Elected member")
    join(staff, venue_server, "Administration")

    console.locator("#console-agenda").get_by_role(
        "button", name=re.compile("Gruppemøter i partiene$")
    ).click()
    on_slide = console.get_by_role("region", name="Oppgaver på dette lysbildet")
    row = on_slide.get_by_role("listitem").filter(has_text="God kultur i kommunestyret")
    row.get_by_role("button", name="Vis", exact=True).click()
    row.get_by_role("button", name="Åpne for svar", exact=True).click()
    expect(console.locator("#console-exercise .console-poll__state")).to_have_text("Åpen")

    for phone, party in ((kari, "Senterpartiet"), (ola, "Høyre")):
        phone.get_by_label(party, exact=True).check()
        phone.get_by_role("button", name="Join the group").click()
        expect(phone.locator(".group-work__name")).to_have_text(f"Your group: {party}")
    expect(staff.locator("#phone-exercise-title")).to_have_text("God kultur i kommunestyret")
    expect(staff.get_by_role("radio")).to_have_count(0)
    expect(staff.get_by_role("button", name="Join the group")).to_be_hidden()
    expect(staff.locator(".choose-group__not-offered")).to_have_text(
        "Party groups are for elected members. Follow the parties' speeches on the big screen."
    )

    queue = console.locator(".queue")
    expect(queue.locator(".queue__name")).to_have_text(["Senterpartiet", "Høyre"])
    expect(queue.locator(".queue__absent li")).to_have_text(
        [
            re.compile("^Arbeiderpartiet: "),
            re.compile("^Fremskrittspartiet: "),
            re.compile("^Sosialistisk Venstreparti: "),
            re.compile("^Kristelig Folkeparti: "),
        ]
    )
    expect(projector.locator(".speakers__group > strong")).to_have_text(["Senterpartiet", "Høyre"])

    queue_button(console, "Høyre", "queue-up")
    expect(projector.locator(".speakers__group > strong")).to_have_text(["Høyre", "Senterpartiet"])
    expect(queue.locator(".queue__name")).to_have_text(["Høyre", "Senterpartiet"])

    console.locator("#console-exercise").get_by_role("button", name="Neste taler").click()
    expect(projector.locator(".speakers__group--now > strong")).to_have_text("Høyre")
    queue_button(console, "Høyre", "queue-skip")
    expect(projector.locator(".speakers__group--now > strong")).to_have_text("Senterpartiet")
    expect(projector.locator(".speakers__group--skipped > strong")).to_have_text("Høyre")
    assert projector_order(projector) == ["Senterpartiet", "Høyre"]
    expect(queue.locator(".queue__party--skipped .queue__name")).to_have_text("Høyre")
