"""The evaluation as a survey in the browser: two phones answer at their own pace, one
comes back to change an answer, the console counts who has finished, and the projector
shows the results only when the facilitator does."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import go_to, slide_survey, survey_button

pytestmark = pytest.mark.e2e


def answer_scales(phone: Page, values: list[str]) -> None:
    for question, value in zip(phone.locator(".survey__question").all(), values, strict=False):
        question.locator(f"input[value='{value}']").check()


def send(phone: Page) -> None:
    phone.locator(".survey__form button[type=submit]").click()
    expect(phone.locator(".survey__confirmation")).to_be_visible()


def test_two_phones_answer_at_their_own_pace_and_the_results_wait_for_the_facilitator(
    open_room,
):
    room = open_room(2)
    console, projector = room.console, room.projector
    first, second = room.phones
    go_to(console, "Evaluering")
    slide_survey(console, "open")
    for phone in room.phones:
        expect(phone.locator(".survey__question")).to_have_count(4)
    console_count = console.locator("#console-survey .survey__finished")
    projector_count = projector.locator(".projector-survey .survey__finished")
    expect(console_count).to_have_text(re.compile(r"^0 (?:of|av) 2 "))

    # The first phone answers one question and stops: not finished yet.
    answer_scales(first, ["4"])
    send(first)
    expect(first.locator(".survey__stored")).to_have_count(1)
    expect(console_count).to_have_text(re.compile(r"^0 "))

    # The second answers every scale (the open question may stay blank): finished.
    answer_scales(second, ["5", "4", "3"])
    second.get_by_label("Ditt svar").fill("Gode dilemmaer")
    send(second)
    expect(console_count).to_have_text(re.compile(r"^1 "))
    expect(projector_count).to_have_text(re.compile(r"^1 "))
    expect(projector.locator(".result-row")).to_have_count(0)  # hidden from the room
    expect(projector.locator("#projector-screen")).not_to_contain_text("Gode dilemmaer")

    # The first comes back (the page again, as after the phone slept) and finishes.
    first.reload()
    expect(first.locator(".survey__question").first.locator("input[value='4']")).to_be_checked()
    answer_scales(first, ["2", "2", "2"])
    send(first)
    expect(console_count).to_have_text(re.compile(r"^2 "))
    expect(projector_count).to_have_text(re.compile(r"^2 "))
    # A broadcast meanwhile keeps each phone's own form: the second still sees its answers.
    expect(second.locator(".survey__question").nth(2).locator("input[value='3']")).to_be_checked()

    survey_button(console, "show-results")
    question = projector.locator(".survey-results__question").first
    expect(question.locator(".result-row__count")).to_have_text(["0", "1", "0", "0", "1"])
    expect(projector.locator(".answer-wall")).to_contain_text("Gode dilemmaer")
    survey_button(console, "hide-results")
    expect(projector.locator(".result-row")).to_have_count(0)
    survey_button(console, "close")
    for phone in room.phones:
        expect(phone.locator(".phone-survey .poll__closed")).to_be_visible()
    assert room.csp_violations == [[], [], [], []]
