"""Ranking polls: each person puts up to N of the choices in order; results by Borda points
(with N places, first earns N, second N - 1, ..., left out 0) and how many ranked each."""

from __future__ import annotations

import re
import uuid

import pytest

from live.phone_messages import parse_phone_message
from polls.models import BallotChoice, Poll
from polls.queries import my_answer, poll_results, ticked
from polls.services import VoteRefused, VoteToCast, cast_vote, cast_votes
from tests.factories import make_participant, make_poll, make_seminar

pytestmark = pytest.mark.django_db

CHALLENGES = ("Klima", "Eldrebølgen", "Rekruttering", "Økonomi", "Digitalisering")


def ranking_poll(seminar, places: int = 3) -> Poll:
    return make_poll(seminar, kind="ranking", labels=CHALLENGES, max_choices=places)


def ids(poll: Poll, *labels: str) -> list[int]:
    by_label = {choice.label: choice.pk for choice in poll.choices.all()}
    return [by_label[label] for label in labels]


def places_stored(poll: Poll, participant) -> list[tuple[str, int | None]]:
    return [
        (placed.choice.label, placed.rank)
        for placed in BallotChoice.objects.filter(
            ballot__poll=poll, ballot__participant=participant
        ).order_by("rank")
    ]


def test_a_ranking_is_stored_with_each_choice_in_its_place():
    seminar = make_seminar()
    poll = ranking_poll(seminar)
    person = make_participant(seminar)

    cast_vote(
        poll_id=poll.pk,
        participant=person,
        choice_ids=ids(poll, "Rekruttering", "Klima", "Økonomi"),
    )

    assert places_stored(poll, person) == [("Rekruttering", 1), ("Klima", 2), ("Økonomi", 3)]
    mine = my_answer(poll, person)
    assert mine.text == "1. Rekruttering, 2. Klima, 3. Økonomi"
    assert mine.draft.choice_ids == tuple(ids(poll, "Rekruttering", "Klima", "Økonomi"))
    assert ticked(poll_id=poll.pk, participant_id=person.pk).choice_ids == tuple(
        ids(poll, "Rekruttering", "Klima", "Økonomi")
    )


def test_fewer_than_n_may_be_ranked_and_a_new_order_replaces_the_old():
    seminar = make_seminar()
    poll = ranking_poll(seminar)
    person = make_participant(seminar)
    cast_vote(poll_id=poll.pk, participant=person, choice_ids=ids(poll, "Klima", "Økonomi"))

    cast_vote(poll_id=poll.pk, participant=person, choice_ids=ids(poll, "Økonomi", "Klima"))

    assert places_stored(poll, person) == [("Økonomi", 1), ("Klima", 2)]


@pytest.mark.parametrize(
    ("labels", "reason"),
    [
        ((), "Velg et svar først."),
        (("Klima", "Klima"), "Gi hvert valg bare én plass."),
        (("Klima", "Økonomi", "Eldrebølgen", "Rekruttering"), "Sett høyst 3 valg i rekkefølge."),
    ],
)
def test_a_ranking_that_breaks_the_rules_is_refused_with_the_reason(labels, reason):
    seminar = make_seminar()
    poll = ranking_poll(seminar)
    person = make_participant(seminar)

    with pytest.raises(VoteRefused) as refused:
        cast_vote(poll_id=poll.pk, participant=person, choice_ids=ids(poll, *labels))

    assert str(refused.value) == reason
    assert places_stored(poll, person) == []


def test_a_resend_of_the_same_order_is_stored_once_and_another_order_is_not_taken_for_it():
    seminar = make_seminar()
    poll = ranking_poll(seminar)
    person = make_participant(seminar)
    sent = uuid.uuid4()

    def vote(*labels: str) -> VoteToCast:
        return VoteToCast(
            poll_id=poll.pk,
            participant_id=person.pk,
            seminar_id=seminar.pk,
            choice_ids=ids(poll, *labels),
            client_id=sent,
        )

    cast_votes(votes=[vote("Klima", "Økonomi")])
    first = BallotChoice.objects.filter(ballot__poll=poll).order_by("rank")
    first_ids = list(first.values_list("pk", flat=True))
    cast_votes(votes=[vote("Klima", "Økonomi")])  # the same again: nothing rewritten
    same_ids = list(first.values_list("pk", flat=True))
    cast_votes(votes=[vote("Økonomi", "Klima")])  # the same id, another order: written

    assert same_ids == first_ids
    assert places_stored(poll, person) == [("Økonomi", 1), ("Klima", 2)]


def test_the_results_are_borda_points_and_how_many_ranked_each_most_points_first():
    seminar = make_seminar()
    poll = ranking_poll(seminar)
    for labels in (
        ("Klima", "Eldrebølgen", "Rekruttering"),  # 3, 2, 1
        ("Eldrebølgen", "Klima"),  # 3, 2
        ("Rekruttering",),  # 3
        ("Økonomi", "Klima", "Eldrebølgen"),  # 3, 2, 1
    ):
        cast_vote(
            poll_id=poll.pk, participant=make_participant(seminar), choice_ids=ids(poll, *labels)
        )

    results = poll_results(poll)

    assert results.answered == 4
    assert [(row.label, row.points, row.count, row.percent) for row in results.rows] == [
        ("Klima", 7, 3, 35),
        ("Eldrebølgen", 6, 3, 30),
        ("Rekruttering", 4, 2, 20),
        ("Økonomi", 3, 1, 15),
        ("Digitalisering", 0, 0, 0),
    ]


@pytest.mark.parametrize("voters", [1, 30])
def test_a_rankings_results_take_four_queries_however_many_voted(
    django_assert_num_queries, voters: int
):
    seminar = make_seminar()
    poll = ranking_poll(seminar)
    for _voter in range(voters):
        cast_vote(
            poll_id=poll.pk,
            participant=make_participant(seminar),
            choice_ids=ids(poll, "Klima", "Økonomi"),
        )

    # Ballots, people joined, the choices, the places given.
    with django_assert_num_queries(4):
        results = poll_results(poll)

    assert [(row.label, row.points) for row in results.rows[:2]] == [
        ("Klima", 3 * voters),
        ("Økonomi", 2 * voters),
    ]


def test_a_socket_vote_keeps_the_order_the_phone_sent():
    message = parse_phone_message(
        '{"type": "vote", "poll": 4, "choices": [9, 3, 7], "value": null, "text": "",'
        ' "client_id": "00000000-0000-4000-8000-000000000001"}'
    )

    assert message is not None and message.choices == (9, 3, 7)


def test_the_phone_ranks_with_one_list_per_place_and_its_order_is_what_is_stored(client):
    from django.urls import reverse

    from live import activities

    seminar = make_seminar()
    poll = make_poll(seminar, kind="ranking", labels=CHALLENGES, max_choices=3, state="draft")
    activities.open_poll(poll=poll)
    client.post(f"/j/{seminar.join_code}/", {"side": "elected"})

    page = client.get(f"/j/{seminar.join_code}/").text
    places = re.findall(r'<label for="place-\d+-(\d)">([^<]+)</label>', page)
    posted = client.post(
        reverse("polls:vote", args=[seminar.join_code, poll.pk]),
        {"choice": [*ids(poll, "Økonomi", "Klima"), ""]},
        headers={"hx-request": "true"},
    ).text
    again = client.get(f"/j/{seminar.join_code}/").text
    chosen = re.findall(r'<option value="(\d+)" selected>', again)

    assert places == [("1", "Plass 1"), ("2", "Plass 2"), ("3", "Plass 3")]
    assert re.findall(r'class="vote__confirmation"[^>]*>[^<]*<strong>([^<]+)</strong>', posted) == [
        "1. Økonomi, 2. Klima"
    ]
    assert chosen == [str(i) for i in ids(poll, "Økonomi", "Klima")]


def test_the_projector_shows_each_choices_points_and_how_many_ranked_it(client):
    from live import activities

    seminar = make_seminar()
    poll = make_poll(seminar, kind="ranking", labels=CHALLENGES, max_choices=3, state="draft")
    activities.open_poll(poll=poll)
    for labels in (("Klima", "Økonomi"), ("Økonomi",), ("Klima", "Eldrebølgen", "Økonomi")):
        cast_vote(
            poll_id=poll.pk, participant=make_participant(seminar), choice_ids=ids(poll, *labels)
        )

    page = client.get(f"/p/{seminar.projector_token}/").text

    rows = re.findall(
        r'class="result-row__label">([^<]+?) <span class="result-row__ranked">\(([^)]+)\)</span>'
        r'</th>\s*<td class="result-row__count result-row__points">([^<]+)</td>',
        page,
    )
    assert rows == [
        ("Klima", "rangert av 2", "6 poeng"),  # a tie keeps the poll's order
        ("Økonomi", "rangert av 3", "6 poeng"),
        ("Eldrebølgen", "rangert av 1", "2 poeng"),
        ("Rekruttering", "rangert av 0", "0 poeng"),
        ("Digitalisering", "rangert av 0", "0 poeng"),
    ]


def test_the_notes_give_the_points_and_the_excel_sheet_each_ballots_order():
    import io

    from docx import Document as WordDocument
    from openpyxl import load_workbook

    from notes.export import export_notes

    seminar = make_seminar()
    poll = ranking_poll(seminar)
    for labels in (("Klima", "Økonomi", "Eldrebølgen"), ("Økonomi", "Klima")):
        cast_vote(
            poll_id=poll.pk, participant=make_participant(seminar), choice_ids=ids(poll, *labels)
        )

    document = WordDocument(io.BytesIO(export_notes(seminar=seminar, format="docx").data))
    grid = [" | ".join(cell.text for cell in row.cells) for row in document.tables[0].rows]
    book = load_workbook(io.BytesIO(export_notes(seminar=seminar, format="xlsx").data))
    ballots = sorted(
        str(row[1]) for row in book.worksheets[0].iter_rows(min_row=3, values_only=True)
    )

    assert grid[:4] == [
        "Svar | Poeng | Rangert av | Andel av poengene",
        "Klima | 5 | 2 | 45 %",
        "Økonomi | 5 | 2 | 45 %",
        "Eldrebølgen | 1 | 1 | 9 %",
    ]
    assert ballots == ["1. Klima; 2. Økonomi; 3. Eldrebølgen", "1. Økonomi; 2. Klima"]


def test_a_survey_question_that_ranks_keeps_the_order_and_shows_it_on_its_page(client):
    from agenda.models import Slide
    from polls import services
    from polls.models import Choice, Survey
    from polls.queries import VoteDraft

    seminar = make_seminar()
    slide = Slide.objects.filter(item__day__seminar=seminar).order_by("pk").first()
    survey = Survey.objects.create(seminar=seminar, slide=slide, title="Evaluering")
    question = Poll.objects.create(
        seminar=seminar,
        survey=survey,
        slide=slide,
        kind="ranking",
        question="Hva først?",
        max_choices=2,
    )
    for order, label in enumerate(CHALLENGES[:3], start=1):
        Choice.objects.create(poll=question, order=order, label=label)
    services.open_survey(survey=survey)
    client.post(f"/j/{seminar.join_code}/", {"side": "elected"})
    person = seminar.participants.get()

    services.answer_survey(
        survey_id=survey.pk,
        participant=person,
        answers={question.pk: VoteDraft(choice_ids=tuple(ids(question, "Rekruttering", "Klima")))},
    )
    page = client.get(
        f"/j/{seminar.join_code}/surveys/{survey.pk}/", headers={"hx-request": "true"}
    ).text

    assert places_stored(question, person) == [("Rekruttering", 1), ("Klima", 2)]
    assert (
        re.findall(rf'name="q{question.pk}-choice"', page) == [f'name="q{question.pk}-choice"'] * 2
    )
    assert re.findall(r'<option value="(\d+)" selected>', page) == [
        str(i) for i in ids(question, "Rekruttering", "Klima")
    ]


def test_a_survey_rankings_results_are_borda_points_on_the_console():
    from agenda.models import Slide
    from live import activities
    from live.screens import render_console
    from polls import services
    from polls.models import Choice, Survey
    from polls.queries import VoteDraft, survey_results

    seminar = make_seminar()
    slide = Slide.objects.filter(item__day__seminar=seminar).order_by("pk").first()
    survey = Survey.objects.create(seminar=seminar, slide=slide, title="Evaluering")
    question = Poll.objects.create(
        seminar=seminar, survey=survey, slide=slide, kind="ranking", question="Hva?", max_choices=2
    )
    for order, label in enumerate(CHALLENGES[:3], start=1):
        Choice.objects.create(poll=question, order=order, label=label)
    activities.open_survey(survey=survey)
    for ballot in (["Klima", "Rekruttering"], ["Klima"], ["Rekruttering", "Klima"]):
        services.answer_survey(
            survey_id=survey.pk,
            participant=make_participant(seminar),
            answers={question.pk: VoteDraft(choice_ids=tuple(ids(question, *ballot)))},
        )

    (results,) = survey_results([Poll.objects.prefetch_related("choices").get(pk=question.pk)], 3)

    assert [(row.label, row.points, row.count) for row in results.results.rows] == [
        ("Klima", 5, 3),
        ("Rekruttering", 3, 2),
        ("Eldrebølgen", 0, 0),
    ]
    assert "5 poeng" in render_console(seminar.pk)
