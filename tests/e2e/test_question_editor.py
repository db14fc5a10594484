"""Questions from the room made in the programme editor, in a real browser: a facilitator
adds held questions to the slide on screen and the console, left open in another tab,
lists them on that slide without a reload; shown, they are held.

The editor is read in English (the facilitator's cookie); the console speaks the seminar's
language, bokmål, whoever reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import VenueServer, log_in, wait_until_live, watch_csp_violations
from tests.e2e.test_accessibility import Audit

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_held_questions_added_in_the_editor_show_on_the_consoles_slide(
    venue_server: VenueServer, new_context: Any
):
    console = new_context(viewport={"width": 1440, "height": 900}).new_page()
    violations = watch_csp_violations(console)
    log_in(console, venue_server)
    console.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": venue_server.base_url}]
    )
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    wait_until_live(console)
    on_this_slide = console.get_by_role("region", name="Spørsmål fra salen")
    planned = on_this_slide.get_by_role("listitem").filter(has_text="Spørsmål om budsjettet")
    expect(planned).to_have_count(0)

    with console.context.expect_page() as opened:
        console.locator("#console-current").get_by_role(
            "link", name="Rediger dette lysbildet"
        ).click()
    editor = opened.value
    audit = Audit(venue_server)
    audit.watch(editor)
    violations += watch_csp_violations(editor)
    editor.get_by_role("button", name="Add questions from the room").click()
    expect(
        editor.get_by_role("heading", name="New questions from the room", level=1)
    ).to_be_visible()
    audit.check(editor, "new")
    editor.get_by_label("Title", exact=True).fill("Spørsmål om budsjettet")
    editor.get_by_role("radio", name="Held for approval").check()
    expect(editor.get_by_role("radio", name="Held for approval")).to_have_accessible_description(
        "Each question waits in the console until you approve it; the room sees only the ones "
        "you approve."
    )
    editor.get_by_role("button", name="Add to the slide").click()

    expect(editor.get_by_role("status")).to_have_text(
        "The questions from the room are added to the slide. The room sees them when you show "
        "them from the console."
    )
    expect(editor.get_by_role("radio", name="Held for approval")).to_be_checked()
    audit.check(editor, "saved")
    SHOTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=str(SHOTS / "question-round-editor-1440.png"), full_page=True)
    expect(planned.locator("span").first).to_have_text("Spørsmål om budsjettet (Ikke åpnet ennå)")

    planned.get_by_role("button", name="Åpne for spørsmål", exact=True).click()

    expect(console.locator("#console-questions h2")).to_have_text(
        "Spørsmål fra salen: Tar imot spørsmål"
    )
    expect(console.locator("#console-questions .console-poll__question")).to_have_text(
        "Spørsmål om budsjettet (Holdes tilbake til ordstyreren godkjenner dem)"
    )
    assert violations == []
    assert audit.violations == {"new": [], "saved": []}
    assert audit.elsewhere == []
