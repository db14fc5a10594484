"""Questions from the room on a slide, made and edited by the seminar's facilitators: a
title and a moderation, each refusal with its message and nothing typed lost, the
questions asked kept by every edit (waiting ones stay waiting), removed only after the
editor said how many go, never while on the projector, and the second of two saves refused."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from agenda.models import Slide
from live import activities
from live.models import LiveState
from questions import services
from questions.models import QuestionRound, RoomQuestion, Upvote
from questions.signals import questions_changed
from seminar.models import Seminar
from tests.factories import make_seminar, make_user, seat

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'<div class="error-summary[^"]*" role="alert"[^>]*>(.*?)</div>', re.S)
SUMMARY_ITEMS = re.compile(r'<li>(?:<a href="#([^"]+)">)?([^<]+)(?:</a>)?</li>')
FIELD_ERRORS = re.compile(
    r'<div class="field-errors"[^>]*><ul class="errorlist[^"]*"[^>]*><li>([^<]+)<'
)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"[^>]*>')
CHECKED = re.compile(r'<input type="radio" name="moderation" value="([^"]+)"[^>]* checked>')
STATUS = re.compile(r'<p id="question-editor-status" role="status">([^<]*)</p>')
CHANGED_MEANWHILE = "Someone else saved this in another window while you were editing."


def english(client: Client) -> Client:
    # The messages are asserted in their English source text: the catalogues may change.
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _language_restored() -> Iterator[None]:
    # A request in English leaves the thread's language English: the next test's is not.
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture
def mine(client: Client) -> Seminar:
    me = make_user("kari")
    english(client).force_login(me)
    return make_seminar(facilitator=me, items=1, slides_per_item=2)


@pytest.fixture
def told() -> Iterator[list[int]]:
    """The seminars `questions_changed` was sent for."""
    seminars: list[int] = []

    def heard(*, seminar_id: int, **kwargs: Any) -> None:
        seminars.append(seminar_id)

    questions_changed.connect(heard, dispatch_uid="test_question_editor")
    yield seminars
    questions_changed.disconnect(dispatch_uid="test_question_editor")


def first_slide(seminar: Seminar) -> Slide:
    return Slide.objects.filter(item__day__seminar=seminar).order_by("item__day__number", "pk")[0]


def new_url(seminar: Seminar, slide: Slide) -> str:
    return f"/seminars/{seminar.slug}/slides/{slide.pk}/question-rounds/new/"


def edit_url(seminar: Seminar, question_round: QuestionRound) -> str:
    return f"/seminars/{seminar.slug}/question-rounds/{question_round.pk}/"


def remove_url(seminar: Seminar, question_round: QuestionRound) -> str:
    return f"{edit_url(seminar, question_round)}remove/"


def make_round(
    seminar: Seminar, *, held: bool = False, title: str = "Til ordføreren"
) -> QuestionRound:
    return services.new_round(
        seminar=seminar,
        slide=first_slide(seminar),
        title=title,
        moderation=QuestionRound.Moderation.HELD if held else QuestionRound.Moderation.AT_ONCE,
    )


def asked(question_round: QuestionRound, text: str, status: str = "shown") -> RoomQuestion:
    return RoomQuestion.objects.create(
        round=question_round, participant=seat(question_round.seminar), text=text, status=status
    )


def version_of(page: str) -> str:
    return str(dict(HIDDEN.findall(page))["version"])


def edit_data(client: Client, seminar: Seminar, question_round: QuestionRound, **changes: Any):
    """The stored round as its editor posts it, with `changes`."""
    page = client.get(edit_url(seminar, question_round)).text
    data = {
        "version": version_of(page),
        "title": question_round.title,
        "moderation": question_round.moderation,
    }
    return data | changes


def stored(question_round: QuestionRound) -> tuple[str, str, str]:
    question_round.refresh_from_db()
    return question_round.title, question_round.moderation, question_round.state


def statuses(question_round: QuestionRound) -> dict[str, str]:
    return dict(question_round.questions.values_list("text", "status"))


def refusals(response: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """The summary's lines (which field it links to, what) and the messages by the fields."""
    page = response.content.decode()
    summary = SUMMARY.search(page)
    assert summary is not None
    lines = [(anchor, unescape(text)) for anchor, text in SUMMARY_ITEMS.findall(summary[1])]
    return lines, [unescape(message) for message in FIELD_ERRORS.findall(page)]


def revision(seminar: Seminar) -> int:
    return LiveState.objects.get(seminar=seminar).revision


# Made and listed on the slide ---------------------------------------------------------------


def test_questions_from_the_room_are_added_to_a_slide_held_and_listed_on_it(client, mine):
    slide = first_slide(mine)
    earlier = make_round(mine, title="Først")
    slide_page = client.get(f"/seminars/{mine.slug}/slides/{slide.pk}/").text
    before = revision(mine)

    opened = client.get(new_url(mine, slide))
    made = client.post(
        new_url(mine, slide),
        {"version": "", "title": "  Spørsmål til rådmannen ", "moderation": "held"},
    )

    question_round = QuestionRound.objects.exclude(pk=earlier.pk).get()
    assert f'action="{new_url(mine, slide)}"' in slide_page
    assert "Add questions from the room</button>" in slide_page
    assert 'value="Spørsmål fra salen"' in opened.text  # to keep or change, in the room's words
    assert CHECKED.findall(opened.text) == ["at_once"]
    assert made.status_code == 302
    assert made["Location"] == f"{edit_url(mine, question_round)}?saved=new"
    assert (
        question_round.seminar_id,
        question_round.slide_id,
        question_round.title,
        question_round.moderation,
        question_round.state,
        question_round.order,
    ) == (mine.pk, slide.pk, "Spørsmål til rådmannen", "held", "draft", earlier.order + 1)
    assert revision(mine) == before + 1  # the console's "on this slide" follows
    shown = client.get(made["Location"]).text
    assert STATUS.findall(shown) == [
        "The questions from the room are added to the slide. The room sees them when you show "
        "them from the console."
    ]
    assert CHECKED.findall(shown) == ["held"]
    listed = client.get(f"/seminars/{mine.slug}/slides/{slide.pk}/").text
    assert re.findall(
        r"<li>Questions from the room: <a href=\"([^\"]+)\">([^<]+)</a></li>", listed
    ) == [
        (edit_url(mine, earlier), "Først"),
        (edit_url(mine, question_round), "Spørsmål til rådmannen"),
    ]


def test_each_moderation_is_a_radio_button_with_its_line_of_explanation(client, mine):
    page = client.get(new_url(mine, first_slide(mine))).text

    options = re.findall(
        r'<label for="(id_moderation_\d)"><input type="radio" name="moderation" value="([^"]+)" '
        r'id="\1" aria-describedby="\1_helptext"[^>]*> ([^<]+)</label>\s*'
        r'<p class="help" id="\1_helptext">([^<]+)</p>',
        page,
    )

    assert [(value, label, unescape(line)) for _id, value, label, line in options] == [
        (
            "at_once",
            "Shown at once",
            "Each question is on the phones and the projector as soon as it is sent; you can "
            "hide one in the console.",
        ),
        (
            "held",
            "Held for approval",
            "Each question waits in the console until you approve it; the room sees only the "
            "ones you approve.",
        ),
    ]


# Refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "moderation", "summary", "by_the_fields"),
    [
        (
            " \u200b\u0007 ",
            "held",
            [("id_title", "Write a title for the questions.")],
            ["Write a title for the questions."],
        ),
        (
            "Å" * 201,
            "at_once",
            [("id_title", "Keep the title to 200 characters; this is 201.")],
            ["Keep the title to 200 characters; this is 201."],
        ),
        (
            "Spørsmål",
            "published",
            [
                (
                    "id_moderation_0",
                    "Choose whether questions are shown at once or held for approval.",
                )
            ],
            ["Choose whether questions are shown at once or held for approval."],
        ),
        (
            "Spørsmål",
            None,
            [
                (
                    "id_moderation_0",
                    "Choose whether questions are shown at once or held for approval.",
                )
            ],
            ["Choose whether questions are shown at once or held for approval."],
        ),
    ],
)
def test_each_refusal_says_why_next_to_the_field_and_in_the_summary(
    client, mine, title, moderation, summary, by_the_fields
):
    data = {"version": "", "title": title} | (
        {} if moderation is None else {"moderation": moderation}
    )

    response = client.post(new_url(mine, first_slide(mine)), data)

    assert response.status_code == 400
    assert refusals(response) == (summary, by_the_fields)
    assert "The questions from the room are not saved yet. Please correct:" in response.text
    assert QuestionRound.objects.count() == 0


def test_a_refused_edit_keeps_what_was_typed_and_changes_nothing(client, mine):
    question_round = make_round(mine)
    data = edit_data(client, mine, question_round, title="Ø" * 250, moderation="held")

    response = client.post(edit_url(mine, question_round), data)

    assert response.status_code == 400
    assert f'value="{"Ø" * 250}"' in response.text
    assert CHECKED.findall(response.text) == ["held"]
    assert stored(question_round) == ("Til ordføreren", "at_once", "draft")


def test_only_the_title_and_moderation_are_taken_from_the_form(client, mine):
    question_round = make_round(mine)
    elsewhere = make_seminar(facilitator=make_user("ola"), municipality="Lom kommune")
    their_slide = first_slide(elsewhere)
    extra = {
        "state": "open",
        "seminar": elsewhere.pk,
        "seminar_id": elsewhere.pk,
        "slide": their_slide.pk,
        "order": 99,
        "answering": 1,
    }

    response = client.post(
        edit_url(mine, question_round),
        edit_data(client, mine, question_round, title="Ny\u0000 tittel") | extra,
    )

    question_round.refresh_from_db()
    assert response.status_code == 302
    assert (
        question_round.title,
        question_round.state,
        question_round.seminar_id,
        question_round.slide_id,
        question_round.order,
        question_round.answering_id,
    ) == ("Ny tittel", "draft", mine.pk, first_slide(mine).pk, 1, None)


# Editing a round that has questions --------------------------------------------------------


def test_held_made_shown_at_once_keeps_the_waiting_ones_waiting_and_shows_new_ones(client, mine):
    question_round = make_round(mine, held=True)
    asked(question_round, "Venter én", status="waiting")
    asked(question_round, "Venter to", status="waiting")
    asked(question_round, "Godkjent", status="shown")
    page = client.get(edit_url(mine, question_round)).text

    saved = client.post(
        edit_url(mine, question_round),
        edit_data(client, mine, question_round, title="Til rådmannen", moderation="at_once"),
    )

    assert "3 questions have been asked here. Saving keeps them." in page
    assert (
        "2 questions wait for your approval in the console. They keep waiting whichever you "
        "choose here: approve or hide them there." in page
    )
    assert saved["Location"] == f"{edit_url(mine, question_round)}?saved=edit"
    assert stored(question_round) == ("Til rådmannen", "at_once", "draft")
    assert statuses(question_round) == {
        "Venter én": "waiting",
        "Venter to": "waiting",
        "Godkjent": "shown",
    }
    after = client.get(saved["Location"]).text
    assert STATUS.findall(after) == ["The questions from the room are saved."]
    assert "2 questions wait for your approval in the console." in after  # still told

    services.open_round(question_round=question_round)
    participant = seat(mine)
    (result,) = services.act(
        actions=[
            services.PhoneAction(
                round_id=question_round.pk,
                participant_id=participant.pk,
                seminar_id=mine.pk,
                action="ask",
                text="Ny etter endringen",
                client_id=uuid.uuid4(),
            )
        ]
    )
    assert result.error == ""
    assert statuses(question_round)["Ny etter endringen"] == "shown"


def test_shown_at_once_made_held_keeps_the_shown_ones_shown(client, mine, told):
    question_round = make_round(mine)
    asked(question_round, "Synlig", status="shown")
    asked(question_round, "Skjult", status="hidden")

    client.post(
        edit_url(mine, question_round), edit_data(client, mine, question_round, moderation="held")
    )

    assert stored(question_round) == ("Til ordføreren", "held", "draft")
    assert statuses(question_round) == {"Synlig": "shown", "Skjult": "hidden"}
    assert told == [mine.pk]


def test_a_save_that_changes_nothing_tells_no_screen(client, mine, told):
    question_round = make_round(mine)
    before = revision(mine)

    response = client.post(edit_url(mine, question_round), edit_data(client, mine, question_round))

    assert response.status_code == 302
    assert told == []
    assert revision(mine) == before + 1  # a save redraws the room, as every editor's does


def test_the_round_on_the_projector_says_a_save_shows_at_once(client, mine):
    question_round = make_round(mine)
    activities.show_questions(question_round=question_round)
    before = revision(mine)

    page = client.get(edit_url(mine, question_round)).text
    client.post(
        edit_url(mine, question_round), edit_data(client, mine, question_round, title="Nytt navn")
    )

    assert "These questions are on the projector: what you save shows in the room at once." in page
    assert revision(mine) == before + 1
    assert LiveState.objects.get(seminar=mine).question_round_id == question_round.pk


def test_the_second_of_two_saves_is_refused_with_its_text_kept(client, mine):
    question_round = make_round(mine)
    colleague = english(Client())
    co_facilitator = make_user("per")
    mine.facilitators.add(co_facilitator)
    colleague.force_login(co_facilitator)
    mine_opened = edit_data(client, mine, question_round, title="Min versjon", moderation="held")
    theirs = edit_data(colleague, mine, question_round, title="Kollegaens versjon")

    first = colleague.post(edit_url(mine, question_round), theirs)
    second = client.post(edit_url(mine, question_round), mine_opened)

    assert first.status_code == 302
    assert second.status_code == 400
    assert refusals(second)[0][0][0] == ""
    assert refusals(second)[0][0][1].startswith(CHANGED_MEANWHILE)
    assert 'value="Min versjon"' in second.text
    assert CHECKED.findall(second.text) == ["held"]
    assert stored(question_round) == ("Kollegaens versjon", "at_once", "draft")

    again = client.post(
        edit_url(mine, question_round), mine_opened | {"version": version_of(second.text)}
    )

    assert again.status_code == 302
    assert stored(question_round) == ("Min versjon", "held", "draft")


# Removing -----------------------------------------------------------------------------------


def test_removing_says_how_many_questions_go_then_takes_them(client, mine, told):
    question_round = make_round(mine)
    kept = make_round(mine, title="Den andre")
    first = asked(question_round, "Hvorfor?")
    asked(question_round, "Når?")
    asked(question_round, "Hvem?", status="waiting")
    asked(question_round, "", status="withdrawn")
    Upvote.objects.create(question=first, participant=seat(mine))
    services.answer_now(question=first)
    asked(kept, "Blir")
    told.clear()
    before = revision(mine)

    confirm = client.get(remove_url(mine, question_round))
    removed = client.post(remove_url(mine, question_round), {"confirm": "yes"})

    assert unescape(re.findall(r"<h1>([^<]+)</h1>", confirm.text)[0]) == "Remove “Til ordføreren”?"
    assert (
        "Its 3 questions go with it, with their upvotes, and cannot be brought back."
        in confirm.text
    )
    assert "Remove it with its 3 questions</button>" in confirm.text
    assert removed["Location"] == f"/seminars/{mine.slug}/slides/{first_slide(mine).pk}/"
    assert list(QuestionRound.objects.values_list("title", flat=True)) == ["Den andre"]
    assert list(RoomQuestion.objects.values_list("text", flat=True)) == ["Blir"]
    assert Upvote.objects.count() == 0
    assert told == [mine.pk]
    assert revision(mine) == before + 1


def test_a_round_nobody_asked_in_is_removed_after_saying_so(client, mine):
    question_round = make_round(mine)

    confirm = client.get(remove_url(mine, question_round))
    kept = client.post(remove_url(mine, question_round), {})  # no confirmation: nothing goes
    removed = client.post(remove_url(mine, question_round), {"confirm": "yes"})

    assert "Nobody has asked a question here yet." in confirm.text
    assert "Remove it</button>" in confirm.text
    assert kept.status_code == 200
    assert removed.status_code == 302
    assert QuestionRound.objects.count() == 0


def test_the_questions_on_the_projector_are_not_removed(client, mine):
    question_round = make_round(mine)
    asked(question_round, "Hvorfor?")
    activities.show_questions(question_round=question_round)
    notice = (
        "These questions are on the projector now. "
        "Show a slide in the console first, then remove them."
    )

    confirm = client.get(remove_url(mine, question_round))
    response = client.post(remove_url(mine, question_round), {"confirm": "yes"})

    assert f'<p class="notice">{notice}</p>' in confirm.text
    assert response.status_code == 400
    assert f'<p class="error-summary" role="alert">{notice}</p>' in response.text
    assert statuses(question_round) == {"Hvorfor?": "shown"}
    assert LiveState.objects.get(seminar=mine).question_round_id == question_round.pk

    activities.hide_questions(seminar_id=mine.pk)
    assert client.post(remove_url(mine, question_round), {"confirm": "yes"}).status_code == 302
    assert QuestionRound.objects.count() == 0


# Who may ------------------------------------------------------------------------------------


def test_only_the_seminars_facilitators_make_edit_or_remove_its_questions(client, mine):
    question_round = make_round(mine)
    asked(question_round, "Hvorfor?")
    slide = first_slide(mine)
    other = english(Client())
    other.force_login(make_user("annen"))
    phone = Client()
    phone.post(f"/j/{mine.join_code}/", {"side": "elected"})
    edit = {"version": "", "title": "Kapret", "moderation": "held"}

    def tries(visitor: Client) -> list[int]:
        return [
            visitor.get(edit_url(mine, question_round)).status_code,
            visitor.post(edit_url(mine, question_round), edit).status_code,
            visitor.get(new_url(mine, slide)).status_code,
            visitor.post(new_url(mine, slide), edit).status_code,
            visitor.post(remove_url(mine, question_round), {"confirm": "yes"}).status_code,
        ]

    assert tries(other) == [404, 404, 404, 404, 404]
    assert tries(phone) == [302, 302, 302, 302, 302]
    assert tries(Client()) == [302, 302, 302, 302, 302]
    assert Client().get(edit_url(mine, question_round))["Location"].startswith("/login/?next=")
    assert stored(question_round) == ("Til ordføreren", "at_once", "draft")
    assert (QuestionRound.objects.count(), RoomQuestion.objects.count()) == (1, 1)


def test_a_round_or_slide_of_another_seminar_is_not_found_through_mine(client, mine):
    elsewhere = make_seminar(facilitator=make_user("ola"), municipality="Lom kommune")
    theirs = make_round(elsewhere, title="Deres")
    their_slide = first_slide(elsewhere)
    edit = {"version": "", "title": "Kapret", "moderation": "held"}

    answers = [
        client.get(edit_url(mine, theirs)).status_code,
        client.post(edit_url(mine, theirs), edit).status_code,
        client.post(remove_url(mine, theirs), {"confirm": "yes"}).status_code,
        client.get(new_url(mine, their_slide)).status_code,
        client.post(new_url(mine, their_slide), edit).status_code,
    ]

    assert answers == [404, 404, 404, 404, 404]
    assert stored(theirs) == ("Deres", "at_once", "draft")
    assert QuestionRound.objects.count() == 1


# Fixed queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 30])
def test_the_editor_runs_fixed_queries_for_few_and_many_questions(
    client, mine, django_assert_num_queries, count
):
    question_round = make_round(mine, held=True)
    for number in range(count):
        asked(question_round, f"Spørsmål {number}", status="waiting" if number % 2 else "shown")
    data = edit_data(client, mine, question_round, title="Nytt", moderation="at_once")

    # session, user, the seminar, the round with its slide, its questions counted, the room
    with django_assert_num_queries(6):
        page = client.get(edit_url(mine, question_round))
    # session, user, seminar, round; the room locked and its revision saved; the round
    # locked and saved; six savepoints (the view's, the room's, the round's: made and released)
    with django_assert_num_queries(14):
        saved = client.post(edit_url(mine, question_round), data)
    # session, user, seminar, round, the questions counted, the room
    with django_assert_num_queries(6):
        confirm = client.get(remove_url(mine, question_round))

    assert f"{count} question" in page.text
    assert saved.status_code == 302
    assert f"Its {count} question" in confirm.text
    assert len(statuses(question_round)) == count
