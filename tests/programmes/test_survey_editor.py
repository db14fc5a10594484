"""The programme editor makes and edits surveys: a title on a slide, then its questions,
each a poll made in the poll editor."""

from __future__ import annotations

import pytest
from django.test import Client

from live import activities
from polls import services
from polls.models import Ballot, Poll, Survey
from polls.queries import VoteDraft
from tests.factories import make_participant, make_seminar, make_user
from tests.programmes.test_poll_editor import english, first_slide, form_data, new_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(client: Client):
    me = make_user("kari")
    english(client).force_login(me)
    return make_seminar(facilitator=me, items=1, slides_per_item=2)


def test_a_survey_is_made_on_its_slide_and_gets_its_questions(client: Client, mine):
    slide = first_slide(mine)

    made = client.post(
        f"/seminars/{mine.slug}/slides/{slide.pk}/surveys/new/", {"title": "Evaluering"}
    )
    survey = Survey.objects.get(seminar=mine)
    page = client.get(made["Location"]).content.decode()
    asked = client.get(f"{new_url(mine, slide)}?kind=scale&survey={survey.pk}").content.decode()
    client.post(
        new_url(mine, slide),
        form_data("scale", "Hvor nyttig?", scale_min=1, scale_max=5, survey=survey.pk),
    )
    client.post(new_url(mine, slide), form_data("open_text", "Hva tar du med?", survey=survey.pk))
    client.post(new_url(mine, slide), form_data("open_text", "Alene?"))
    slide_page = client.get(f"/seminars/{mine.slug}/slides/{slide.pk}/").content.decode()
    survey_page = client.get(f"/seminars/{mine.slug}/surveys/{survey.pk}/").content.decode()

    assert made["Location"] == f"/seminars/{mine.slug}/surveys/{survey.pk}/?saved=new"
    assert (survey.title, survey.slide) == ("Evaluering", slide)
    assert "The survey is made. Now add its questions." in page
    assert "A question of the survey “Evaluering”" in asked
    assert list(survey.questions.order_by("order").values_list("question", "kind")) == [
        ("Hvor nyttig?", "scale"),
        ("Hva tar du med?", "open_text"),
    ]
    assert Poll.objects.get(question="Alene?").survey is None
    assert f'href="/seminars/{mine.slug}/surveys/{survey.pk}/">Evaluering</a>' in slide_page
    assert "Hvor nyttig?</a>" in survey_page and "Alene?" not in survey_page


def test_a_question_added_to_an_open_survey_is_open_at_once(client: Client, mine):
    slide = first_slide(mine)
    survey = services.create_survey(slide=slide, title="Evaluering")
    services.open_survey(survey=survey)

    client.post(new_url(mine, slide), form_data("open_text", "Noe mer?", survey=survey.pk))

    assert Poll.objects.get(question="Noe mer?").state == "open"


def test_a_survey_on_another_slide_is_not_given_the_question(client: Client, mine):
    first, other = first_slide(mine), first_slide(mine).item.slides.order_by("order")[1]
    survey = services.create_survey(slide=other, title="Evaluering")

    client.post(new_url(mine, first), form_data("open_text", "Hvor?", survey=survey.pk))

    assert Poll.objects.get(question="Hvor?").survey is None


def test_the_title_is_checked_and_renamed(client: Client, mine):
    survey = services.create_survey(slide=first_slide(mine), title="Evaluering")
    url = f"/seminars/{mine.slug}/surveys/{survey.pk}/"

    refused = client.post(url, {"title": " "})
    client.post(url, {"title": "Hva syntes du?"})

    assert refused.status_code == 400
    assert "Write the survey&#x27;s title." in refused.content.decode()
    assert Survey.objects.get(pk=survey.pk).title == "Hva syntes du?"


def test_removing_a_survey_says_what_goes_and_refuses_while_it_is_on_screen(client: Client, mine):
    slide = first_slide(mine)
    survey = services.create_survey(slide=slide, title="Evaluering")
    client.post(new_url(mine, slide), form_data("open_text", "Hva tar du med?", survey=survey.pk))
    question = Poll.objects.get(survey=survey)
    services.open_survey(survey=survey)
    services.answer_survey(
        survey_id=survey.pk,
        participant=make_participant(mine),
        answers={question.pk: VoteDraft(text="Mye")},
    )
    url = f"/seminars/{mine.slug}/surveys/{survey.pk}/remove/"
    activities.show_survey(survey=survey)

    asked = client.get(url).content.decode()
    refused = client.post(url, {"confirm": "yes"})
    activities.hide_survey(seminar_id=mine.pk)
    removed = client.post(url, {"confirm": "yes"})

    assert "Its 1 question goes with it." in asked and "So does 1 answer" in asked
    assert refused.status_code == 400
    assert "This survey is on the projector now." in refused.content.decode()
    assert removed["Location"] == f"/seminars/{mine.slug}/slides/{slide.pk}/"
    assert not Survey.objects.exists() and not Ballot.objects.exists()


def test_another_facilitators_survey_is_not_found(client: Client, mine):
    other = make_seminar()
    survey = services.create_survey(slide=first_slide(other), title="Evaluering")

    assert client.get(f"/seminars/{other.slug}/surveys/{survey.pk}/").status_code == 404
