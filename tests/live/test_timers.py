"""A timer belongs to what it was started for (a poll, an exercise, an agenda item, the
day) and ends with it, unless the facilitator keeps it running."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from agenda.models import AgendaItem, Day
from live import activities
from live import services as live
from live.models import LiveState
from live.schedule import schedule
from live.screens import slide_sequence
from seminar.models import Seminar
from tests.factories import make_exercise, make_poll, make_seminar, make_user

pytestmark = pytest.mark.django_db

OSLO = timezone.get_default_timezone()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request in English leaves English active in the thread for the tests after it.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def state(seminar) -> LiveState:
    return LiveState.objects.get(seminar=seminar)


def slides(seminar) -> list[int]:
    return [ref.id for ref in slide_sequence(seminar.pk)]


def day_ending_in(seminar, minutes: int) -> datetime:
    """Move day 1 to today, its last item planned to end `minutes` from now (to the minute)."""
    ends = (timezone.localtime() + timedelta(minutes=minutes)).replace(second=0, microsecond=0)
    day = Day.objects.get(seminar=seminar, number=1)
    Day.objects.filter(pk=day.pk).update(date=ends.date())
    last = AgendaItem.objects.filter(day=day).order_by("-order").first()
    assert last is not None
    AgendaItem.objects.filter(pk=last.pk).update(
        starts_at=(ends - timedelta(minutes=1)).time(), planned_minutes=1
    )
    return ends


# What a timer belongs to ---------------------------------------------------------------


def test_a_timer_started_on_an_open_poll_stops_when_the_poll_closes_in_one_broadcast(
    django_capture_on_commit_callbacks,
):
    seminar = make_seminar()
    poll = make_poll(seminar, state="held")
    activities.open_poll(poll=poll)
    started = live.start_timer(seminar=seminar, seconds=120)

    with django_capture_on_commit_callbacks() as broadcasts:
        activities.close_poll(poll=poll)

    after = state(seminar)
    assert (started.timer_for, started.timer_poll_id) == ("poll", poll.pk)
    assert (after.timer_state, after.timer_for, after.timer_poll_id) == ("idle", "", None)
    assert after.revision == started.revision + 1
    assert len(broadcasts) == 1


def test_a_poll_timer_kept_running_outlives_the_poll():
    seminar = make_seminar()
    poll = make_poll(seminar, state="held")
    activities.open_poll(poll=poll)
    live.start_timer(seminar=seminar, seconds=120)
    live.keep_timer_running(seminar=seminar, keep=True)

    activities.close_poll(poll=poll)

    assert state(seminar).timer_state == "running"


def test_closing_another_poll_leaves_the_timer_alone():
    seminar = make_seminar()
    first, second = make_poll(seminar, state="held"), make_poll(seminar, state="held")
    activities.open_poll(poll=first)
    live.start_timer(seminar=seminar, seconds=120)

    activities.close_poll(poll=second)

    assert state(seminar).timer_poll_id == first.pk


def test_an_exercises_own_timer_stops_when_the_exercise_closes():
    seminar = make_seminar()
    exercise = make_exercise(seminar, state="held", timer_minutes=5)
    activities.open_exercise(exercise=exercise)
    started = state(seminar)

    activities.close_exercise(exercise=exercise)

    assert (started.timer_for, started.timer_exercise_id) == ("exercise", exercise.pk)
    assert started.timer_total_seconds == 5 * 60
    assert state(seminar).timer_state == "idle"


def test_a_timer_started_on_a_slide_belongs_to_its_item_and_survives_its_slides():
    seminar = make_seminar(items=2, slides_per_item=2)
    first_item = AgendaItem.objects.get(day__seminar=seminar, day__number=1, order=1)
    live.start_timer(seminar=seminar, seconds=600)

    live.step(seminar=seminar, by=1)  # the item's second slide
    within = state(seminar)
    live.step(seminar=seminar, by=1)  # the next item's first slide
    moved = state(seminar)

    assert (within.timer_state, within.timer_for, within.timer_item_id) == (
        "running",
        "item",
        first_item.pk,
    )
    assert (moved.timer_state, moved.timer_item_id) == ("idle", None)


def test_jumping_to_another_item_stops_its_timer_unless_kept_running():
    seminar = make_seminar(items=3)
    ids = slides(seminar)
    live.start_timer(seminar=seminar, seconds=600)
    live.go_to_slide(seminar=seminar, slide_id=ids[2])
    stopped = state(seminar)

    live.start_timer(seminar=seminar, seconds=600)
    live.keep_timer_running(seminar=seminar, keep=True)
    live.go_to_slide(seminar=seminar, slide_id=ids[0])

    assert stopped.timer_state == "idle"
    assert state(seminar).timer_state == "running"


def test_an_open_polls_timer_stops_when_the_room_moves_to_another_item():
    seminar = make_seminar(items=2)
    poll = make_poll(seminar, state="held")
    activities.open_poll(poll=poll)
    live.start_timer(seminar=seminar, seconds=120)

    live.step(seminar=seminar, by=1)

    assert state(seminar).timer_state == "idle"


def test_a_new_timer_is_not_kept_running_by_the_last_ones_tick():
    seminar = make_seminar()
    live.start_timer(seminar=seminar, seconds=60)
    live.keep_timer_running(seminar=seminar, keep=True)

    restarted = live.start_timer(seminar=seminar, seconds=60)

    assert restarted.timer_keep_running is False


# The item's planned time and the day's end ----------------------------------------------


def test_the_planned_time_counts_down_the_items_minutes_and_belongs_to_the_item():
    seminar = make_seminar()
    AgendaItem.objects.filter(day__seminar=seminar, day__number=1).update(planned_minutes=45)

    started = live.start_planned_timer(seminar=seminar)

    assert (started.timer_total_seconds, started.timer_for) == (45 * 60, "item")
    assert 45 * 60 - 2 <= (started.timer_ends_at - timezone.now()).total_seconds() <= 45 * 60


def test_an_item_without_a_planned_length_has_no_planned_timer():
    seminar = make_seminar()
    AgendaItem.objects.filter(day__seminar=seminar).update(planned_minutes=0)

    with pytest.raises(live.TimerRefused):
        live.start_planned_timer(seminar=seminar)

    assert state(seminar).timer_state == "idle"


def test_the_day_end_clock_counts_to_the_last_items_planned_end_and_runs_across_items():
    seminar = make_seminar(items=3)
    ends = day_ending_in(seminar, 90)

    started = live.start_day_end_timer(seminar=seminar)
    live.step(seminar=seminar, by=2)

    assert started.timer_for == "day"
    assert started.timer_ends_at is not None
    assert abs((started.timer_ends_at - ends).total_seconds()) <= 2
    assert state(seminar).timer_state == "running"


def test_a_day_that_has_ended_gets_no_day_end_clock():
    seminar = make_seminar()
    day_ending_in(seminar, -5)

    with pytest.raises(live.TimerRefused):
        live.start_day_end_timer(seminar=seminar)


def test_the_schedule_says_ahead_before_the_items_start_and_behind_after_its_end():
    seminar = make_seminar(items=2)
    items = list(
        AgendaItem.objects.filter(day__seminar=seminar).select_related("day").order_by("pk")
    )
    item = items[0]  # 10.00 to 10.30 on 25 October 2027, in Oslo

    def at(hour: int, minute: int) -> datetime:
        return datetime(2027, 10, 25, hour, minute, tzinfo=OSLO)

    ahead = schedule(items, item.pk, at(9, 55))
    on_time = schedule(items, item.pk, at(10, 20))
    behind = schedule(items, item.pk, at(10, 42))
    day_over = schedule(items, item.pk, at(11, 30))
    too_early = schedule(items, item.pk, at(3, 29))  # more than a timer's eight hours ahead

    assert ahead and on_time and behind and day_over and too_early
    assert (ahead.ahead_minutes, on_time.behind_minutes, behind.behind_minutes) == (5, 0, 12)
    assert behind.day_ends_at == at(11, 30)  # the last item, 11.00 for 30 minutes
    assert [when.day_end_offered for when in (too_early, ahead, behind, day_over)] == [
        False,
        True,
        True,
        False,
    ]


# The console ---------------------------------------------------------------------------


def english_console(seminar) -> Client:
    client = Client()
    client.force_login(seminar.facilitators.first())
    client.cookies["django_language"] = "en"
    return client


def test_the_console_says_what_the_timer_is_for_in_fixed_queries(django_assert_num_queries):
    me = make_user()
    seminar = make_seminar(facilitator=me, items=3)
    poll = make_poll(seminar, state="held", question="Er det greit?")
    activities.open_poll(poll=poll)
    live.start_timer(seminar=seminar, seconds=120)
    client = english_console(seminar)

    with django_assert_num_queries(16):  # as with any poll on screen: the timer's rows are joined
        page = client.get(reverse("seminar:console", args=[seminar.slug]))

    assert "For: Poll «Er det greit?»" in page.text
    assert re.search(r'<input type="checkbox" id="timer-keep" name="keep"[^>]*>', page.text)
    assert re.search(r"Planned time for the item <span[^>]*>\(30 min\)</span>", page.text)
    # The seminar is next year: no "525,600 min ahead of the agenda".
    assert "This item: 10.00–10.30" in page.text  # noqa: RUF001 (the en dash the page shows)
    assert "data-schedule-status" not in page.text


# At 23.30 "an hour from now" is tomorrow, which is no seminar day: a morning instead.
@time_machine.travel(datetime(2027, 11, 1, 10, 0, tzinfo=ZoneInfo("Europe/Oslo")), tick=False)
def test_the_console_offers_the_day_end_clock_only_before_the_day_ends():
    me = make_user()
    seminar = make_seminar(facilitator=me)
    ends = day_ending_in(seminar, 60)
    client = english_console(seminar)
    before = client.get(reverse("seminar:console", args=[seminar.slug])).text
    day_ending_in(seminar, -1)
    after = client.get(reverse("seminar:console", args=[seminar.slug])).text

    assert f"Thank you for today at {ends:%H.%M}" in before
    assert re.search(
        r"data-schedule-status>(\d+ min (behind|ahead of) the agenda|On time)<", before
    )
    assert "Thank you for today" not in after


def test_the_day_end_button_starts_the_clock_and_the_projector_thanks_the_room(
    django_assert_num_queries,
):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    Seminar.objects.filter(pk=seminar.pk).update(language="en")  # nb is translated later
    ends = day_ending_in(seminar, 60)
    client = english_console(seminar)

    with django_assert_num_queries(19):  # the item, the day's items, then the screens
        response = client.post(
            reverse("seminar:control", args=[seminar.slug, "timer-day-end"]), HTTP_HX_REQUEST="true"
        )
    projector = client.get(reverse("seminar:projector_screen", args=[seminar.projector_token]))

    assert "Until the day ends" in response.text
    assert f"Thank you for today at {ends:%H.%M}" in projector.text


def test_ticking_keep_running_is_stored_and_unticking_clears_it(django_assert_num_queries):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    live.start_timer(seminar=seminar, seconds=120)
    client = english_console(seminar)
    url = reverse("seminar:control", args=[seminar.slug, "timer-keep"])

    with django_assert_num_queries(16):  # the change in 4, then the console's screen
        ticked = client.post(url, {"keep": "on"}, HTTP_HX_REQUEST="true")
    kept = state(seminar).timer_keep_running
    plain = client.post(url, {})  # a plain form without the box ticked

    assert kept is True
    assert re.search(r'id="timer-keep" name="keep"[^>]* checked', ticked.text)
    assert plain.status_code == 302
    assert state(seminar).timer_keep_running is False


def test_starting_a_timer_and_closing_its_poll_run_fixed_queries(django_assert_num_queries):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    poll = make_poll(seminar, state="held")
    activities.open_poll(poll=poll)
    client = english_console(seminar)

    with django_assert_num_queries(22):  # the slide's item and the open poll: 2 of them
        client.post(
            reverse("seminar:control", args=[seminar.slug, "timer-start"]),
            {"minutes": "2"},
            HTTP_HX_REQUEST="true",
        )
    with django_assert_num_queries(25):  # as a close without a timer: stopping it is free
        client.post(
            reverse("polls:control", args=[seminar.slug, poll.pk, "close"]),
            HTTP_HX_REQUEST="true",
        )

    assert state(seminar).timer_state == "idle"


def test_behind_or_ahead_is_said_only_on_the_items_own_day():
    seminar = make_seminar(items=2)
    items = list(
        AgendaItem.objects.filter(day__seminar=seminar).select_related("day").order_by("pk")
    )
    item = items[0]  # 10.00 to 10.30 on 25 October 2027, in Oslo

    on_the_day = schedule(items, item.pk, datetime(2027, 10, 25, 0, 30, tzinfo=OSLO))
    a_week_before = schedule(items, item.pk, datetime(2027, 10, 18, 10, 0, tzinfo=OSLO))
    late_the_evening_before = schedule(items, item.pk, datetime(2027, 10, 24, 23, 30, tzinfo=OSLO))

    assert on_the_day and a_week_before and late_the_evening_before
    assert [on_the_day.on_the_day, a_week_before.on_the_day] == [True, False]
    assert late_the_evening_before.on_the_day is False  # 21.30 UTC: still the 24th in Oslo
