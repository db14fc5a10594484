"""The programme editor's pages in a real browser: keyboard, axe, and how they look."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, drag, log_in
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
    # The button pressed has the focus again (each move waited for by its new place):
    # pressed twice, the item moves two places; the next Tab reaches "later", and it
    # comes one place back.
    titles = page.locator("#day-1 .agenda-item__title")
    expect(titles.nth(-2)).to_have_text("14.50 Spørsmål fra salen")
    earlier = moved.get_by_role("button", name="Flytt tidligere Spørsmål fra salen")
    expect(earlier).to_be_focused()
    page.keyboard.press("Enter")
    expect(titles.nth(-3)).to_have_text("14.50 Spørsmål fra salen")
    expect(earlier).to_be_focused()
    page.keyboard.press("Tab")
    expect(moved.get_by_role("button", name="Flytt senere Spørsmål fra salen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(titles.nth(-3)).to_have_text("14.25 Hets mot folkevalgte")
    expect(titles.nth(-2)).to_have_text("14.50 Spørsmål fra salen")
    expect(moved.locator(".agenda-item__warnings")).to_contain_text(
        "den begynner før programpunktet før slutter."
    )
    expect(moved.locator(".agenda-item__warnings")).to_contain_text(
        "den slutter etter at dagen slutter."
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


def drag_into_day_2(page: Page, title: str) -> None:
    """Day 1's first item (titled `title`) dragged by its handle into day 2's list."""
    day_2 = page.locator("#day-2")
    drag(
        page,
        page.locator("#day-1 [data-drag-handle]").first,
        day_2.locator(".agenda-items"),
        arrived=day_2.locator(".agenda-item", has_text=title),
    )


def test_an_item_is_dragged_into_the_other_day_and_a_day_is_removed(
    venue_server: VenueServer, new_context
):
    audit = Audit(venue_server)
    context = new_context(viewport={"width": 1440, "height": 1600})
    page = audit.watch(context.new_page())
    log_in(page, venue_server)
    # In English, as a facilitator may choose.
    context.add_cookies([{"name": "django_language", "value": "en", "url": venue_server.url("/")}])
    page.goto(venue_server.url("/seminars/new/"))
    page.get_by_label("Municipality or county").fill("Dovre kommune")
    page.get_by_label("First day").fill("2027-11-01")
    page.get_by_label("An empty programme: one day with one item and a title slide").check()
    page.get_by_role("button", name="Create seminar").click()
    page.get_by_role("link", name="Days and agenda items").click()
    page.get_by_role("button", name="Add a day").click()
    add_item(page, day=1, title="Lunch", starts_at="11:30")
    day_1, day_2 = page.locator("#day-1"), page.locator("#day-2")
    expect(day_1.locator(".agenda-item__title")).to_have_text(["09.00 Velkommen", "11.30 Lunch"])

    drag_into_day_2(page, "Velkommen")

    expect(page.get_by_role("status")).to_have_text("The items are in their new order.")
    expect(day_2.locator(".agenda-item__title")).to_have_text(["09.00 Velkommen"])
    # The buttons follow: Lunch is day 1's only item now, so it moves neither way.
    lunch = day_1.locator(".agenda-item", has_text="Lunch")
    expect(lunch.get_by_role("button", name="Move earlier Lunch")).to_have_count(0)
    expect(lunch.get_by_role("button", name="Move later Lunch")).to_have_count(0)
    audit.check(page, "agenda editor after a drag")
    page.reload()
    expect(day_1.locator(".agenda-item__title")).to_have_text(["11.30 Lunch"])
    expect(day_2.locator(".agenda-item__title")).to_have_text(["09.00 Velkommen"])

    # Another window adds an item: a drag on this page, drawn before, is refused, and the
    # page shows the agenda as it is, ready for the drag again.
    other = context.new_page()
    other.goto(page.url)
    add_item(other, day=2, title="Coffee", starts_at="10:00")
    other.close()
    page.bring_to_front()  # a tab behind another runs its timers, and so Sortable, slowly
    drag_into_day_2(page, "Lunch")
    expect(page.get_by_role("status")).to_have_text(
        "The agenda was changed in another window. "
        "This page now shows it as it is: make the move again."
    )
    expect(day_1.locator(".agenda-item__title")).to_have_text(["11.30 Lunch"])
    expect(day_2.locator(".agenda-item__title")).to_have_text(["09.00 Velkommen", "10.00 Coffee"])
    drag_into_day_2(page, "Lunch")
    expect(page.get_by_role("status")).to_have_text("The items are in their new order.")
    expect(day_1.locator(".agenda-item")).to_have_count(0)
    expect(day_2.locator(".agenda-item")).to_have_count(3)

    # Day 2 holds the item on the projector (the seminar's first slide): it stays.
    page.get_by_role("link", name="Remove the day… Day 2").click()
    expect(page.get_by_role("heading", name="Remove Day 2?")).to_be_visible()
    expect(page.locator(".what-goes-items")).to_contain_text("09.00 Velkommen")
    expect(page.locator(".what-goes-items")).to_contain_text("1 slide")
    audit.check(page, "remove a day")
    page.get_by_role("button", name="Remove the day and all this").click()
    expect(page.get_by_role("alert")).to_have_text(
        "An item of that day is on the projector now. "
        "Show a slide of another day first, then remove it."
    )
    audit.check(page, "remove a day, refused")
    page.get_by_role("link", name="Keep it").click()

    page.get_by_role("link", name="Remove the day… Day 1").click()
    expect(page.get_by_text("The day has no agenda items.")).to_be_visible()
    page.get_by_role("button", name="Remove the day", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        "“Day 1” is removed with its items; any days after it are numbered one lower."
    )
    expect(page.locator(".agenda-day h2")).to_have_text(["Day 1: Tuesday 2. November 2027"])
    expect(page.get_by_role("link", name="Remove the day… Day 1")).to_have_count(0)

    assert audit.violations == {
        "agenda editor after a drag": [],
        "remove a day": [],
        "remove a day, refused": [],
    }
    assert audit.elsewhere == []


def add_item(page: Page, *, day: int, title: str, starts_at: str) -> None:
    new = page.locator(f"#day-{day} form[aria-labelledby^='new-heading-']")
    new.get_by_label("Title").fill(title)
    new.get_by_label("Starts at").fill(starts_at)
    new.get_by_role("button", name="Add the item").click()
    expect(page.locator(f"#day-{day} .agenda-item__title", has_text=title)).to_be_visible()


@pytest.mark.parametrize("width", [1440, 320])
def test_the_survey_editor_fits_a_phone_and_its_kind_picker_a_finger(
    venue_server: VenueServer, new_context, width: int
):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    log_in(page, venue_server)
    slug = venue_server.demo["seminar"]["slug"]
    page.goto(venue_server.url(f"/seminars/{slug}/programme/"))
    card = page.locator(".slide-card").filter(
        has=page.get_by_role("heading", name="Evaluering", exact=True)
    )
    card.first.get_by_role("link", name=re.compile("^Rediger")).first.click()
    page.get_by_role("region", name="Aktiviteter på dette lysbildet").get_by_role(
        "link", name="Evaluering"
    ).click()
    title = page.get_by_role("heading", name="Rediger spørreundersøkelsen", level=1)
    expect(title).to_be_visible()
    shot(page, f"survey-editor-{width}")

    picker = page.get_by_label("Type spørsmål").bounding_box()
    assert picker is not None and picker["height"] >= 44  # as tall as the button beside it
    # The long compound stays whole on its own line: two lines, not three.
    lines = title.evaluate(
        "h => Math.round(h.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(h).lineHeight))"
    )
    assert lines == (1 if width == 1440 else 2)
