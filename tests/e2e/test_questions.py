"""Questions from the room in real browsers: three phones ask and upvote, the projector's
top question and counts are exact, the facilitator answers one, approves a held one, and
a phone that floods is told when it can ask again."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import go_to, slide_poll

pytestmark = pytest.mark.e2e


def open_questions(console: Page, title: str) -> None:
    rounds = console.get_by_role("region", name="Spørsmål fra salen")
    rounds.get_by_role("listitem").filter(has_text=title).get_by_role(
        "button", name="Åpne for spørsmål", exact=True
    ).click()
    expect(console.locator("#console-questions h2")).to_have_text(
        "Spørsmål fra salen: Tar imot spørsmål"
    )


def ask(phone: Page, text: str) -> None:
    phone.get_by_label("Ditt spørsmål").fill(text)
    phone.get_by_role("button", name="Send spørsmålet").click()


def upvote(phone: Page, text: str) -> None:
    item = phone.locator(".room-question").filter(has_text=text)
    item.get_by_role("button", name=re.compile("^(Stem opp|Du stemte)")).click()
    expect(item.locator(".upvote")).to_have_attribute("aria-pressed", "true")


def projector_list(projector: Page) -> list[tuple[str, str]]:
    items = projector.locator(".top-questions__item")
    return [
        (
            item.locator(".top-questions__number").inner_text(),
            item.locator(".top-questions__text").inner_text(),
        )
        for item in items.all()
    ]


def moderate(console: Page, text: str, action: str) -> None:
    row = console.locator(".console-question").filter(has_text=text)
    button = row.get_by_role("button", name=action, exact=True)
    expect(button).to_have_accessible_description(text)
    button.click()


def test_three_phones_ask_and_upvote_and_the_facilitator_answers_on_the_projector(
    open_room: Any,
):
    room = open_room(3)
    console, projector, (kari, ola, per) = room.console, room.projector, room.phones
    go_to(console, "Avslutning ved ordfører")
    open_questions(console, "Spørsmål til ordføreren")
    expect(projector.locator(".projector-poll__question")).to_have_text("Spørsmål til ordføreren")

    ask(kari, "Hvordan følger vi opp seminaret?")
    expect(kari.locator(".ask .vote__confirmation")).to_have_text(
        "Spørsmålet ditt er sendt: salen ser det nå."
    )
    ask(ola, "Når er neste kommunestyremøte?")
    expect(per.locator(".room-question")).to_have_count(2)
    upvote(per, "Når er neste kommunestyremøte?")
    upvote(kari, "Når er neste kommunestyremøte?")
    upvote(ola, "Hvordan følger vi opp seminaret?")
    # Taking an upvote back, and giving it again, counts once.
    item = per.locator(".room-question").filter(has_text="Når er neste")
    item.get_by_role("button", name=re.compile("^(Stem opp|Du stemte)")).click()
    expect(item.locator(".upvote")).to_have_attribute("aria-pressed", "false")
    upvote(per, "Når er neste kommunestyremøte?")

    expect(projector.locator(".top-questions__number").first).to_have_text("2")
    expect(projector.locator(".top-questions__number").last).to_have_text("1")
    assert projector_list(projector) == [
        ("2", "Når er neste kommunestyremøte?"),
        ("1", "Hvordan følger vi opp seminaret?"),
    ]
    mark = ".room-question__mine"
    expect(kari.locator(".room-question").filter(has_text="Hvordan").locator(mark)).to_be_visible()
    expect(per.locator(".room-question").filter(has_text="Hvordan").locator(mark)).to_be_hidden()
    # Newest first, on one phone only.
    per.get_by_role("button", name="Nyeste").click()
    expect(per.locator(".room-question__text")).to_have_text(
        ["Når er neste kommunestyremøte?", "Hvordan følger vi opp seminaret?"]
    )
    expect(kari.locator(".room-question__text")).to_have_text(
        ["Når er neste kommunestyremøte?", "Hvordan følger vi opp seminaret?"]
    )
    ask(per, "Hvem tar referat?")
    expect(per.locator(".room-question__text").first).to_have_text("Hvem tar referat?")

    moderate(console, "Når er neste kommunestyremøte?", "Svar nå")
    expect(projector.locator(".answering__text")).to_have_text("Når er neste kommunestyremøte?")
    expect(projector.locator(".answering__count")).to_have_text("2 stemmer")
    expect(ola.locator(".question-list__answering")).to_contain_text("Når er neste")

    moderate(console, "Når er neste kommunestyremøte?", "Besvart")
    expect(projector.locator(".answering")).to_have_count(0)
    expect(projector.locator(".projector-questions__summary")).to_have_text(
        "2 spørsmål · 1 besvart"
    )
    expect(console.get_by_role("region", name="Besvart")).to_contain_text(
        "Når er neste kommunestyremøte?"
    )
    expect(ola.locator(".my-questions")).to_contain_text("Besvart")
    assert room.csp_violations == [[], [], [], [], []]


def test_a_held_question_waits_until_approved_and_a_flood_is_refused(open_room: Any):
    room = open_room(2)
    console, projector, (asker, other) = room.console, room.projector, room.phones
    go_to(console, "Hets mot folkevalgte")
    open_questions(console, "Spørsmål om hets")

    ask(asker, "Hva gjør vi når hetsen kommer på SMS?")
    expect(asker.locator(".ask .vote__confirmation")).to_have_text(
        "Spørsmålet ditt er sendt. Salen ser det når ordstyreren har godkjent det."
    )
    expect(asker.locator(".my-questions__item")).to_contain_text("Venter på godkjenning")
    expect(console.get_by_role("region", name="1 venter på godkjenning")).to_contain_text(
        "Hva gjør vi når hetsen kommer på SMS?"
    )
    expect(other.locator(".question-list")).to_contain_text("Ingen spørsmål ennå.")
    expect(projector.locator(".top-questions__item")).to_have_count(0)

    moderate(console, "Hva gjør vi når hetsen kommer på SMS?", "Godkjenn")
    expect(other.locator(".room-question__text")).to_have_text(
        ["Hva gjør vi når hetsen kommer på SMS?"]
    )
    expect(projector.locator(".top-questions__text")).to_have_text(
        ["Hva gjør vi når hetsen kommer på SMS?"]
    )
    expect(asker.locator(".my-questions__item")).not_to_contain_text("Venter på godkjenning")

    for number in (2, 3):
        ask(asker, f"Spørsmål nummer {number}")
        expect(asker.locator(".my-questions__item")).to_have_count(number)
    ask(asker, "Ett spørsmål for mye")
    expect(asker.locator(".ask .vote__error")).to_have_text(
        re.compile(
            r"^Du har stilt 3 spørsmål på ett minutt\. Du kan spørre igjen om \d+ sekunder?\.$"
        )
    )
    expect(asker.get_by_label("Ditt spørsmål")).to_have_value("Ett spørsmål for mye")
    assert room.csp_violations == [[], [], [], []]


def fetched_scripts_and_styles(phone: Page) -> list[str]:
    """The file names (without their hashes) of the scripts and stylesheets this phone has
    fetched so far, as the browser records them."""
    names = phone.evaluate(
        "() => performance.getEntriesByType('resource').map(entry => entry.name)"
    )
    return sorted(
        re.sub(r"\.[0-9a-f]{12}\.", ".", name.rsplit("/", 1)[-1])
        for name in names
        if re.search(r"\.(js|css)$", name)
    )


def test_a_phone_fetches_the_questions_script_only_when_questions_are_on_its_screen(
    open_room: Any,
):
    room = open_room(1)
    console, (phone,) = room.console, room.phones
    go_to(console, "Dette er kommunesektoren", "Hva er egentlig kommunepolitikk?")
    slide_poll(console, "Hva er egentlig kommunepolitikk?", "Åpne avstemningen")
    phone.reload()  # what it fetched counts from here: the room may have had questions
    expect(phone.locator(".phone-poll")).to_contain_text("Hva er egentlig kommunepolitikk?")
    on_a_poll = fetched_scripts_and_styles(phone)

    go_to(console, "Avslutning ved ordfører")
    open_questions(console, "Spørsmål til ordføreren")
    ask(phone, "Hvem lager referatet fra seminaret?")
    mine = phone.locator(".room-question").filter(has_text="Hvem lager referatet fra seminaret?")
    expect(mine.locator(".room-question__mine")).to_be_visible()

    assert on_a_poll == ["htmx-2.min.js", "live.js", "plenum.css"]
    assert fetched_scripts_and_styles(phone) == [
        "htmx-2.min.js",
        "live.js",
        "plenum.css",
        "questions.js",
    ]
