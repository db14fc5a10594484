import re

import pytest
from django.test import Client
from django.urls import reverse

from agenda.models import Slide
from polls.services import PollDraft, create_poll, create_survey
from questions.services import new_round
from tests.factories import make_seminar, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("items", "slides_per_item"), [(1, 1), (5, 4)])
def test_programme_shows_every_slide_of_both_days_in_fixed_queries(
    client: Client, django_assert_num_queries, items: int, slides_per_item: int
):
    me = make_user()
    seminar = make_seminar(facilitator=me, items=items, slides_per_item=slides_per_item)
    client.force_login(me)

    # session, user, seminar; days, items, slides, their polls, surveys, exercises and
    # questions from the room; the items again for the import form
    with django_assert_num_queries(11):
        response = client.get(reverse("agenda:programme", args=[seminar.slug]))

    titles = re.findall(r'<h2 class="slide__title"[^>]*>([^<]+)</h2>', response.text)
    assert titles == [
        f"Slide {day}.{i}.{s}"
        for day in (1, 2)
        for i in range(1, items + 1)
        for s in range(1, slides_per_item + 1)
    ]


def test_programme_renders_sub_bullets_and_photo_credits(client: Client):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    client.force_login(me)

    response = client.get(reverse("agenda:programme", args=[seminar.slug]))

    assert "<li>First point\n              <ul><li>Detail</li></ul>" in response.text
    assert response.text.count('<p class="slide__credit">Foto: KS</p>') == 2


def test_programme_of_another_facilitators_seminar_is_not_found(client: Client):
    seminar = make_seminar(facilitator=make_user())
    client.force_login(make_user())

    response = client.get(reverse("agenda:programme", args=[seminar.slug]))

    assert response.status_code == 404


def test_programme_requires_login(client: Client):
    seminar = make_seminar()

    response = client.get(reverse("agenda:programme", args=[seminar.slug]))

    assert response["Location"] == f"/login/?next=/seminars/{seminar.slug}/programme/"


def slide_cards(page: str) -> list[tuple[list[str], bool]]:
    """Each slide card's tags as read, and whether it offers Remove."""
    cards = [
        card.split('<div class="slide-card__tools">')
        for card in page.split('<li class="slide-card"')[1:]
    ]
    return [
        (
            re.findall(r'<p class="slide-card__tag">([^<]+)</p>', shown),
            'name="remove_slide"' in tools.split("</div>")[0],
        )
        for shown, tools in cards
    ]


@pytest.mark.parametrize("rounds", [1, 3])
def test_a_slide_with_a_survey_or_questions_from_the_room_says_so_and_offers_no_remove(
    client: Client, django_assert_num_queries, rounds: int
):
    me = make_user()
    seminar = make_seminar(facilitator=me, items=2, slides_per_item=2)
    first, second, third, _fourth = Slide.objects.filter(item__day__seminar=seminar).order_by(
        "item__day__number", "item__order", "order"
    )[:4]
    survey = create_survey(slide=first, title="Evaluering")
    create_poll(
        slide=first, draft=PollDraft(kind="text", question="Hva tar du med deg?"), survey=survey
    )
    for number in range(1, rounds + 1):
        new_round(seminar=seminar, slide=second, title=f"Spørsmål {number}")
    create_poll(slide=third, draft=PollDraft(kind="text", question="Hva er viktigst?"))
    client.force_login(me)

    # session, user, seminar; days, items, slides, their polls, surveys, exercises and
    # questions from the room; the items again for the import form
    with django_assert_num_queries(11):
        page = client.get(reverse("agenda:programme", args=[seminar.slug])).text

    assert slide_cards(page)[:4] == [
        (["Spørreundersøkelse: Evaluering"], False),
        ([f"Spørsmål fra salen: Spørsmål {number}" for number in range(1, rounds + 1)], False),
        (["Avstemning: Hva er viktigst?"], False),
        ([], True),
    ]
