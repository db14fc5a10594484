from datetime import date, time

import pytest

from agenda.models import AgendaItem, Day, Slide
from programmes.services import create_seminar
from tests.factories import make_seminar, make_user, small_programme

pytestmark = pytest.mark.django_db


def test_create_seminar_copies_the_programme_onto_its_own_dates():
    facilitator = make_user()

    seminar = create_seminar(
        title="Folkevalgtprogram",
        municipality="Lom kommune",
        language="nn",
        first_date=date(2027, 11, 3),
        programme=small_programme(items=2, slides_per_item=2),
        facilitator=facilitator,
    )

    days = list(Day.objects.filter(seminar=seminar).values_list("number", "date", "ends_at"))
    assert days == [(1, date(2027, 11, 3), time(15, 0)), (2, date(2027, 11, 4), time(15, 0))]
    assert list(
        AgendaItem.objects.filter(day__seminar=seminar).values_list("day__number", "order", "title")
    ) == [
        (1, 1, "Day 1 item 1"),
        (1, 2, "Day 1 item 2"),
        (2, 1, "Day 2 item 1"),
        (2, 2, "Day 2 item 2"),
    ]
    assert Slide.objects.filter(item__day__seminar=seminar).count() == 8
    assert list(seminar.facilitators.all()) == [facilitator]
    assert seminar.slug == "lom-kommune-2027-11-03"
    assert seminar.language == "nn"


def test_create_seminar_keeps_data_for_thirty_days_after_the_last_day():
    seminar = make_seminar()

    assert seminar.delete_data_after == date(2027, 11, 25)


def test_create_seminar_gives_each_seminar_its_own_codes_and_slug():
    first = make_seminar(municipality="Vågå kommune")
    second = make_seminar(municipality="Vågå kommune")

    assert first.slug == "vaga-kommune-2027-10-25"
    assert second.slug == "vaga-kommune-2027-10-25-2"
    assert first.join_code != second.join_code
    assert len(first.join_code) == 6 and first.join_code.isdigit()
    assert first.projector_token != second.projector_token
    assert len(first.projector_token) >= 32
