"""The phone's layout at 390 and 320 px (issue 18, item 4): the countdown at the top never
covers what a participant reads or fills in, the ends of a 1-5 scale stay with their own
buttons, and long Norwegian compounds never push the page sideways.

The demo's texts are lengthened first (questions, choices, a scale's end words), and a
timer runs on every screen checked. Set PLENUM_SHOTS_DIR to keep a screenshot of each
screen at each width and scroll position.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, log_in, wait_until_live
from tests.e2e.test_accessibility import (
    go_to,
    poll_button,
    run_exercise,
    slide_poll,
    slide_survey,
    survey_button,
)
from tests.e2e.test_exercises import add_to_flipover, join_at_table
from tests.servers import base_env, manage, prepare, running_server

pytestmark = pytest.mark.e2e

VIEWPORTS = [(390, 844), (320, 640)]
SCROLL_STOPS = [0, 0.25, 0.5, 0.75, 1]
LONG = "Forvaltningslovsbestemmelsene"
LONGER = "Kommunestyrerepresentantene"

LENGTHEN_THE_DEMO = f"""
from polls.models import Poll
for poll in Poll.objects.filter(question__startswith="Hvor nyttige"):
    poll.question = "Hvor nyttige var {LONG} for {LONGER}?"
    poll.scale_min_label = "Ikke i det hele tatt"
    poll.scale_max_label = "Svært godt"
    poll.save()
for poll in Poll.objects.filter(question__startswith="Hva er egentlig kommunepolitikk?"):
    poll.question = "Hva er egentlig kommunepolitikk? Velg det {LONGER} mener er viktigst."
    first, second = poll.choices.all()[:2]
    first.label = "Ta stilling til {LONG}"
    first.save()
    second.label = "{LONGER}"
    second.save()
"""

# Every box the participant reads or fills in on the phone's screen, where the timer's
# bar is (its full width, not only the clock), and what is drawn at each point of it.
MEASURE = """
() => {
  const timer = document.getElementById("timer");
  const screen = document.getElementById("phone-screen");
  const t = timer.getBoundingClientRect();
  const band = {left: 0, right: innerWidth, top: t.top, bottom: t.bottom};
  const name = (el) => {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    return el.tagName.toLowerCase() + (text ? ` "${text.slice(0, 40)}"` : "");
  };
  const hidden = (el) => el.closest(".visually-hidden, [hidden]") !== null;
  const overlap = (a, b) => {
    const left = Math.max(a.left, b.left), right = Math.min(a.right, b.right);
    const top = Math.max(a.top, b.top), bottom = Math.min(a.bottom, b.bottom);
    return right > left + 0.5 && bottom > top + 0.5 ? {left, right, top, bottom} : null;
  };
  const readable = "label, legend, input, textarea, button, h2, h3, h4, p, li, summary";
  const underBar = [];
  const showingThrough = [];
  for (const el of screen.querySelectorAll(readable)) {
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2 || hidden(el)) continue;
    const part = overlap(box, band);
    if (!part) continue;
    underBar.push(name(el));
    for (const fx of [0.02, 0.25, 0.5, 0.75, 0.98]) {
      for (const fy of [0.1, 0.5, 0.9]) {
        const x = part.left + (part.right - part.left) * fx;
        const y = part.top + (part.bottom - part.top) * fy;
        const hit = document.elementFromPoint(x, y);
        if (hit && !timer.contains(hit)) {
          showingThrough.push(`${name(el)} at (${Math.round(x)}, ${Math.round(y)})`);
        }
      }
    }
  }
  const spilling = [];
  for (const end of screen.querySelectorAll(".vote__choices--scale .vote__end")) {
    const own = end.closest(".vote__choice");
    const box = end.getBoundingClientRect();
    const ownBox = own.getBoundingClientRect();
    if (box.left < ownBox.left - 1 || box.right > ownBox.right + 1 ||
        box.top < ownBox.top - 1 || box.bottom > ownBox.bottom + 1) {
      spilling.push(`${name(end)} outside its own button`);
    }
    for (const other of screen.querySelectorAll(".vote__choices--scale .vote__choice")) {
      if (other !== own && overlap(box, other.getBoundingClientRect())) {
        spilling.push(`${name(end)} over ${name(other)}`);
      }
    }
  }
  const clipped = [];
  for (const el of screen.querySelectorAll("label, legend, h2, h3, h4, p, li, dd, dt, button")) {
    if (hidden(el) || el.clientWidth < 2) continue;
    if (el.scrollWidth > el.clientWidth + 1) clipped.push(name(el));
  }
  const luminance = (css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(timer);
  const clock = getComputedStyle(timer.querySelector(".timer__clock"));
  const [light, dark] = [luminance(clock.color), luminance(style.backgroundColor)].sort().reverse();
  return {
    timerShown: !timer.hidden && t.height > 0,
    timerInView: t.top >= -1 && t.bottom <= innerHeight,
    barWidth: [Math.round(t.left), Math.round(t.right), innerWidth],
    background: style.backgroundColor,
    contrast: (light + 0.05) / (dark + 0.05),
    scrollY: scrollY,
    underBar, showingThrough, spilling, clipped,
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth,
  };
}
"""

FOCUSED_UNDER_THE_BAR = """
() => {
  const el = document.activeElement;
  const screen = document.getElementById("phone-screen");
  if (!el || !screen.contains(el)) return null;
  const t = document.getElementById("timer").getBoundingClientRect();
  const box = el.getBoundingClientRect();
  const covered = box.top < t.bottom - 0.5 && box.bottom > t.top + 0.5;
  return covered ? `${el.tagName.toLowerCase()} ${el.name || el.id} at ${box.top}` : "";
}
"""


@pytest.fixture(scope="module")
def venue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VenueServer]:
    """The demo, with long Norwegian words in its questions, choices and scale ends."""
    env = base_env(tmp_path_factory.mktemp("phone-layout"))
    demo = prepare(env)
    manage(env, "shell", "--command", LENGTHEN_THE_DEMO)
    with running_server(env) as served:
        yield VenueServer(base_url=served.base_url, demo=demo)


def start_timer(console: Page, phone: Page) -> None:
    console.get_by_role("button", name="10 min", exact=True).click()
    expect(phone.locator("#timer")).to_be_visible()
    expect(phone.locator("#timer .timer__clock")).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))


def check_phone(phone: Page, screen: str, problems: list[str]) -> None:
    """Each width, several scroll positions, then focus moved back up by keyboard."""
    shots = os.environ.get("PLENUM_SHOTS_DIR")
    for width, height in VIEWPORTS:
        phone.set_viewport_size({"width": width, "height": height})
        where = f"{screen} at {width} px"
        for stop in SCROLL_STOPS:
            phone.evaluate(
                "(stop) => scrollTo(0, (document.scrollingElement.scrollHeight - innerHeight)"
                " * stop)",
                stop,
            )
            phone.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                name = f"{screen.replace(' ', '-')}-{width}-{int(stop * 100):03d}.png"
                phone.screenshot(path=str(Path(shots) / name))
            found = phone.evaluate(MEASURE)
            at = f"{where}, scrolled to {found['scrollY']} px"
            if not found["timerShown"]:
                problems.append(f"{at}: no timer")
                continue
            if not found["timerInView"]:
                problems.append(f"{at}: the timer is out of sight")
            if found["barWidth"][0] > 0 or found["barWidth"][1] < found["barWidth"][2]:
                problems.append(f"{at}: the timer's bar is {found['barWidth']}, not the width")
            if not found["background"].startswith("rgb("):
                problems.append(f"{at}: the timer's background is {found['background']}")
            if found["contrast"] < 4.5:
                problems.append(f"{at}: the timer's contrast is {found['contrast']:.2f}")
            if stop == 0 and found["underBar"]:
                problems.append(f"{at}: the timer covers {found['underBar']}")
            if found["showingThrough"]:
                problems.append(f"{at}: over the timer: {found['showingThrough'][:4]}")
            if found["spilling"]:
                problems.append(f"{at}: scale ends spill: {found['spilling']}")
            if found["clipped"]:
                problems.append(f"{at}: text wider than its box: {found['clipped']}")
            if found["scrollWidth"] > found["innerWidth"]:
                problems.append(f"{at}: the page is {found['scrollWidth']} px wide")
        # From the bottom up, the way a participant goes back to a field: the focused
        # field must never be left under the timer (WCAG 2.4.11).
        phone.evaluate("() => scrollTo(0, document.scrollingElement.scrollHeight)")
        phone.evaluate("() => document.activeElement && document.activeElement.blur()")
        focused = 0
        for _ in range(30):
            phone.keyboard.press("Shift+Tab")
            covered = phone.evaluate(FOCUSED_UNDER_THE_BAR)
            focused += covered is not None
            if covered:
                problems.append(f"{where}: focused but under the timer: {covered}")
        if focused < 2:
            problems.append(f"{where}: the keyboard reached {focused} of its fields")
        phone.evaluate("() => document.activeElement && document.activeElement.blur()")
    phone.set_viewport_size({"width": VIEWPORTS[0][0], "height": VIEWPORTS[0][1]})


def test_the_timer_never_covers_the_form_and_nothing_spills_at_390_and_320_pixels(
    venue_server: VenueServer, new_context
):
    console = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    projector = new_context(viewport={"width": 1280, "height": 720}).new_page()
    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(console, venue_server)
    console.goto(venue_server.url(venue_server.demo["urls"]["console"]))
    projector.goto(venue_server.url(venue_server.demo["urls"]["projector"]))
    join_at_table(phone, venue_server, "Bord 1")
    for page in (console, projector, phone):
        wait_until_live(page)
    problems: list[str] = []

    go_to(console, "Evaluering")
    slide_survey(console, "open")
    first = phone.locator(".survey__question").first
    expect(first.locator(".vote__choices--scale")).to_be_visible()
    # No timer started: none on the phone (the bar's own display must not undo `hidden`).
    expect(phone.locator("#timer")).to_be_hidden()
    start_timer(console, phone)
    check_phone(phone, "survey of scales", problems)
    # The end words are the ends' own: a screen reader hears them with the number.
    expect(first.get_by_role("radio", name="1 Ikke i det hele tatt")).to_be_visible()
    expect(first.get_by_role("radio", name="5 Svært godt")).to_be_visible()
    expect(first.get_by_role("radio", name="3", exact=True)).to_be_visible()
    first.get_by_role("radio", name="5 Svært godt").check()
    phone.locator(".survey__form button[type=submit]").click()
    expect(phone.locator(".survey__question").first.locator(".survey__stored")).to_contain_text("5")
    survey_button(console, "close")

    go_to(console, "Dette er kommunesektoren", "Hva er egentlig kommunepolitikk?")
    slide_poll(console, "Hva er egentlig kommunepolitikk?", "Åpne avstemningen")
    expect(phone.get_by_text(LONGER, exact=True)).to_be_visible()
    start_timer(console, phone)
    check_phone(phone, "multiple choice poll", problems)
    poll_button(console, "Steng avstemningen")

    go_to(console, "Gruppeoppgave: Hva risikerer vi som kommune?")
    run_exercise(console, projector, "Hva risikerer vi som kommune?")
    add_to_flipover(phone, f"{LONG} og {LONGER}")
    start_timer(console, phone)
    check_phone(phone, "flipover sheet", problems)

    go_to(console, "Refleksjonsoppgave: Sykehjemsplass", "Sykehjemsplass")
    run_exercise(console, projector, "Refleksjonsoppgave: Sykehjemsplass")
    expect(phone.get_by_role("button", name="Lagre gruppens svar")).to_be_visible()
    start_timer(console, phone)
    check_phone(phone, "case questions", problems)

    assert not problems, "\n".join(problems)
