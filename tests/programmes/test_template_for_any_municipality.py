"""The KS template serves any municipality: laid for Lom, nothing in it still says Sel or
2023, by either way a seminar is made from it; laid for Sel, it is the Sel deck."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from agenda.models import AgendaItem, Slide
from exercises.models import Exercise, Question
from polls.models import Choice, Poll, Survey
from polls.services import create_survey
from programmes.ks_basisprogram import PROGRAMME
from programmes.placeholders import fill_placeholders, spoken_dates
from programmes.programme_file import TEMPLATE_PATH, import_programme
from programmes.services import create_seminar
from questions.models import QuestionRound
from questions.services import new_round
from seminar.models import Seminar
from tests.factories import make_seminar, make_user

pytestmark = pytest.mark.django_db

SEL = re.compile(r"\bSel\b")


def every_text(seminar: Seminar) -> list[str]:
    texts = [seminar.title, seminar.municipality]
    for item in AgendaItem.objects.filter(day__seminar=seminar):
        texts += [item.title, item.presenter]
    for slide in Slide.objects.filter(item__day__seminar=seminar):
        texts += [slide.title, slide.body, slide.notes, slide.photo_credit, slide.link]
    for poll in Poll.objects.filter(seminar=seminar):
        texts += [poll.question, poll.series, poll.answer_key, poll.answer_key_rules]
        texts += [poll.scale_min_label, poll.scale_max_label, poll.answer_key_law_version]
    texts += list(Choice.objects.filter(poll__seminar=seminar).values_list("label", flat=True))
    for exercise in Exercise.objects.filter(seminar=seminar):
        texts += [exercise.title, exercise.prompt, exercise.case_text]
    texts += list(Question.objects.filter(exercise__seminar=seminar).values_list("text", flat=True))
    texts += list(Survey.objects.filter(seminar=seminar).values_list("title", flat=True))
    texts += list(QuestionRound.objects.filter(seminar=seminar).values_list("title", flat=True))
    return texts


def first_slide(seminar: Seminar) -> Slide:
    return Slide.objects.filter(item__day__seminar=seminar).order_by(
        "item__day__number", "item__order", "order"
    )[0]


def laid_from_the_spec() -> Seminar:
    return create_seminar(
        title=PROGRAMME.title,
        municipality="Lom kommune",
        language="nb",
        first_date=date(2027, 10, 25),
        programme=PROGRAMME,
        facilitator=make_user(),
    )


def laid_from_the_file() -> Seminar:
    return import_programme(
        TEMPLATE_PATH.read_bytes(), municipality="Lom kommune", first_date=date(2027, 10, 25)
    )


@pytest.mark.parametrize("lay", [laid_from_the_spec, laid_from_the_file])
def test_the_template_laid_for_another_municipality_names_it_and_its_dates_not_sels(lay):
    seminar = lay()

    texts = every_text(seminar)
    slide = first_slide(seminar)

    assert [text for text in texts if SEL.search(text) or "2023" in text] == []
    assert (slide.title, slide.body) == ("Lom kommune", "25. og 26. oktober 2027")
    assert AgendaItem.objects.filter(
        day__seminar=seminar, title="Om Lom kommune ved kommunedirektør"
    ).exists()
    assert sum("Valgløftet 2027" in text for text in texts) == 1
    assert [text for text in texts if "{" in text and "}" in text] == []


def test_the_template_laid_for_sel_is_the_sel_deck():
    seminar = import_programme(TEMPLATE_PATH.read_bytes())

    slide = first_slide(seminar)

    assert (slide.title, slide.body) == ("Sel kommune", "30. og 31. oktober 2023")
    assert AgendaItem.objects.filter(
        day__seminar=seminar, title="Om Sel kommune ved kommunedirektør"
    ).exists()


def test_a_survey_and_a_round_of_questions_name_the_municipality_and_year_they_are_for():
    seminar = make_seminar(municipality="Vågå kommune")
    slide = first_slide(seminar)
    survey = create_survey(slide=slide, title="Evaluering for {municipality}")
    question_round = new_round(
        seminar=seminar, slide=slide, title="Spørsmål til ordføreren i {municipality}, {year}"
    )

    fill_placeholders(seminar)

    survey.refresh_from_db()
    question_round.refresh_from_db()
    assert (survey.title, question_round.title) == (
        "Evaluering for Vågå kommune",
        "Spørsmål til ordføreren i Vågå kommune, 2027",
    )


@pytest.mark.parametrize(
    ("days", "language", "said"),
    [
        ([date(2027, 10, 25), date(2027, 10, 26)], "nb", "25. og 26. oktober 2027"),
        ([date(2027, 10, 31), date(2027, 11, 1)], "nn", "31. oktober og 1. november 2027"),
        ([date(2027, 12, 31), date(2028, 1, 1)], "nb", "31. desember 2027 og 1. januar 2028"),
        ([date(2027, 10, 25), date(2027, 10, 26)], "en", "25 and 26 October 2027"),
        ([date(2027, 10, 25)], "nb", "25. oktober 2027"),
    ],
)
def test_the_dates_are_said_as_the_first_slide_says_them(days, language, said):
    assert spoken_dates(days, language) == said


def test_a_new_seminar_can_start_from_an_empty_programme(client: Client):
    client.force_login(make_user())

    response = client.post(
        reverse("seminar:new_seminar"),
        {
            "municipality": "Vågå kommune",
            "title": "Folkevalgtopplæring",
            "first_date": "2027-10-25",
            "language": "nn",
            "start_from": "empty",
        },
    )

    seminar = Seminar.objects.get(municipality="Vågå kommune")
    assert response["Location"] == f"/seminars/{seminar.slug}/programme/"
    assert [str(day.date) for day in seminar.days.all()] == ["2027-10-25"]
    assert list(
        AgendaItem.objects.filter(day__seminar=seminar).values_list("title", flat=True)
    ) == ["Velkomen"]
    slide = first_slide(seminar)
    assert (slide.layout, slide.title, slide.body) == ("title", "Vågå kommune", "25. oktober 2027")
    assert (seminar.polls.count(), seminar.exercises.count()) == (0, 0)
    assert seminar.live.slide == slide


@pytest.mark.parametrize(
    ("first_day", "year"),
    [(date(2023, 10, 30), 2023), (date(2027, 10, 25), 2027), (date(2028, 1, 20), 2027)],
)
def test_the_year_is_the_elections_the_seminar_follows(first_day, year):
    from programmes.placeholders import election_year

    assert election_year(first_day) == year
