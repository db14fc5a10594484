import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_seminar, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("items", "slides_per_item"), [(1, 1), (5, 4)])
def test_programme_shows_every_slide_of_both_days_in_fixed_queries(
    client: Client, django_assert_num_queries, items: int, slides_per_item: int
):
    me = make_user()
    seminar = make_seminar(facilitator=me, items=items, slides_per_item=slides_per_item)
    client.force_login(me)

    # session, user, seminar; days, items, slides, their polls and exercises; the items again
    # for the import form
    with django_assert_num_queries(9):
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
