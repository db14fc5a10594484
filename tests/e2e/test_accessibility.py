"""Every screen and state, audited with axe-core (WCAG 2.0, 2.1 and 2.2, A and AA), and
watched for any request to another host: a venue network may have no internet, and
participants' phones must not be sent anywhere else."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Page, expect

from tests.decks import pdf_deck
from tests.e2e.conftest import VenueServer, log_in, wait_until_live
from tests.e2e.test_exercises import add_to_flipover, join_at_table

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


class Audit:
    """What axe finds on each screen, and every request that left the server."""

    def __init__(self, server: VenueServer) -> None:
        self.host = urlparse(server.base_url).hostname
        self.violations: dict[str, list[str]] = {}
        self.elsewhere: list[str] = []

    def watch(self, page: Page) -> Page:
        page.on("request", self._request)
        return page

    def _request(self, request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in {"http", "https", "ws", "wss"} and url.hostname != self.host:
            self.elsewhere.append(request.url)

    def check(self, page: Page, screen: str) -> None:
        result = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        self.violations[screen] = [
            f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
            for violation in result.response["violations"]
        ]


def go_to(console: Page, item: str, slide: str | None = None) -> None:
    console.locator("#console-agenda").get_by_role(
        "button", name=re.compile(re.escape(item) + "$")
    ).click()
    if slide is not None:
        strip = console.get_by_role("list", name="Lysbilder i dette programpunktet")
        strip.get_by_role("button", name=slide, exact=True).click()
        expect(console.locator("#console-current .slide__title")).to_have_text(slide)


def slide_poll(console: Page, question: str, action: str) -> None:
    polls = console.get_by_role("region", name="Avstemninger på dette lysbildet")
    row = polls.get_by_role("listitem").filter(has_text=question)
    row.get_by_role("button", name=action, exact=True).click()


def poll_button(console: Page, label: str) -> None:
    console.locator("#console-poll").get_by_role("button", name=label, exact=True).click()


def slide_survey(console: Page, action: str) -> None:
    """A button of the slide's survey on the console, by what it does ("show", "open")."""
    surveys = console.locator("section[aria-labelledby=slide-surveys-heading]")
    surveys.locator(f"form[action$='/{action}/'] button").click()


def survey_button(console: Page, action: str) -> None:
    """A button of the survey on screen, by what it does ("close", "show-results", …)."""
    console.locator(f"#console-survey form[action$='/{action}/'] button").click()


def run_exercise(console: Page, projector: Page, title: str) -> None:
    exercises = console.get_by_role("region", name="Oppgaver på dette lysbildet")
    row = exercises.get_by_role("listitem").filter(has_text=title)
    row.get_by_role("button", name="Vis", exact=True).click()
    expect(projector.locator("#exercise-title")).to_have_text(title)
    row.get_by_role("button", name="Åpne for svar", exact=True).click()
    expect(console.locator("#console-exercise .console-poll__state")).to_have_text("Åpen")


def test_every_screen_and_state_passes_axe_and_asks_no_other_host(
    venue_server: VenueServer, new_context
):
    audit = Audit(venue_server)
    visitor = audit.watch(new_context().new_page())
    for path, screen in [
        ("/", "front page"),
        ("/login/", "log in"),
        ("/about/", "about"),
        (venue_server.demo["urls"]["join"], "join"),
        ("/admin/login/", "admin log in"),
    ]:
        response = visitor.goto(venue_server.url(path))
        assert response is not None and response.status == 200, path
        audit.check(visitor, screen)

    console = audit.watch(new_context(viewport={"width": 1400, "height": 1000}).new_page())
    projector = audit.watch(new_context(viewport={"width": 1280, "height": 720}).new_page())
    phone = audit.watch(new_context(viewport={"width": 390, "height": 844}).new_page())
    log_in(console, venue_server)
    audit.check(console, "my seminars")
    for path, screen in [
        ("/seminars/sel-2023/programme/", "programme"),
        ("/seminars/sel-2023/groups/", "groups"),
        ("/seminars/sel-2023/notes/", "notes and deletion"),
        ("/seminars/new/from-file/", "new seminar from a programme file"),
    ]:
        response = console.goto(venue_server.url(path))
        assert response is not None and response.status == 200, path
        audit.check(console, screen)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    join_at_table(phone, venue_server, "Bord 1")
    for page in (console, projector, phone):
        wait_until_live(page)
    audit.check(console, "console")
    audit.check(projector, "projector: the join slide")
    audit.check(phone, "phone: welcome on the join slide")
    go_to(console, "Velkommen", "Dagens temaer")
    expect(projector.locator(".join-banner")).to_be_visible()
    audit.check(projector, "projector: slide and join banner")
    audit.check(phone, "phone: slide")
    console.get_by_role("button", name="10 min", exact=True).click()
    expect(projector.locator("#timer")).to_be_visible()
    audit.check(projector, "projector: timer")
    with console.expect_response(lambda response: "/timer-keep/" in response.url):
        console.locator("#timer-keep").check()
    expect(console.locator(".console-timer__schedule")).to_be_visible()
    audit.check(console, "console: a timer for the item, kept running, the agenda's clock")

    # Polls: multiple choice, traffic light, scale, open text; open, answered, closed.
    go_to(console, "Dette er kommunesektoren", "Hva er egentlig kommunepolitikk?")
    slide_poll(console, "Hva er egentlig kommunepolitikk?", "Åpne avstemningen")
    expect(phone.get_by_role("button", name="Send svar")).to_be_visible()
    audit.check(phone, "phone: multiple choice, open")
    phone.locator(".vote__choice input").first.check()
    phone.get_by_role("button", name="Send svar").click()
    expect(phone.locator(".vote__confirmation")).to_be_visible()
    audit.check(phone, "phone: multiple choice, answered")
    audit.check(projector, "projector: live results")
    poll_button(console, "Steng avstemningen")
    expect(phone.locator(".poll__closed")).to_be_visible()
    audit.check(phone, "phone: poll closed")
    audit.check(console, "console: poll")

    # A ranking: one list of every choice, put in order by Up and Down (or by drag);
    # points on the projector.
    go_to(console, "Dette er kommunesektoren", "Utfordringer for kommunal sektor")
    slide_poll(console, "Hvilke tre utfordringer bør vår kommune ta først?", "Åpne avstemningen")
    expect(phone.get_by_text("Din rekkefølge", exact=True)).to_be_visible()
    audit.check(phone, "phone: ranking, open")
    phone.get_by_role("button", name="Flytt opp: Mangel på kompetanse og arbeidskraft").click()
    expect(phone.get_by_text("Mangel på kompetanse og arbeidskraft: plass 1")).to_be_attached()
    audit.check(phone, "phone: ranking, one choice placed")
    phone.get_by_role("button", name="Send svar").click()
    expect(phone.locator(".vote__confirmation")).to_be_visible()
    audit.check(phone, "phone: ranking, answered")
    audit.check(projector, "projector: ranking results")
    audit.check(console, "console: ranking")
    poll_button(console, "Steng avstemningen")

    # Questions from the room: the phone's own question and upvotes, the console's lists,
    # the projector's top questions and the one being answered.
    go_to(console, "Avslutning ved ordfører")
    console.get_by_role("region", name="Spørsmål fra salen").get_by_role(
        "button", name="Åpne for spørsmål", exact=True
    ).click()
    phone.get_by_label("Ditt spørsmål").fill("Hvordan følger vi opp seminaret?")
    phone.get_by_role("button", name="Send spørsmålet").click()
    expect(phone.locator(".my-questions__item")).to_be_visible()
    phone.get_by_role("button", name=re.compile("^Stem opp")).click()
    expect(phone.locator(".upvote")).to_have_attribute("aria-pressed", "true")
    audit.check(phone, "phone: questions from the room, asked and upvoted")
    audit.check(projector, "projector: questions from the room")
    console.locator(".console-question").get_by_role("button", name=re.compile("^Svar nå")).click()
    expect(projector.locator(".answering__text")).to_be_visible()
    audit.check(projector, "projector: a question being answered")
    audit.check(console, "console: questions from the room")

    go_to(
        console,
        "Habilitet, etikk, sosiale medier: Rødt eller grønt lys?",
        "Rødt eller grønt lys? Del 1",
    )
    slide_poll(console, "Formannskapet", "Åpne avstemningen")
    expect(phone.locator(".vote__choice--red")).to_be_visible()
    audit.check(phone, "phone: traffic light, open")
    phone.locator(".vote__choice--red input").check()
    phone.get_by_role("button", name="Send svar").click()
    expect(phone.locator(".vote__confirmation")).to_be_visible()
    audit.check(phone, "phone: traffic light, answered")
    poll_button(console, "Steng avstemningen")
    expect(phone.locator(".poll__closed")).to_be_visible()
    audit.check(phone, "phone: traffic light, closed")
    poll_button(console, "Vis resultatet")
    poll_button(console, "Vis fasit")
    expect(projector.locator(".answer-key")).to_be_visible()
    audit.check(projector, "projector: traffic light results and answer key")
    audit.check(phone, "phone: traffic light results and answer key")

    run_exercise(console, projector, "Rødt eller grønt lys? Del 1: gruppenes dom")
    expect(phone.get_by_role("button", name="Gi gruppens dom")).to_be_visible()
    audit.check(phone, "phone: dilemma verdict")
    phone.locator(".entry__verdict input[value=red]").check()
    phone.get_by_role("button", name="Gi gruppens dom").click()
    console.locator("#console-exercise").get_by_role("button", name="Vis fram").click()
    expect(projector.locator(".sheet--red")).to_be_visible()
    audit.check(projector, "projector: dilemma verdicts")

    # The evaluation: a survey of scales and an open question on one phone page.
    go_to(console, "Evaluering")
    slide_survey(console, "open")
    expect(phone.locator(".survey__form .vote__choices--scale").first).to_be_visible()
    audit.check(phone, "phone: survey, open")
    audit.check(projector, "projector: survey, who has finished")
    phone.locator(".survey__question").first.locator("input[value='4']").check()
    phone.get_by_label("Ditt svar").fill("Dilemmaene var nyttige")
    phone.locator(".survey__form button[type=submit]").click()
    expect(phone.locator(".survey__confirmation")).to_be_visible()
    audit.check(phone, "phone: survey, answered in part")
    audit.check(console, "console: survey")
    survey_button(console, "show-results")
    expect(projector.locator(".answer-wall")).to_contain_text("Dilemmaene var nyttige")
    audit.check(projector, "projector: survey results")
    audit.check(phone, "phone: survey results")
    survey_button(console, "close")
    expect(phone.locator(".phone-survey .poll__closed")).to_be_visible()
    audit.check(phone, "phone: survey, closed")

    # Exercises, each kind: the phone's form and the projector's view.
    go_to(console, "Visittkort")
    run_exercise(console, projector, "Visittkort")
    expect(phone.get_by_label("Navn")).to_be_visible()
    audit.check(phone, "phone: business card")
    phone.get_by_label("Navn").fill("Kari")
    phone.get_by_role("button", name="Lagre kortet mitt").click()
    expect(projector.locator(".gallery__name")).to_have_text("Kari")
    audit.check(projector, "projector: card gallery")

    go_to(console, "Gruppeoppgave: Hva risikerer vi som kommune?")
    run_exercise(console, projector, "Hva risikerer vi som kommune?")
    add_to_flipover(phone, "Fraflytting")
    expect(projector.get_by_role("article", name="Bord 1", exact=True)).to_contain_text(
        "Fraflytting"
    )
    audit.check(phone, "phone: flipover")
    audit.check(projector, "projector: every table's sheet")
    audit.check(console, "console: moderation")
    console.locator("#console-exercise").get_by_role("button", name="Neste gruppe").click()
    expect(projector.locator(".sheet-focus")).to_be_visible()
    audit.check(projector, "projector: one table's sheet, full size")

    go_to(console, "Refleksjonsoppgave: Sykehjemsplass", "Sykehjemsplass")
    run_exercise(console, projector, "Refleksjonsoppgave: Sykehjemsplass")
    expect(phone.get_by_role("button", name="Lagre gruppens svar")).to_be_visible()
    audit.check(phone, "phone: case questions")

    go_to(console, "Papirtårn: En oppgave om planlegging og samspill")
    run_exercise(console, projector, "Papirtårn")
    phone.get_by_label("Tårnets høyde i cm").fill("143")
    phone.get_by_role("button", name="Send lagets høyde").click()
    expect(projector.locator(".contest-teams__sent")).to_have_count(1)
    audit.check(projector, "projector: contest before the reveal")
    console.locator("#console-exercise").get_by_role("button", name="Vis fram").click()
    expect(projector.locator(".winner")).to_be_visible()
    expect(projector.locator(".podium__team--winner")).to_contain_text("143 cm")
    audit.check(phone, "phone: contest")
    audit.check(projector, "projector: leaderboard and winner")

    go_to(console, "Gule lapper: Når jeg tenker på dag 1")
    run_exercise(console, projector, "Gule lapper: Når jeg tenker på dag 1")
    phone.get_by_label("Lappen din").fill("Habilitet var nytt")
    phone.get_by_role("button", name="Legg til").click()
    expect(projector.locator(".note")).to_contain_text("Habilitet var nytt")
    audit.check(phone, "phone: sticky notes")
    audit.check(projector, "projector: the wall")
    panel = console.locator("#console-exercise")
    expect(panel).to_contain_text("1 bidrag")
    panel.get_by_label("Nytt tema").fill("Roller")
    panel.get_by_role("button", name="Legg til tema").click()
    # The socket's copy of the panel follows the click's own answer and redraws it; a
    # second note, broadcast after it on the same socket, says it has come.
    phone.get_by_label("Lappen din").fill("Mer tid til spørsmål")
    phone.get_by_role("button", name="Legg til").click()
    expect(panel).to_contain_text("2 bidrag")
    panel.get_by_role("checkbox", name="Habilitet var nytt").check()
    expect(panel.locator("[data-ticked-status]")).to_have_text("1 lapp avkrysset")
    audit.check(console, "console: sorting notes, one ticked")
    panel.locator(".moderation").filter(has_text="Habilitet var nytt").get_by_role(
        "button", name="Framhev"
    ).click()
    panel.get_by_role("button", name="Vis i fullskjerm").click()
    expect(projector.locator(".spotlight__text")).to_have_text("Habilitet var nytt")
    audit.check(projector, "projector: a note full screen")

    go_to(console, "Gruppemøter i partiene")
    run_exercise(console, projector, "God kultur i kommunestyret")
    expect(phone.get_by_role("group", name="Hvilken gruppe er du med i?")).to_be_visible()
    audit.check(phone, "phone: choose a party group")
    phone.get_by_label("Arbeiderpartiet", exact=True).check()
    phone.get_by_role("button", name="Bli med i gruppen").click()
    expect(phone.locator(".group-work__name")).to_be_visible()
    queue = console.locator(".queue")
    expect(queue.locator(".queue__name")).to_have_text(["Arbeiderpartiet"])
    audit.check(console, "console: speaking queue, parties left out")
    console.locator("#console-exercise").get_by_role("button", name="Neste taler").click()
    expect(projector.locator(".speakers__group--now")).to_be_visible()
    expect(queue.locator(".queue__party--speaking")).to_have_count(1)
    audit.check(projector, "projector: speaking queue")
    audit.check(console, "console: speaking queue, a party speaking")

    go_to(console, "Forventningsavklaring")
    run_exercise(console, projector, "Forventningsavklaring")
    phone.get_by_label("Et punkt gruppen er enig om").fill("Tydelige saksframlegg")
    phone.get_by_role("button", name="Legg til").click()
    expect(projector.locator(".sides")).to_contain_text("Tydelige saksframlegg")
    audit.check(phone, "phone: expectations")
    audit.check(projector, "projector: the two sides")

    # The facilitator's own slides: a file refused at once, then a deck on the projector.
    own_slides = console.get_by_role("region", name="Egne lysbilder")
    file_field = own_slides.get_by_label("PDF- eller PowerPoint-fil")
    file_field.set_input_files(
        {"name": "notater.txt", "mimeType": "text/plain", "buffer": b"Bare notater"}
    )
    own_slides.get_by_role("button", name="Importer").click()
    expect(own_slides.locator(".field-errors")).to_be_visible()
    audit.check(console, "console: deck refused")
    file_field.set_input_files(
        {"name": "sel.pdf", "mimeType": "application/pdf", "buffer": pdf_deck("Sel i tall")}
    )
    own_slides.get_by_role("button", name="Importer").click()
    expect(own_slides.locator(".deck-import__outcome")).to_be_visible(timeout=30_000)
    audit.check(console, "console: deck imported")
    own_slides.get_by_role("button", name="Vis det første av dem på lerretet").click()
    expect(projector.locator(".slide--page img")).to_be_visible()
    audit.check(projector, "projector: an imported page")

    # The party list's editor, its rename and delete forms open (a party with a member).
    console.goto(venue_server.url("/seminars/sel-2023/groups/"))
    parties = console.locator("section.grouping").filter(has=console.locator("#grouping-party"))
    parties.locator("details.group-edit__rename summary").first.click()
    parties.locator("details.group-edit__delete summary").first.click()
    expect(parties.locator("input[name=confirm]").first).to_be_visible()
    audit.check(console, "groups: the party list's editor")

    assert {screen: found for screen, found in audit.violations.items() if found} == {}
    assert len(audit.violations) == 69  # every screen above was audited
    assert audit.elsewhere == []


def test_phone_screens_reflow_at_320_pixels_without_sideways_scrolling(
    venue_server: VenueServer, new_context
):
    """WCAG 1.4.10: a 320 px wide screen (a phone, or 1280 px at 400 % zoom)."""
    phone = new_context(viewport={"width": 320, "height": 640}).new_page()

    def overflow() -> int:
        return int(phone.evaluate("document.documentElement.scrollWidth")) - 320

    phone.goto(venue_server.url(venue_server.demo["urls"]["join"]))
    at_join = overflow()
    join_at_table(phone, venue_server, "Bord 2")
    at_phone = overflow()
    phone.goto(venue_server.url("/about/"))

    assert (at_join, at_phone, overflow()) == (0, 0, 0)
