"""Taking a slide, a poll or an exercise from another programme: one of the facilitator's
own seminars, or the KS template filled for this seminar's municipality."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from agenda.models import AgendaItem, Slide
from exercises.models import Exercise
from polls.models import Ballot, Poll
from programmes.copying import TEMPLATE, load_source
from questions.models import QuestionRound, RoomQuestion
from questions.services import new_round
from seminar.models import Seminar
from tests.factories import make_exercise, make_poll, make_seminar, make_user, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client: Client):
    user = make_user("kari")
    client.force_login(user)
    return user


@pytest.fixture
def mine(me) -> Seminar:
    return make_seminar(facilitator=me, municipality="Lom kommune", items=1, slides_per_item=1)


def take_url(seminar: Seminar) -> str:
    return f"/seminars/{seminar.slug}/take/"


def first_item(seminar: Seminar) -> AgendaItem:
    return AgendaItem.objects.get(day__seminar=seminar, day__number=1, order=1)


def test_a_slide_from_the_template_gets_this_seminars_municipality_and_dates(client, mine):
    item = first_item(mine)
    page = client.get(f"{take_url(mine)}?into={item.pk}").content.decode()
    assert 'name="position" value="1-0-0"' in page

    response = client.post(
        take_url(mine), {"from": "ks", "into": item.pk, "take": "slide", "position": "1-0-0"}
    )

    taken = Slide.objects.filter(item=item).order_by("order").last()
    assert taken is not None
    assert response["Location"] == f"/seminars/{mine.slug}/slides/{taken.pk}/?saved=taken"
    assert (taken.title, taken.body) == ("Lom kommune", "25. og 26. oktober 2027")


def test_a_slide_from_the_template_comes_with_its_questions_from_the_room_not_yet_open(
    client, mine
):
    item = first_item(mine)
    hets = "1-16-0"  # "Hets mot folkevalgte": its questions held for the facilitator
    page = client.get(f"{take_url(mine)}?into={item.pk}").content.decode()
    listed = page.split(f'name="position" value="{hets}"')[1].split(
        '<li class="take-list__slide">'
    )[0]

    client.post(take_url(mine), {"from": "ks", "into": item.pk, "take": "slide", "position": hets})

    taken = Slide.objects.filter(item=item).order_by("order").last()
    assert taken is not None
    assert taken.title == "Hets mot folkevalgte"
    assert [text.strip() for text in re.findall(r"<li>([^<]+)", listed)] == [
        "Oppgave: Hets mot folkevalgte",
        "Spørsmål fra salen: Spørsmål om hets",
    ]
    assert [
        (copied.seminar, copied.title, copied.moderation, copied.state, copied.questions.count())
        for copied in QuestionRound.objects.filter(slide=taken)
    ] == [(mine, "Spørsmål om hets", "held", "draft", 0)]


def test_a_poll_from_the_template_goes_onto_the_chosen_slide_as_a_draft(client, mine):
    onto = Slide.objects.filter(item__day__seminar=mine).first()
    assert onto is not None
    page = client.get(f"{take_url(mine)}?onto={onto.pk}").content.decode()
    assert 'name="take" value="poll"><input type="hidden" name="index" value="0">' in page

    client.post(take_url(mine), {"from": "ks", "onto": onto.pk, "take": "poll", "index": "0"})

    template_poll = source_poll_question(0)
    copied = Poll.objects.get(slide=onto)
    assert (copied.question, copied.state) == (template_poll, "draft")


def source_poll_question(index: int) -> str:
    source = load_source(make_user(), TEMPLATE)
    assert source is not None
    return source.programme.polls[index].poll.question


def test_a_slide_from_my_other_seminar_comes_with_its_polls_exercise_round_and_picture(
    client, me, mine
):
    other = make_seminar(facilitator=me, municipality="Vågå kommune", items=1, slides_per_item=2)
    source = Slide.objects.filter(item__day__seminar=other).order_by("pk")[1]
    source.image = "slides/kart.png"
    source.image_alt = "Kart"
    source.save()
    poll = make_poll(other, question="Hva betyr mest?", labels=("Skole", "Vei", "Helse"))
    poll.slide = source
    poll.save()
    seat_voter = seat(other)
    Ballot.objects.create(poll=poll, participant=seat_voter)
    exercise = make_exercise(other, questions=("Hvorfor?",), poll=poll)
    exercise.slide = source
    exercise.save()
    question_round = new_round(
        seminar=other, slide=source, title="Spørsmål til rådmannen", moderation="held"
    )
    QuestionRound.objects.filter(pk=question_round.pk).update(state="open")
    RoomQuestion.objects.create(round=question_round, participant=seat_voter, text="Når?")
    item = first_item(mine)

    client.post(
        take_url(mine),
        {"from": other.slug, "into": item.pk, "take": "slide", "position": "1-0-1"},
    )

    taken = Slide.objects.filter(item=item).order_by("order").last()
    assert taken is not None
    assert (taken.title, taken.image.name, taken.image_alt) == (
        source.title,
        "slides/kart.png",
        "Kart",
    )
    copied_poll = Poll.objects.get(slide=taken)
    assert (copied_poll.question, copied_poll.state, copied_poll.ballots.count()) == (
        "Hva betyr mest?",
        "draft",
        0,
    )
    assert list(copied_poll.choices.values_list("label", flat=True)) == ["Skole", "Vei", "Helse"]
    copied_exercise = Exercise.objects.get(slide=taken)
    assert (
        copied_exercise.poll,
        list(copied_exercise.questions.values_list("text", flat=True)),
    ) == (
        copied_poll,
        ["Hvorfor?"],
    )
    assert [
        (copied.title, copied.moderation, copied.state, copied.questions.count())
        for copied in QuestionRound.objects.filter(slide=taken)
    ] == [("Spørsmål til rådmannen", "held", "draft", 0)]
    # The source is as it was.
    assert Poll.objects.get(pk=poll.pk).ballots.count() == 1
    assert question_round.questions.count() == 1


def test_a_poll_alone_goes_onto_the_chosen_slide(client, me, mine):
    other = make_seminar(facilitator=me, municipality="Vågå kommune")
    poll = make_poll(
        other,
        question="Trafikklys?",
        kind="traffic_light",
        labels=("Grønt", "Rødt"),
        lights=("green", "red"),
    )
    poll.slide = Slide.objects.filter(item__day__seminar=other).first()
    poll.save()
    onto = Slide.objects.filter(item__day__seminar=mine).first()
    assert onto is not None

    response = client.post(
        take_url(mine), {"from": other.slug, "onto": onto.pk, "take": "poll", "index": "0"}
    )

    assert response["Location"] == f"/seminars/{mine.slug}/slides/{onto.pk}/?saved=taken"
    copied = Poll.objects.get(slide=onto)
    assert (copied.kind, copied.question, copied.seminar) == ("traffic_light", "Trafikklys?", mine)
    assert list(copied.choices.values_list("label", "light")) == [
        ("Grønt", "green"),
        ("Rødt", "red"),
    ]


def test_an_exercise_alone_goes_onto_the_chosen_slide_without_its_poll(client, me, mine):
    other = make_seminar(facilitator=me, municipality="Vågå kommune")
    make_exercise(
        other, kind="case", questions=("Hva nå?", "Hvem bestemmer?"), poll=make_poll(other)
    )
    onto = Slide.objects.filter(item__day__seminar=mine).first()

    client.post(
        take_url(mine), {"from": other.slug, "onto": onto.pk, "take": "exercise", "index": "0"}
    )

    copied = Exercise.objects.get(slide=onto)
    assert (copied.kind, copied.poll, copied.seminar) == ("case", None, mine)
    assert list(copied.questions.values_list("text", flat=True)) == ["Hva nå?", "Hvem bestemmer?"]


def test_another_facilitators_seminar_is_no_source_and_nothing_is_copied(client, mine):
    theirs = make_seminar(facilitator=make_user("ola"), municipality="Skjåk kommune")
    item = first_item(mine)
    slides = Slide.objects.count()

    page = client.get(f"{take_url(mine)}?into={item.pk}").content.decode()
    response = client.post(
        take_url(mine), {"from": theirs.slug, "into": item.pk, "take": "slide", "position": "1-0-0"}
    )

    assert "Skjåk" not in page
    assert response.status_code == 400
    assert Slide.objects.count() == slides


def test_a_position_not_in_the_source_is_refused_with_a_message(client, mine):
    item = first_item(mine)

    response = client.post(
        take_url(mine), {"from": "ks", "into": item.pk, "take": "slide", "position": "9-99-0"}
    )

    assert response.status_code == 400
    assert (
        "Det lysbildet finnes ikke" in response.content.decode()
        or "That slide is not in the programme any more." in response.content.decode()
    )


@pytest.mark.parametrize("who", ["another facilitator", "nobody"])
def test_only_the_seminars_facilitators_take_into_it(client, mine, who):
    stranger = Client()
    if who == "another facilitator":
        stranger.force_login(make_user("ola"))
    item = first_item(mine)

    response = stranger.post(
        take_url(mine), {"from": "ks", "into": item.pk, "take": "slide", "position": "1-0-0"}
    )

    assert response.status_code == (404 if who == "another facilitator" else 302)
    assert Slide.objects.filter(item__day__seminar=mine).count() == 2


@pytest.mark.parametrize("seminars", [1, 6])
def test_the_take_page_runs_a_fixed_number_of_queries(
    client, me, mine, django_assert_num_queries, seminars
):
    for number in range(seminars):
        make_seminar(facilitator=me, municipality=f"Kommune {number}")
    item = first_item(mine)

    with django_assert_num_queries(6):
        assert client.get(f"{take_url(mine)}?into={item.pk}").status_code == 200
