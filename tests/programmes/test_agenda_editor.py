"""Days and agenda items, edited by the seminar's facilitators: times, titles, order (by
button and by drag), new items and days, and removing an item or a day after saying what
goes with it."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from agenda.models import AgendaItem, Day, Slide
from exercises.models import Contribution, Exercise
from live import services as live
from live.models import LiveState
from polls.models import Ballot, Poll, Survey
from polls.services import create_survey
from questions.models import QuestionRound, RoomQuestion, Upvote
from questions.services import new_round
from seminar.models import Seminar
from tests.factories import make_exercise, make_poll, make_seminar, make_user, seat

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


def test_removing_an_item_says_what_goes_and_takes_its_survey_and_questions_from_the_room(
    client, mine
):
    item = items_of(mine)[2]
    first, second = item.slides.order_by("order")
    survey = create_survey(slide=first, title="Evaluering")
    question_round = new_round(seminar=mine, slide=second, title="Spørsmål til ordføreren")
    why, when = (
        RoomQuestion.objects.create(round=question_round, participant=seat(mine), text=text)
        for text in ("Hvorfor?", "Når?")
    )
    RoomQuestion.objects.create(
        round=question_round, participant=seat(mine), text="Glem det", status="withdrawn"
    )
    Upvote.objects.create(question=why, participant=seat(mine))
    Upvote.objects.create(question=when, participant=seat(mine))

    asked = client.get(f"/seminars/{mine.slug}/agenda/items/{item.pk}/remove/")
    removed = client.post(
        f"/seminars/{mine.slug}/agenda/items/{item.pk}/remove/", {"confirm": "yes"}
    )

    listed = asked.text.split('<ul class="what-goes">')[1].split("</ul>")[0]
    assert re.findall(r"<li>(?:<strong>)?([^<]+)", listed) == [
        "2 lysbilder",
        "Spørreundersøkelse: Evaluering",
        "Spørsmål fra salen: Spørsmål til ordføreren",
        "2 spørsmål",
    ]
    assert removed.status_code == 302
    assert (
        Survey.objects.filter(pk=survey.pk).count(),
        QuestionRound.objects.filter(pk=question_round.pk).count(),
        RoomQuestion.objects.filter(round_id=question_round.pk).count(),
        Upvote.objects.filter(question_id__in=[why.pk, when.pk]).count(),
    ) == (0, 0, 0, 0)


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


# Dragging items, within a day and into another -------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}
STATUS = re.compile(r'<div hx-swap-oob="innerHTML:#agenda-status">([^<]*)</div>')


def in_english(client: Client) -> Client:
    client.cookies["django_language"] = "en"  # the facilitator chose English
    return client


def drop(client: Client, seminar: Seminar, outline: list[tuple[Day, list[AgendaItem]]]):
    """What the page posts after a drag: each day's marker, then its items, in page order."""
    order = [
        value
        for day, items in outline
        for value in [f"day-{day.pk}", *(str(item.pk) for item in items)]
    ]
    return client.post(agenda_url(seminar), {"action": "arrange", "order": order}, **HTMX)


def agenda_of(seminar: Seminar) -> list[list[str]]:
    return [
        [item.title for item in day.items.order_by("order")]
        for day in Day.objects.filter(seminar=seminar).order_by("number")
    ]


def test_an_item_dragged_into_the_other_day_lands_where_it_was_dropped(client, mine):
    in_english(client)
    day_1, day_2 = Day.objects.filter(seminar=mine).order_by("number")
    first, second, third = items_of(mine)
    revision = LiveState.objects.get(seminar=mine).revision

    response = drop(client, mine, [(day_1, [third, first]), (day_2, [second, *items_of(mine, 2)])])

    assert response.status_code == 200
    assert STATUS.findall(response.text) == ["The items are in their new order."]
    assert agenda_of(mine) == [
        ["Day 1 item 3", "Day 1 item 1"],
        ["Day 1 item 2", "Day 2 item 1", "Day 2 item 2", "Day 2 item 3"],
    ]
    assert LiveState.objects.get(seminar=mine).revision == revision + 1
    # Its move buttons follow it: the first of its new day moves only later.
    moves = response.text.split(f'id="item-{second.pk}-moves" hx-swap-oob="true">')[1]
    moves = moves.split("</div>")[0]
    assert "Move earlier" not in moves
    assert "Move later" in moves


def test_an_item_dropped_where_it_was_changes_nothing(client, mine):
    in_english(client)
    day_1, day_2 = Day.objects.filter(seminar=mine).order_by("number")
    revision = LiveState.objects.get(seminar=mine).revision

    response = drop(client, mine, [(day_1, items_of(mine)), (day_2, items_of(mine, 2))])

    assert STATUS.findall(response.text) == ["Nothing was moved."]
    assert LiveState.objects.get(seminar=mine).revision == revision


def test_a_drop_on_a_page_drawn_before_another_window_changed_the_agenda_is_refused(client, mine):
    in_english(client)
    day_1, day_2 = Day.objects.filter(seminar=mine).order_by("number")
    seen_1, seen_2 = items_of(mine), items_of(mine, 2)
    client.post(  # another window adds an item
        agenda_url(mine),
        {
            "action": "add-item",
            "day": day_2.pk,
            f"new-{day_2.pk}-title": "Lunsj",
            f"new-{day_2.pk}-starts_at": "12:00",
            f"new-{day_2.pk}-planned_minutes": "45",
            f"new-{day_2.pk}-kind": "break",
        },
    )
    before = agenda_of(mine)

    response = drop(client, mine, [(day_1, seen_1[::-1]), (day_2, seen_2)])

    assert response.status_code == 400
    assert STATUS.findall(response.text) == [
        "The agenda was changed in another window. "
        "This page now shows it as it is: make the move again."
    ]
    assert agenda_of(mine) == before
    # The days are drawn again as they are, the new item in them.
    assert '<div id="agenda-days" hx-swap-oob="innerHTML">' in response.text
    assert "Lunsj" in response.text


def test_items_of_another_seminar_are_not_arranged_into_this_one(client, mine):
    in_english(client)
    theirs = make_seminar(facilitator=make_user("per"), items=3)
    day_1, day_2 = Day.objects.filter(seminar=mine).order_by("number")
    (foreign, *_rest) = items_of(theirs)
    mine_before, theirs_before = agenda_of(mine), agenda_of(theirs)

    added = drop(client, mine, [(day_1, [*items_of(mine), foreign]), (day_2, items_of(mine, 2))])
    swapped = drop(
        client, mine, [(day_1, [foreign, *items_of(mine)[1:]]), (day_2, items_of(mine, 2))]
    )
    their_day = drop(
        client,
        mine,
        [(day_1, items_of(mine)), (Day.objects.get(seminar=theirs, number=2), items_of(mine, 2))],
    )

    assert [added.status_code, swapped.status_code, their_day.status_code] == [400, 400, 400]
    assert (agenda_of(mine), agenda_of(theirs)) == (mine_before, theirs_before)


def test_a_drop_without_javascript_comes_back_to_the_agenda(client, mine):
    day_1, day_2 = Day.objects.filter(seminar=mine).order_by("number")
    first, second, third = items_of(mine)

    response = client.post(
        agenda_url(mine),
        {
            "action": "arrange",
            "order": [f"day-{day_1.pk}", third.pk, first.pk, second.pk, f"day-{day_2.pk}"]
            + [item.pk for item in items_of(mine, 2)],
        },
    )

    assert response["Location"] == agenda_url(mine)
    assert agenda_of(mine)[0] == ["Day 1 item 3", "Day 1 item 1", "Day 1 item 2"]


def test_a_move_button_gives_the_focus_back_to_itself(client, mine):
    first = items_of(mine)[0]

    moved = client.post(agenda_url(mine), {"action": "item-later", "item": first.pk})
    page = client.get(moved["Location"]).text

    assert moved["Location"] == f"{agenda_url(mine)}?saved=moved&focus=later-{first.pk}"
    assert re.findall(r'<button type="submit"[^>]* autofocus>([^<]+)', page) == ["Flytt senere"]
    assert items_of(mine)[1].pk == first.pk


# Removing a day ---------------------------------------------------------------------------


def remove_day_url(seminar: Seminar, day: Day) -> str:
    return f"/seminars/{seminar.slug}/agenda/days/{day.pk}/remove/"


def what_goes(page: str) -> list[str]:
    """The confirmation's list as read: each item's title, then what goes with it."""
    listed = page.split('<ol class="what-goes-items">')[1].split("</ol>")[0]
    return [
        text.strip()
        for text in re.findall(r"<(?:h2|li)[^>]*>(?:<strong>)?([^<]+)", listed)
        if text.strip()
    ]


def test_removing_a_day_lists_each_item_with_its_slides_polls_votes_and_answers(client, mine):
    in_english(client)
    day_2 = Day.objects.get(seminar=mine, number=2)
    first, _second, third = items_of(mine, 2)
    poll = make_poll(mine, question="Skal vi bygge ny skole?")
    poll.slide = first.slides.first()
    poll.save(update_fields=["slide"])
    for _ in range(3):
        Ballot.objects.create(poll=poll, participant=seat(mine)).choices.add(poll.choices.first())
    exercise = make_exercise(mine, title="Hva risikerer vi?")
    exercise.slide = third.slides.last()
    exercise.save(update_fields=["slide"])
    for text in ["Rasfare", "Flom"]:
        Contribution.objects.create(exercise=exercise, participant=seat(mine), text=text)
    question_round = new_round(seminar=mine, slide=third.slides.first(), title="Spørsmål")
    for text in ["Hvem betaler?", "Når starter det?"]:
        RoomQuestion.objects.create(round=question_round, participant=seat(mine), text=text)

    page = client.get(remove_day_url(mine, day_2)).text

    assert "<h1>Remove Day 2?</h1>" in page
    assert "Its 3 agenda items go with it, and cannot be brought back:" in page
    assert re.findall(r"<strong>(\d+ [\w ]+ in all)</strong>", page) == [
        "3 votes in all",
        "2 answers in all",
        "2 questions from the room in all",
    ]
    assert what_goes(page) == [
        "10.00 Day 2 item 1",
        "2 slides",
        "Poll: Skal vi bygge ny skole?",
        "3 votes",
        "11.00 Day 2 item 2",
        "2 slides",
        "12.00 Day 2 item 3",
        "2 slides",
        "Exercise: Hva risikerer vi?",
        "2 answers",
        "Questions from the room: Spørsmål",
        "2 questions",
    ]


def test_a_removed_day_takes_everything_with_it_and_the_pictures_no_other_slide_shows(
    client, mine, settings, django_capture_on_commit_callbacks
):
    in_english(client)
    day_1, day_2 = Day.objects.filter(seminar=mine).order_by("number")
    first = items_of(mine, 2)[0]
    poll = make_poll(mine)
    poll.slide = first.slides.first()
    poll.save(update_fields=["slide"])
    Ballot.objects.create(poll=poll, participant=seat(mine)).choices.add(poll.choices.first())
    exercise = make_exercise(mine)
    exercise.slide = first.slides.last()
    exercise.save(update_fields=["slide"])
    Contribution.objects.create(exercise=exercise, participant=seat(mine), text="Flom")
    only_there = default_storage.save("slides/only-there.png", ContentFile(b"png"))
    shared = default_storage.save("slides/shared.png", ContentFile(b"png"))
    Slide.objects.filter(pk=first.slides.first().pk).update(image=only_there)
    Slide.objects.filter(pk=first.slides.last().pk).update(image=shared)
    Slide.objects.filter(item__day=day_1).filter(order=1).update(image=shared)
    media = Path(settings.MEDIA_ROOT)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_day_url(mine, day_2), {"confirm": "yes"})
    page = client.get(response["Location"]).text

    assert response["Location"] == f"{agenda_url(mine)}?removed_day=Day%202"
    assert re.findall(r'<p id="agenda-status"[^>]*>([^<]+)</p>', page) == [
        "“Day 2” is removed with its items; any days after it are numbered one lower."
    ]
    assert list(Day.objects.filter(seminar=mine).values_list("pk", flat=True)) == [day_1.pk]
    assert (
        AgendaItem.objects.filter(day_id=day_2.pk).count(),
        Slide.objects.filter(item__day_id=day_2.pk).count(),
        Poll.objects.filter(pk=poll.pk).count(),
        Ballot.objects.filter(poll_id=poll.pk).count(),
        Exercise.objects.filter(pk=exercise.pk).count(),
        Contribution.objects.filter(exercise_id=exercise.pk).count(),
    ) == (0, 0, 0, 0, 0, 0)
    assert not (media / only_there).exists()
    assert (media / shared).exists()


def test_the_days_after_a_removed_day_are_numbered_again_and_keep_their_dates(client, mine):
    client.post(agenda_url(mine), {"action": "add-day"})
    day_1, day_2, day_3 = Day.objects.filter(seminar=mine).order_by("number")
    live.go_to_slide(seminar=mine, slide_id=items_of(mine, 2)[0].slides.first().pk)

    response = client.post(remove_day_url(mine, day_1), {"confirm": "yes"})

    assert response.status_code == 302
    assert [
        (day.pk, day.number, day.date)
        for day in Day.objects.filter(seminar=mine).order_by("number")
    ] == [(day_2.pk, 1, day_2.date), (day_3.pk, 2, day_3.date)]
    assert agenda_of(mine)[0] == ["Day 2 item 1", "Day 2 item 2", "Day 2 item 3"]


def test_the_day_on_the_projector_is_not_removed(client, mine):
    in_english(client)
    day_2 = Day.objects.get(seminar=mine, number=2)
    live.go_to_slide(seminar=mine, slide_id=items_of(mine, 2)[2].slides.last().pk)
    live.set_blank(seminar=mine, blank=True)  # blanked, it is still the room's place
    before = agenda_of(mine)

    response = client.post(remove_day_url(mine, day_2), {"confirm": "yes"})

    assert response.status_code == 400
    assert re.findall(r'<p class="error-summary" role="alert">([^<]+)</p>', response.text) == [
        "An item of that day is on the projector now. "
        "Show a slide of another day first, then remove it."
    ]
    assert agenda_of(mine) == before


def test_a_seminars_only_day_stays(client, mine):
    in_english(client)
    day_1, day_2 = Day.objects.filter(seminar=mine).order_by("number")
    client.post(remove_day_url(mine, day_2), {"confirm": "yes"})
    before = agenda_of(mine)

    editor = client.get(agenda_url(mine)).text
    response = client.post(remove_day_url(mine, day_1), {"confirm": "yes"})

    assert "Remove the day…" not in editor  # no link to a removal that is refused
    assert response.status_code == 400
    assert re.findall(r'<p class="error-summary" role="alert">([^<]+)</p>', response.text) == [
        "A seminar has at least one day, so its only day stays."
    ]
    assert agenda_of(mine) == before


def test_only_the_seminars_facilitators_arrange_and_remove_its_days(client, mine):
    day_1, day_2 = Day.objects.filter(seminar=mine).order_by("number")
    first, second, third = items_of(mine)
    outline = [(day_1, [third, second, first]), (day_2, items_of(mine, 2))]
    other = Client()
    other.force_login(make_user("annen"))
    anonymous = Client()
    before = agenda_of(mine)

    answers = [
        other.get(remove_day_url(mine, day_2)).status_code,
        other.post(remove_day_url(mine, day_2), {"confirm": "yes"}).status_code,
        drop(other, mine, outline).status_code,
        anonymous.get(remove_day_url(mine, day_2)).status_code,
        anonymous.post(remove_day_url(mine, day_2), {"confirm": "yes"}).status_code,
        drop(anonymous, mine, outline).status_code,
    ]

    assert answers == [404, 404, 404, 302, 302, 302]
    assert agenda_of(mine) == before


@pytest.mark.parametrize("items", [1, 6])
def test_the_remove_day_page_runs_fixed_queries(client, django_assert_num_queries, items: int):
    me = make_user("ola")
    client.force_login(me)
    seminar = make_seminar(facilitator=me, items=items, slides_per_item=2)
    day_2 = Day.objects.get(seminar=seminar, number=2)
    for item in items_of(seminar, 2):
        poll = make_poll(seminar, question=f"Om {item.title}?")
        poll.slide = item.slides.first()
        poll.save(update_fields=["slide"])
        Ballot.objects.create(poll=poll, participant=seat(seminar)).choices.add(
            poll.choices.first()
        )
        create_survey(slide=item.slides.first(), title=f"Evaluering av {item.title}")
        question_round = new_round(
            seminar=seminar, slide=item.slides.last(), title=f"Spørsmål om {item.title}"
        )
        RoomQuestion.objects.create(round=question_round, participant=seat(seminar), text="Hvem?")

    # session, user, the seminar, the day, its items, eight for what goes, later days
    with django_assert_num_queries(14):
        response = client.get(remove_day_url(seminar, day_2))

    assert len(re.findall(r'<h2 class="what-goes-items__title">', response.text)) == items
    assert len(re.findall(r"<li>Avstemning: Om Day 2 item \d+\?</li>", response.text)) == items
    assert len(re.findall(r"<li>Spørreundersøkelse: Evaluering av Day 2", response.text)) == items
    assert len(re.findall(r"<li>Spørsmål fra salen: Spørsmål om Day 2", response.text)) == items
    assert response.text.count("<li><strong>1 spørsmål</strong></li>") == items


@pytest.mark.parametrize("items", [1, 6])
def test_a_drop_runs_fixed_queries(client, django_assert_num_queries, items: int):
    me = make_user("ola")
    client.force_login(me)
    seminar = make_seminar(facilitator=me, items=items)
    day_1, day_2 = Day.objects.filter(seminar=seminar).order_by("number")
    outline = [(day_1, []), (day_2, [*items_of(seminar), *items_of(seminar, 2)])]

    # session, user, the seminar; in a savepoint the lock, the days, the items and one
    # update for them all, then in its own the live state's lock and revision; the days
    # and the items drawn again
    with django_assert_num_queries(15):
        response = drop(client, seminar, outline)

    assert response.status_code == 200
