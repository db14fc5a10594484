"""A facilitator makes a seminar from nothing in the editor, then runs it: the projector
shows each thing made, two phones vote and write, the results are exact, and the session
notes hold them."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, log_in, wait_until_live, watch_csp_violations
from tests.e2e.test_accessibility import go_to, run_exercise, slide_poll

pytestmark = pytest.mark.e2e


def picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 450), (0, 90, 140)).save(out, format="PNG")
    return out.getvalue()


def result_counts(page: Page) -> list[tuple[str, str]]:
    labels = [
        " ".join(text.split()) for text in page.locator(".result-row__label").all_inner_texts()
    ]
    counts = page.locator(".result-row__count").all_inner_texts()
    return list(zip(labels, counts, strict=True))


def add_item(editor: Page, day: str, title: str, starts_at: str, minutes: str, kind: str) -> None:
    form = editor.get_by_role("form", name=f"A new item on {day}")
    form.get_by_label("Title", exact=True).fill(title)
    form.get_by_label("Starts at").fill(starts_at)
    form.get_by_label("Minutes").fill(minutes)
    form.get_by_label("Kind").select_option(label=kind)
    form.get_by_role("button", name="Add the item").click()
    expect(editor.get_by_role("heading", name=re.compile(re.escape(title)))).to_be_visible()


def new_slide(editor: Page, programme: str, item: str, layout: str, title: str, body: str) -> str:
    editor.goto(programme)
    editor.get_by_role("link", name=f"Add a slide to “{item}”").click()
    editor.get_by_label("Layout").select_option(label=layout)
    editor.get_by_label("Title", exact=True).fill(title)
    editor.get_by_label("Text on the slide").fill(body)
    return editor.url


def test_an_empty_seminar_is_built_in_the_editor_and_presented(
    venue_server: VenueServer, new_context: Any
):
    editor = new_context(viewport={"width": 1440, "height": 900}).new_page()
    violations = watch_csp_violations(editor)
    log_in(editor, venue_server)
    editor.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": venue_server.base_url}]
    )

    # An empty seminar for Lom, in bokmål for the room.
    editor.goto(venue_server.url("/seminars/new/"))
    editor.get_by_label("Municipality or county").fill("Lom kommune")
    editor.get_by_label("Title", exact=True).fill("Folkevalgtopplæring i Lom")
    editor.get_by_label("First day").fill("2027-11-04")
    editor.get_by_role("radio", name=re.compile("An empty programme")).check()
    editor.get_by_role("button", name="Create seminar").click()
    expect(editor.get_by_role("heading", name="Lom kommune", level=1)).to_be_visible()
    programme = editor.url
    join_code = editor.locator(".join-code").first.inner_text()
    projector_url = editor.get_by_role("link", name="Open the projector").get_attribute("href")
    console_url = editor.get_by_role("link", name="Open the console").get_attribute("href")

    # A day with two items: the first one the empty programme has, and one more.
    editor.get_by_role("link", name="Days and agenda items").click()
    first_item = editor.locator(".agenda-item__title").first.inner_text().split(" ", 1)[1]
    add_item(editor, "Day 1", "Roller og dilemmaer", "10:00", "60", "Exercise")

    # A bullets slide with a picture, and a scale poll with labels on it.
    new_slide(
        editor,
        programme,
        first_item,
        "Bullets",
        "Hva er en folkevalgt?",
        "Tillit\n  Fra innbyggerne\nAnsvar",
    )
    editor.get_by_label("Picture").set_input_files(
        {"name": "lom.png", "mimeType": "image/png", "buffer": picture()}
    )
    editor.get_by_label("Text alternative").fill("Lom kyrkje i snø")
    editor.get_by_role("button", name="Add the slide").click()
    expect(editor.get_by_role("status").filter(has_text="added")).to_be_visible()
    expect(editor.locator("#slide-preview .slide__image")).to_have_attribute(
        "alt", "Lom kyrkje i snø"
    )
    editor.get_by_label("Kind of poll").select_option(label="Scale")
    editor.get_by_role("button", name="Add a poll").click()
    editor.get_by_label("Question").fill("Hvor godt kjenner du rollen din?")
    editor.get_by_label("The scale ends at").fill("5")
    editor.get_by_label("Words at the low end").fill("Ikke i det hele tatt")
    editor.get_by_label("Words at the high end").fill("Svært godt")
    editor.get_by_role("button", name="Save the poll").click()
    expect(editor.get_by_role("status").filter(has_text="made")).to_be_visible()

    # A traffic-light dilemma with its answer key, and a brainstorm, in the second item.
    new_slide(
        editor,
        programme,
        "Roller og dilemmaer",
        "Case",
        "Habilitet",
        "Et styremedlem i idrettslaget skal behandle søknaden.",
    )
    editor.get_by_role("button", name="Add the slide").click()
    dilemma_slide = editor.url
    editor.get_by_label("Kind of poll").select_option(label="Traffic light")
    editor.get_by_role("button", name="Add a poll").click()
    editor.get_by_label("Question").fill("Kan hun delta i behandlingen?")
    for number, label in enumerate(
        ["Grønt lys: greit", "Usikker", "Rødt lys: ikke greit"], start=1
    ):
        editor.get_by_label(f"Choice {number}", exact=True).fill(label)
    editor.get_by_label("The answer", exact=True).fill("Rødt lys: hun er inhabil.")
    editor.get_by_label("The rules it rests on").fill("Forvaltningsloven § 6 første ledd")
    editor.get_by_label("The law as of").fill("Lov 2023-06-16")
    editor.get_by_role("button", name="Save the poll").click()
    expect(editor.get_by_role("status").filter(has_text="made")).to_be_visible()
    editor.goto(dilemma_slide)
    editor.get_by_label("Kind of exercise").select_option(label="Brainstorm (flipover)")
    editor.get_by_role("button", name="Add an exercise").click()
    editor.get_by_label("Title", exact=True).fill("Hva trenger Lom?")
    editor.get_by_label("Prompt").fill("Skriv så mange svar som mulig.")
    editor.get_by_label("Who works together").select_option(
        label="Elected members and administration"
    )
    editor.get_by_role("button", name="Make the exercise").click()
    expect(editor.get_by_role("status").filter(has_text="made")).to_be_visible()

    # The seminar runs: a console in the room's bokmål, the projector, two phones.
    console = new_context(viewport={"width": 1440, "height": 900}).new_page()
    projector = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    phones = [new_context(viewport={"width": 390, "height": 844}).new_page() for _ in range(2)]
    violations_per_page = [watch_csp_violations(page) for page in [console, projector, *phones]]
    log_in(console, venue_server)
    console.goto(venue_server.url(console_url))
    projector.goto(venue_server.url(projector_url))
    for phone in phones:
        phone.goto(venue_server.url(f"/j/{join_code}/"))
        phone.get_by_label("Folkevalgt").check()
        phone.get_by_role("button", name="Bli med").click()
    for page in [console, projector, *phones]:
        wait_until_live(page)

    go_to(console, first_item, "Hva er en folkevalgt?")
    expect(projector.locator(".slide__title")).to_have_text("Hva er en folkevalgt?")
    expect(projector.locator(".slide__image")).to_have_attribute("alt", "Lom kyrkje i snø")
    assert projector.locator(".slide__image").evaluate("image => image.naturalWidth") == 800
    expect(projector.locator(".slide__bullets > li")).to_have_count(2)
    expect(phones[0].locator(".phone-slide__picture")).to_contain_text("Lom kyrkje i snø")
    slide_poll(console, "Hvor godt kjenner du rollen din?", "Åpne avstemningen")
    for phone, value in zip(phones, ["2", "5"], strict=True):
        expect(phone.locator(".vote__choices--scale")).to_contain_text("Ikke i det hele tatt")
        phone.locator(f".vote__choices--scale input[value='{value}']").check()
        phone.get_by_role("button", name="Send svar").click()
        expect(phone.locator(".vote__confirmation")).to_be_visible()
    expect(projector.locator(".poll__answered")).to_have_text("2 av 2 har svart")
    expect(projector.locator(".results__mean")).to_contain_text("3,5")

    go_to(console, "Roller og dilemmaer")  # its one slide
    expect(projector.locator(".slide__title")).to_have_text("Habilitet")
    slide_poll(console, "Kan hun delta i behandlingen?", "Åpne avstemningen")
    for phone, light in zip(phones, ["Rødt lys", "Grønt lys"], strict=True):
        phone.get_by_role("radio", name=re.compile(f"^{light}")).check()
        phone.get_by_role("button", name="Send svar").click()
        expect(phone.locator(".vote__confirmation")).to_be_visible()
    expect(projector.locator(".poll__answered")).to_have_text("2 av 2 har svart")
    assert result_counts(projector) == [
        ("Grønt lys: greit", "1"),
        ("Usikker", "0"),
        ("Rødt lys: ikke greit", "1"),
    ]
    console.locator("#console-poll").get_by_role("button", name="Vis fasit", exact=True).click()
    expect(projector.locator(".answer-key")).to_contain_text("Forvaltningsloven § 6 første ledd")

    run_exercise(console, projector, "Hva trenger Lom?")
    for phone, answer in zip(phones, ["Flere lærlingplasser", "Bedre veier"], strict=True):
        phone.get_by_label("Gruppens svar").fill(answer)
        phone.get_by_role("button", name="Legg til", exact=True).click()
        expect(phone.locator(".entry__saved")).to_be_visible()
    sheet = projector.get_by_role("article", name="Folkevalgte", exact=True)
    expect(sheet.get_by_role("listitem")).to_have_text(["Flere lærlingplasser", "Bedre veier"])

    notes = editor.request.get(programme.replace("/programme/", "/notes/md/"))
    text = notes.text()
    assert notes.status == 200
    for expected in [
        "#### Hvor godt kjenner du rollen din?\n\n_2 svar._",
        "| 2 | 1 | 50 % |\n| 3 | 0 | 0 % |\n| 4 | 0 | 0 % |\n| 5 | 1 | 50 % |\n\nSnitt: 3,5",
        "| Grønt lys: greit | 1 | 50 % |\n| Usikker | 0 | 0 % |\n"
        "| Rødt lys: ikke greit | 1 | 50 % |",
        "Fasit: Rødt lys: hun er inhabil.",
        "##### Folkevalgte\n\n- Flere lærlingplasser\n- Bedre veier",
    ]:
        assert expected in text, expected
    assert violations == [] and violations_per_page == [[]] * 4
