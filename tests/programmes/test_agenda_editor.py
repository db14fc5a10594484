"""Days and agenda items, edited by the seminar's facilitators: times, titles, order,
new items and days, and removing an item after saying what goes with it."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from django.test import Client

from agenda.models import AgendaItem, Day, Slide
from live import services as live
from live.models import LiveState
from polls.models import Ballot, Poll
from seminar.models import Seminar
from tests.factories import make_poll, make_seminar, make_user, seat

pytestmark = pytest.mark.django_db

FIELD_ERRORS = re.compile(r'<div class="field-errors"[^>]*><ul class="errorlist"[^>]*><li>([^<]+)<')


@pytest.fixture
def mine(client: Client) -> Seminar:
    me = make_user("kari")
    client.force_login(me)
    return make_seminar(facilitator=me, items=3, slides_per_item=2)


def agenda_url(seminar: Seminar) -> str:
    return f"/seminars/{seminar.slug}/agenda/"


def items_of(seminar: Seminar, number: int = 1) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(day__seminar=seminar, day__number=number).order_by("order")
    )


def test_an_item_is_edited_and_the_console_follows(client, mine):
    item = items_of(mine)[1]
    revision = LiveState.objects.get(seminar=mine).revision
    prefix = f"item-{item.pk}"

    response = client.post(
        agenda_url(mine),
        {
            "action": "edit-item",
            "item": item.pk,
            f"{prefix}-title": "Om Lom kommune",
            f"{prefix}-starts_at": "10:15",
            f"{prefix}-planned_minutes": "40",
            f"{prefix}-kind": "presentation",
            f"{prefix}-presenter": "Kommunedirektøren",
        },
    )

    item.refresh_from_db()
    assert response["Location"] == f"{agenda_url(mine)}?saved=saved#item-{item.pk}"
    assert (item.title, item.starts_at, item.planned_minutes, item.presenter) == (
        "Om Lom kommune",
        time(10, 15),
        40,
        "Kommunedirektøren",
    )
    assert LiveState.objects.get(seminar=mine).revision == revision + 1


def test_an_item_with_a_bad_time_keeps_what_was_typed_and_says_why(client, mine):
    item = items_of(mine)[0]
    prefix = f"item-{item.pk}"

    response = client.post(
        agenda_url(mine),
        {
            "action": "edit-item",
            "item": item.pk,
            f"{prefix}-title": "Nytt navn",
            f"{prefix}-starts_at": "25:99",
            f"{prefix}-planned_minutes": "30",
            f"{prefix}-kind": "presentation",
        },
    )

    assert response.status_code == 400
    assert FIELD_ERRORS.findall(response.text) == ["Oppgi et gyldig tidspunkt."]
    assert 'value="Nytt navn"' in response.text
    assert AgendaItem.objects.get(pk=item.pk).title == item.title


def test_overlapping_and_late_items_are_flagged_not_refused(client, mine):
    first, second, third = items_of(mine)
    day = first.day
    day.ends_at = time(10, 0)
    day.save()
    AgendaItem.objects.filter(pk=first.pk).update(starts_at=time(9, 0), planned_minutes=45)
    AgendaItem.objects.filter(pk=second.pk).update(starts_at=time(9, 30), planned_minutes=10)
    AgendaItem.objects.filter(pk=third.pk).update(starts_at=time(9, 45), planned_minutes=30)

    page = client.get(agenda_url(mine)).text

    flags = {
        int(item_id): re.findall(r"<strong>Sjekk tiden:</strong> ([^<]+)</li>", block)
        for item_id, block in re.findall(
            r'<li class="agenda-item" id="item-(\d+)">(.*?)</form>', page, re.S
        )
    }
    assert flags[first.pk] == []
    assert flags[second.pk] == ["den begynner før programpunktet før slutter."]
    assert flags[third.pk] == ["den slutter etter at dagen slutter."]


def test_items_are_added_at_the_end_of_their_day_and_moved_by_their_buttons(client, mine):
    day = Day.objects.get(seminar=mine, number=1)
    prefix = f"new-{day.pk}"

    client.post(
        agenda_url(mine),
        {
            "action": "add-item",
            "day": day.pk,
            f"{prefix}-title": "Spørsmål fra salen",
            f"{prefix}-starts_at": "15:00",
            f"{prefix}-planned_minutes": "15",
            f"{prefix}-kind": "closing",
        },
    )
    added = items_of(mine)[-1]
    client.post(agenda_url(mine), {"action": "item-earlier", "item": added.pk})
    earlier = [item.title for item in items_of(mine)]
    client.post(agenda_url(mine), {"action": "item-later", "item": added.pk})

    assert (added.title, added.kind) == ("Spørsmål fra salen", "closing")
    assert earlier == ["Day 1 item 1", "Day 1 item 2", "Spørsmål fra salen", "Day 1 item 3"]
    assert [item.title for item in items_of(mine)] == [
        "Day 1 item 1",
        "Day 1 item 2",
        "Day 1 item 3",
        "Spørsmål fra salen",
    ]


def test_a_day_is_added_after_the_last_and_the_data_is_kept_as_long_after_it(client, mine):
    keep_until = mine.delete_data_after

    client.post(agenda_url(mine), {"action": "add-day"})

    days = list(Day.objects.filter(seminar=mine).order_by("number"))
    mine.refresh_from_db()
    assert [day.number for day in days] == [1, 2, 3]
    assert days[2].date == date.fromordinal(days[1].date.toordinal() + 1)
    assert mine.delete_data_after == max(
        keep_until, date.fromordinal(days[2].date.toordinal() + 30)
    )


def test_removing_an_item_says_what_goes_and_takes_its_slides_polls_and_votes(client, mine):
    item = items_of(mine)[2]
    poll = make_poll(mine)
    poll.slide = item.slides.first()
    poll.save(update_fields=["slide"])
    ballot_for = poll.choices.first()
    for _ in range(3):
        Ballot.objects.create(poll=poll, participant=seat(mine)).choices.add(ballot_for)

    asked = client.get(f"/seminars/{mine.slug}/agenda/items/{item.pk}/remove/")
    removed = client.post(
        f"/seminars/{mine.slug}/agenda/items/{item.pk}/remove/", {"confirm": "yes"}
    )

    goes = re.findall(r"<li>(?:<strong>)?([^<]+)", asked.text.split('<ul class="what-goes">')[1])
    assert goes[:4] == ["2 lysbilder", f"Avstemning: {poll.question}", "3 stemmer"]
    assert removed.status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert (
        Slide.objects.filter(item_id=item.pk).count(),
        Poll.objects.filter(pk=poll.pk).count(),
    ) == (0, 0)
    assert Ballot.objects.count() == 0


def test_the_item_on_the_projector_is_not_removed(client, mine):
    item = items_of(mine)[1]
    live.go_to_slide(seminar=mine, slide_id=item.slides.first().pk)

    response = client.post(
        f"/seminars/{mine.slug}/agenda/items/{item.pk}/remove/", {"confirm": "yes"}
    )

    assert response.status_code == 400
    assert "Det programpunktet er på projektoren nå." in response.text
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_only_the_seminars_facilitators_edit_its_agenda(client, mine):
    item = items_of(mine)[0]
    other = Client()
    other.force_login(make_user("annen"))
    phone = Client()
    phone.post(f"/j/{mine.join_code}/", {"side": "elected"})

    answers = [
        other.get(agenda_url(mine)).status_code,
        other.post(agenda_url(mine), {"action": "add-day"}).status_code,
        other.post(
            f"/seminars/{mine.slug}/agenda/items/{item.pk}/remove/", {"confirm": "yes"}
        ).status_code,
        phone.post(agenda_url(mine), {"action": "add-day"}).status_code,
        Client().get(agenda_url(mine)).status_code,
    ]

    assert answers == [404, 404, 404, 302, 302]
    assert Day.objects.filter(seminar=mine).count() == 2
    assert AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("items", [1, 6])
def test_the_agenda_editor_runs_fixed_queries(client, django_assert_num_queries, items: int):
    me = make_user("ola")
    client.force_login(me)
    seminar = make_seminar(facilitator=me, items=items)

    with django_assert_num_queries(5):  # session, user, the seminar, days, items
        response = client.get(agenda_url(seminar))

    assert len(re.findall(r'<li class="agenda-item"', response.text)) == 2 * items
