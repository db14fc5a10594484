from datetime import timedelta

import pytest
from django.utils import timezone

from live import services as live
from live.models import LiveState
from live.screens import slide_sequence
from tests.factories import make_seminar

pytestmark = pytest.mark.django_db


def titles_by_id(seminar) -> dict[int, str]:
    return {ref.id: ref.title for ref in slide_sequence(seminar.pk)}


def test_a_new_seminar_starts_on_its_first_slide_with_the_join_banner():
    seminar = make_seminar(items=2)

    state = LiveState.objects.get(seminar=seminar)

    assert (titles_by_id(seminar)[state.slide_id], state.blank, state.join_banner) == (
        "Slide 1.1.1",
        False,
        True,
    )


def test_step_moves_through_the_slides_and_stops_at_both_ends():
    seminar = make_seminar(items=1, slides_per_item=2)
    titles = titles_by_id(seminar)

    seen = [titles[live.step(seminar=seminar, by=1).slide_id] for _ in range(4)]
    back = [titles[live.step(seminar=seminar, by=-1).slide_id] for _ in range(4)]

    assert seen == ["Slide 1.1.2", "Slide 2.1.1", "Slide 2.1.2", "Slide 2.1.2"]
    assert back == ["Slide 2.1.1", "Slide 1.1.2", "Slide 1.1.1", "Slide 1.1.1"]


def test_each_change_bumps_the_revision_but_standing_still_does_not():
    seminar = make_seminar(items=1, slides_per_item=1)
    start = LiveState.objects.get(seminar=seminar).revision

    live.step(seminar=seminar, by=-1)  # already on the first slide
    live.set_blank(seminar=seminar)
    live.set_join_banner(seminar=seminar)

    assert LiveState.objects.get(seminar=seminar).revision == start + 2


def test_going_to_a_slide_of_another_seminar_is_refused():
    seminar = make_seminar()
    other = make_seminar(municipality="Annen kommune")
    foreign_slide = next(iter(titles_by_id(other)))

    with pytest.raises(live.SlideNotInSeminar):
        live.go_to_slide(seminar=seminar, slide_id=foreign_slide)

    assert LiveState.objects.get(seminar=seminar).slide_id != foreign_slide


def test_moving_on_ends_a_blank_projector():
    seminar = make_seminar(items=1, slides_per_item=2)
    live.set_blank(seminar=seminar, blank=True)

    state = live.step(seminar=seminar, by=1)

    assert (titles_by_id(seminar)[state.slide_id], state.blank) == ("Slide 1.1.2", False)


def test_timer_runs_to_a_deadline_on_the_server():
    seminar = make_seminar()
    before = timezone.now()

    state = live.start_timer(seminar=seminar, seconds=600)

    assert state.timer_state == "running"
    assert state.timer_total_seconds == 600
    assert (
        before + timedelta(seconds=600)
        <= state.timer_ends_at
        <= timezone.now() + timedelta(seconds=600)
    )


def test_timer_pause_keeps_the_time_left_and_resume_sets_a_new_deadline():
    seminar = make_seminar()
    started = live.start_timer(seminar=seminar, seconds=180)
    LiveState.objects.filter(pk=started.pk).update(
        timer_ends_at=timezone.now() + timedelta(seconds=100)
    )  # as if 80 seconds had passed

    paused = live.pause_timer(seminar=seminar)
    resumed = live.resume_timer(seminar=seminar)

    assert (paused.timer_state, paused.timer_ends_at) == ("paused", None)
    assert 99 <= paused.timer_remaining_seconds <= 100
    assert resumed.timer_state == "running"
    left = (resumed.timer_ends_at - timezone.now()).total_seconds()
    assert 98 <= left <= 100


def test_timer_extend_adds_a_minute_and_reset_clears_it():
    seminar = make_seminar()
    live.start_timer(seminar=seminar, seconds=120)

    extended = live.extend_timer(seminar=seminar)
    reset = live.reset_timer(seminar=seminar)

    assert extended.timer_total_seconds == 180
    assert 178 <= (extended.timer_ends_at - timezone.now()).total_seconds() <= 180
    assert (reset.timer_state, reset.timer_ends_at, reset.timer_total_seconds) == ("idle", None, 0)


def test_extending_a_timer_that_ran_out_counts_from_now():
    seminar = make_seminar()
    started = live.start_timer(seminar=seminar, seconds=60)
    LiveState.objects.filter(pk=started.pk).update(
        timer_ends_at=timezone.now() - timedelta(seconds=30)
    )

    extended = live.extend_timer(seminar=seminar)

    assert 58 <= (extended.timer_ends_at - timezone.now()).total_seconds() <= 60


@pytest.mark.parametrize("seconds", [0, -5, 8 * 60 * 60 + 1])
def test_timer_lengths_outside_one_second_to_eight_hours_are_refused(seconds: int):
    seminar = make_seminar()

    with pytest.raises(ValueError):
        live.start_timer(seminar=seminar, seconds=seconds)

    assert LiveState.objects.get(seminar=seminar).timer_state == "idle"
