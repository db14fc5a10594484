"""The evaluation as a survey: every question on one phone page, answered at each
person's own pace, results hidden until the facilitator shows them."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from agenda.models import Slide
from live import activities
from live.screens import render_results, render_screens
from polls import services
from polls.models import Ballot, Poll, Survey
from polls.queries import SurveyProgress, VoteDraft
from tests.factories import make_participant, make_seminar, make_user

pytestmark = pytest.mark.django_db


def make_survey(seminar, *, scales: int = 3, open_text: bool = True) -> Survey:
    """A survey in a seminar held in English: the survey's words are not translated yet."""
    seminar.language = "en"
    seminar.save(update_fields=["language"])
    slide = Slide.objects.filter(item__day__seminar=seminar).order_by("pk").first()
    survey = Survey.objects.create(seminar=seminar, slide=slide, title="Evaluering")
    for number in range(1, scales + 1):
        Poll.objects.create(
            seminar=seminar,
            survey=survey,
            slide=slide,
            order=number,
            kind="scale",
            question=f"Spørsmål {number}",
            scale_min_label="Lite",
            scale_max_label="Mye",
        )
    if open_text:
        Poll.objects.create(
            seminar=seminar,
            survey=survey,
            slide=slide,
            order=scales + 1,
            kind="open_text",
            question="Hva tar du med deg?",
        )
    return survey


def questions(survey: Survey) -> list[Poll]:
    return list(survey.questions.order_by("order"))


def finished_text(html: str) -> list[str]:
    return re.findall(r'class="survey__finished">([^<]+)<', html)


def joined_client(seminar) -> Client:
    client = Client()
    client.post(f"/j/{seminar.join_code}/", {"side": "elected"})
    return client


def send(client: Client, seminar, survey, **data):
    return client.post(
        reverse("polls:survey", args=[seminar.join_code, survey.pk]),
        data,
        headers={"hx-request": "true"},
    )


# The rules -------------------------------------------------------------------------------


def test_answers_are_stored_together_and_sent_again_they_change():
    seminar = make_seminar()
    survey = make_survey(seminar)
    one, two, three, text = questions(survey)
    services.open_survey(survey=survey)
    person = make_participant(seminar)

    stored = services.answer_survey(
        survey_id=survey.pk,
        participant=person,
        answers={one.pk: VoteDraft(value=4), two.pk: VoteDraft(value=2)},
    )
    services.answer_survey(
        survey_id=survey.pk,
        participant=person,
        answers={two.pk: VoteDraft(value=5), text.pk: VoteDraft(text="Dilemmaene")},
    )

    assert stored == 2
    mine = dict(Ballot.objects.filter(participant=person).values_list("poll__question", "value"))
    assert mine == {"Spørsmål 1": 4, "Spørsmål 2": 5, "Hva tar du med deg?": None}
    assert Ballot.objects.get(poll=text).text == "Dilemmaene"
    assert not Ballot.objects.filter(poll=three).exists()


def test_an_emptied_open_answer_is_taken_back():
    seminar = make_seminar()
    survey = make_survey(seminar, scales=1)
    scale, text = questions(survey)
    services.open_survey(survey=survey)
    person = make_participant(seminar)
    services.answer_survey(
        survey_id=survey.pk,
        participant=person,
        answers={scale.pk: VoteDraft(value=3), text.pk: VoteDraft(text="Nyttig")},
    )

    services.answer_survey(
        survey_id=survey.pk, participant=person, answers={text.pk: VoteDraft(text="  ")}
    )

    assert list(Ballot.objects.filter(participant=person).values_list("poll_id", "value")) == [
        (scale.pk, 3)
    ]


def test_one_wrong_answer_stores_none_and_says_which():
    seminar = make_seminar()
    survey = make_survey(seminar, scales=2, open_text=False)
    one, two = questions(survey)
    services.open_survey(survey=survey)
    person = make_participant(seminar)

    with translation.override("en"), pytest.raises(services.SurveyRefused) as refused:
        services.answer_survey(
            survey_id=survey.pk,
            participant=person,
            answers={one.pk: VoteDraft(value=3), two.pk: VoteDraft(value=9)},
        )

    assert refused.value.errors == {two.pk: "Choose a number from 1 to 5."}
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("close", "message"),
    [
        (True, "This survey is closed. Your answers were not stored."),
        (False, "This survey has not opened yet."),
    ],
)
def test_a_survey_that_is_not_open_refuses_answers_with_a_reason(close, message):
    seminar = make_seminar()
    survey = make_survey(seminar, scales=1, open_text=False)
    (scale,) = questions(survey)
    if close:
        services.open_survey(survey=survey)
        services.close_survey(survey=survey)

    with translation.override("en"), pytest.raises(services.SurveyRefused) as refused:
        services.answer_survey(
            survey_id=survey.pk,
            participant=make_participant(seminar),
            answers={scale.pk: VoteDraft(value=3)},
        )

    assert str(refused.value) == message
    assert not Ballot.objects.exists()


def test_the_questions_follow_the_survey_open_closed_and_shown():
    seminar = make_seminar()
    survey = make_survey(seminar, scales=1)

    services.open_survey(survey=survey)
    opened = set(survey.questions.values_list("state", flat=True))
    services.show_survey_results(survey=survey, shown=True)
    shown = set(survey.questions.values_list("revealed", flat=True))
    services.close_survey(survey=survey)

    assert opened == {"open"}
    assert shown == {True}
    assert set(survey.questions.values_list("state", flat=True)) == {"closed"}
    assert all(question.results_visible for question in survey.questions.all())


def test_finished_means_every_question_but_the_open_one(django_assert_num_queries):
    from live.screens import survey_context

    seminar = make_seminar()
    survey = make_survey(seminar, scales=2)
    one, two, text = questions(survey)
    services.open_survey(survey=survey)
    everyone, half, _nobody = (make_participant(seminar) for _ in range(3))
    services.answer_survey(
        survey_id=survey.pk,
        participant=everyone,
        answers={one.pk: VoteDraft(value=5), two.pk: VoteDraft(value=4)},
    )
    services.answer_survey(
        survey_id=survey.pk,
        participant=half,
        answers={one.pk: VoteDraft(value=1), text.pk: VoteDraft(text="Mer tid")},
    )

    with django_assert_num_queries(7):
        context = survey_context(survey)

    progress = context["progress"]
    assert isinstance(progress, SurveyProgress)
    assert (progress.finished, progress.joined) == (1, 3)
    question_results = context["question_results"]
    assert isinstance(question_results, list)
    results = {item.question.question: item.results for item in question_results}
    assert [row.count for row in results["Spørsmål 1"].rows] == [1, 0, 0, 0, 1]
    assert str(results["Spørsmål 1"].mean) == "3.0"
    assert results["Hva tar du med deg?"].answers == ["Mer tid"]


# The screens -----------------------------------------------------------------------------


def test_the_room_sees_the_count_and_the_results_only_once_shown(client: Client):
    seminar = make_seminar()
    survey = make_survey(seminar, scales=1)
    scale, text = questions(survey)
    activities.open_survey(survey=survey)
    phone = joined_client(seminar)
    send(phone, seminar, survey, **{f"q{scale.pk}-value": "4", f"q{text.pk}-text": "Takk"})
    projector = reverse("seminar:projector", args=[seminar.projector_token])

    before = client.get(projector).text
    activities.show_survey_results(survey=survey, shown=True)
    after = client.get(projector).text

    assert finished_text(before) == ["1 of 1 has finished"]
    assert "result-row" not in before and "Takk" not in before
    assert "result-row__count" in after and "Takk" in after


@pytest.mark.parametrize(("scales", "queries"), [(1, 15), (6, 15)])
def test_every_screen_with_a_survey_renders_in_fixed_queries(
    django_assert_num_queries, scales: int, queries: int
):
    seminar = make_seminar()
    survey = make_survey(seminar, scales=scales)
    activities.open_survey(survey=survey)
    for person in (make_participant(seminar) for _ in range(3)):
        services.answer_survey(
            survey_id=survey.pk,
            participant=person,
            answers={question.pk: VoteDraft(value=3) for question in questions(survey)[:-1]},
        )

    with django_assert_num_queries(queries):
        message = render_screens(seminar.pk)
    with django_assert_num_queries(8):
        results = render_results(seminar.pk)

    assert finished_text(message["screens"]["projector"]) == ["3 of 3 have finished"]
    assert "3 of 3 have finished" in results["screens"]["console"]
    assert message["screens"]["console"].count('class="survey-results__question"') == scales + 1


@pytest.mark.parametrize(("scales", "queries"), [(1, 6), (6, 6)])
def test_a_phone_gets_its_own_form_with_its_answers_in_fixed_queries(
    django_assert_num_queries, scales: int, queries: int
):
    seminar = make_seminar()
    survey = make_survey(seminar, scales=scales)
    first = questions(survey)[0]
    activities.open_survey(survey=survey)
    phone = joined_client(seminar)
    send(phone, seminar, survey, **{f"q{first.pk}-value": "2"})
    url = reverse("polls:survey", args=[seminar.join_code, survey.pk])

    with django_assert_num_queries(queries):
        form = phone.get(url, headers={"hx-request": "true"})
    # The page has the room's screen too: what is on screen, the live state, who has
    # finished, the results (one fewer: no question has choices to count) and the
    # phone's groups.
    with django_assert_num_queries(queries + 7):
        page = phone.get(f"/j/{seminar.join_code}/")

    checked = re.findall(r'name="q(\d+)-value" value="(\d)" checked', form.text)
    assert checked == [(str(first.pk), "2")]
    assert re.findall(r'name="q(\d+)-value" value="(\d)" checked', page.text) == checked
    assert "hx-preserve" not in form.text  # the phone's own form replaces the stand-in


def test_coming_back_the_phone_page_shows_what_was_answered():
    seminar = make_seminar()
    survey = make_survey(seminar, scales=2, open_text=True)
    one, two, text = questions(survey)
    activities.open_survey(survey=survey)
    phone = joined_client(seminar)
    first = send(phone, seminar, survey, **{f"q{one.pk}-value": "5"})

    page = phone.get(f"/j/{seminar.join_code}/")
    last = send(phone, seminar, survey, **{f"q{two.pk}-value": "1", f"q{text.pk}-text": "Bra"})

    assert first.status_code == 200
    assert re.findall(r'name="q(\d+)-value" value="(\d)" checked', page.text) == [
        (str(one.pk), "5")
    ]
    assert "Thank you: your answers are stored." in last.text
    assert re.findall(r'name="q(\d+)-value" value="(\d)" checked', last.text) == [
        (str(one.pk), "5"),
        (str(two.pk), "1"),
    ]


def test_a_closed_survey_tells_the_phone_its_answers_were_not_stored():
    seminar = make_seminar()
    survey = make_survey(seminar, scales=1, open_text=False)
    (scale,) = questions(survey)
    activities.open_survey(survey=survey)
    phone = joined_client(seminar)
    activities.close_survey(survey=survey)

    response = send(phone, seminar, survey, **{f"q{scale.pk}-value": "3"})

    assert response.status_code == 400
    assert "This survey is closed. Your answers were not stored." in response.text
    assert not Ballot.objects.exists()


def test_the_console_opens_shows_and_hides_the_results(client: Client):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    survey = make_survey(seminar, scales=1)
    client.force_login(me)

    def press(action: str):
        return client.post(
            reverse("polls:survey_control", args=[seminar.slug, survey.pk, action]),
            headers={"hx-request": "true"},
        )

    press("show")
    opened = press("open")
    shown = press("show-results")
    survey.refresh_from_db()
    hidden = press("hide-results")

    assert "Survey on screen" in opened.text and "Show the results" in opened.text
    assert survey.results_shown
    assert "Hide the results" in shown.text
    assert "Show the results" in hidden.text
    assert not Survey.objects.get(pk=survey.pk).results_shown


def test_the_hidden_results_text_says_who_shows_them():
    seminar = make_seminar()
    seminar.language = "en"  # the projector speaks the seminar's language
    seminar.save(update_fields=["language"])
    poll = Poll.objects.create(
        seminar=seminar, kind="scale", question="Hvor godt?", state="open", results="on_reveal"
    )
    activities.open_poll(poll=poll)
    client = Client()

    page = client.get(reverse("seminar:projector", args=[seminar.projector_token])).text

    assert "The results are shown when the facilitator reveals them." in page
    assert "everyone has answered" not in page
    assert re.findall(r'class="poll__answered">([^<]+)<', page) == ["0 of 0 have answered"]


@pytest.mark.parametrize("scales", [1, 6])
def test_sending_the_answers_runs_fixed_queries(django_assert_num_queries, scales):
    """The answers are stored together through cast_votes' checks; the rest, and the form
    that answers the phone, are fixed too."""
    seminar = make_seminar()
    survey = make_survey(seminar, scales=scales, open_text=False)
    activities.open_survey(survey=survey)
    phone = joined_client(seminar)
    answers = {f"q{question.pk}-value": "3" for question in questions(survey)}

    with django_assert_num_queries(14):
        response = send(phone, seminar, survey, **answers)

    assert response.status_code == 200
    assert Ballot.objects.filter(value=3).count() == scales


def test_removing_the_agenda_item_takes_its_survey_with_it():
    from live.services import remove_item

    seminar = make_seminar(items=2)
    survey = make_survey(seminar, scales=1)
    # Not the item on the projector (the first): that one stays.
    slide = Slide.objects.filter(item__day__seminar=seminar).order_by("pk").last()
    assert slide is not None
    Survey.objects.filter(pk=survey.pk).update(slide=slide)
    Poll.objects.filter(survey=survey).update(slide=slide)
    item = slide.item

    remove_item(seminar=seminar, item_id=item.pk)

    assert not Survey.objects.filter(pk=survey.pk).exists()
    assert not Poll.objects.filter(survey_id=survey.pk).exists()


def test_a_draft_surveys_questions_are_not_the_rooms_yet():
    seminar = make_seminar()
    survey = make_survey(seminar, scales=1, open_text=False)
    phone = joined_client(seminar)
    url = reverse("polls:survey", args=[seminar.join_code, survey.pk])

    draft = phone.get(url, headers={"hx-request": "true"})
    activities.open_survey(survey=survey)
    opened = phone.get(url, headers={"hx-request": "true"})

    assert draft.status_code == 404 and "Spørsmål 1" not in draft.text
    assert opened.status_code == 200 and "Spørsmål 1" in opened.text
