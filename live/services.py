"""The rules of the live room: what the facilitator's controls do to the shared state.

Every function changes the state in one transaction, bumps the revision, and has the
change broadcast after commit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Slide
from agenda.queries import first_slide
from agenda.services import ArrangementRefused, forget_pictures
from exercises.models import Card, Contribution, Exercise
from live.broadcast import broadcast_on_commit, console_on_commit
from live.models import LiveState
from live.schedule import LONGEST_DAY_CLOCK, day_ends_at
from live.screens import slide_sequence
from polls.models import Ballot, Poll, Survey
from questions.models import QuestionRound, RoomQuestion
from seminar.models import Seminar
from seminar.services import lock_seminar

TIMER_PRESETS_MINUTES = (2, 3, 10, 20)
MAX_TIMER_SECONDS = int(LONGEST_DAY_CLOCK.total_seconds())  # eight hours
EXTEND_SECONDS = 60


class SlideNotInSeminar(ValueError):
    pass


def open_room(*, seminar: Seminar) -> LiveState:
    """A new seminar's room: its first slide on the projector, the join banner shown."""
    return LiveState.objects.create(seminar=seminar, slide=first_slide(seminar.pk))


def locked_state(seminar_id: int) -> LiveState:
    """The live state, locked for this transaction: changes to a room never interleave."""
    return LiveState.objects.select_for_update().get(seminar_id=seminar_id)


def save_state(live: LiveState, fields: list[str]) -> LiveState:
    """Store a change to what the room sees and have every screen follow after commit."""
    live.revision += 1
    live.save(update_fields=[*fields, "revision"])
    broadcast_on_commit(live.seminar_id)
    return live


@transaction.atomic
def programme_changed(*, seminar_id: int) -> LiveState:
    """Slides were added or moved: the console's agenda and the room's "next" follow."""
    return save_state(locked_state(seminar_id), [])


@transaction.atomic
def remove_unless_on_screen(
    *, seminar_id: int, on_screen: Callable[[LiveState], bool], remove: Callable[[], object]
) -> bool:
    """The editor's removal of a poll, a survey or a round: refused (False) while it is on
    the projector, the room locked first so it cannot be shown in between."""
    room = locked_state(seminar_id)
    if on_screen(room):
        return False
    remove()
    save_state(room, [])  # the console's agenda and the room's "next" follow
    return True


def phone_waiting(*, seminar_id: int) -> None:
    """A phone joined while admission is closed: the console's list follows, and only the
    console's screen is drawn again (a join is cheap to send; the room's screens are not)."""
    console_on_commit(seminar_id)


@transaction.atomic
def admission_changed(*, seminar_id: int) -> LiveState:
    """Admission was closed or opened, or a phone waits or was let in: the console's
    list of waiting phones follows."""
    return save_state(locked_state(seminar_id), [])


@transaction.atomic
def go_to_slide(*, seminar: Seminar, slide_id: int) -> LiveState:
    live = locked_state(seminar.pk)
    ref = next((ref for ref in slide_sequence(seminar.pk) if ref.id == slide_id), None)
    if ref is None:
        raise SlideNotInSeminar(slide_id)
    live.slide_id = slide_id
    live.blank = False
    return save_state(
        live, ["slide", "blank", *live.clear_activities(), *timer_left_behind(live, ref.item_id)]
    )


@transaction.atomic
def step(*, seminar: Seminar, by: int) -> LiveState:
    """Move `by` slides forward (or back); stops at the first and the last slide."""
    live = locked_state(seminar.pk)
    refs = slide_sequence(seminar.pk)
    ids = [ref.id for ref in refs]
    if not ids:
        return live
    index = ids.index(live.slide_id) if live.slide_id in ids else -1
    target_ref = refs[max(0, min(len(ids) - 1, index + by))]
    target = target_ref.id
    if (
        target == live.slide_id
        and not live.blank
        and live.poll_id is None
        and live.exercise_id is None
        and live.survey_id is None
        and live.question_round_id is None
    ):
        return live
    live.slide_id = target
    live.blank = False
    return save_state(
        live,
        ["slide", "blank", *live.clear_activities(), *timer_left_behind(live, target_ref.item_id)],
    )


@transaction.atomic
def set_blank(*, seminar: Seminar, blank: bool | None = None) -> LiveState:
    """Blank the projector (None toggles)."""
    live = locked_state(seminar.pk)
    live.blank = not live.blank if blank is None else blank
    return save_state(live, ["blank"])


@transaction.atomic
def set_join_banner(*, seminar: Seminar, shown: bool | None = None) -> LiveState:
    """Show or hide the join banner on the projector (None toggles)."""
    live = locked_state(seminar.pk)
    live.join_banner = not live.join_banner if shown is None else shown
    return save_state(live, ["join_banner"])


TIMER_FIELDS = [
    "timer_state",
    "timer_total_seconds",
    "timer_ends_at",
    "timer_remaining_seconds",
    "timer_for",
    "timer_poll",
    "timer_exercise",
    "timer_item",
    "timer_keep_running",
]


class TimerRefused(ValueError):
    """A timer that cannot be started; the message says why, to the facilitator."""


def run_timer(
    live: LiveState,
    seconds: int,
    *,
    activity: Poll | Exercise | None = None,
    timer_for: LiveState.TimerFor | None = None,
) -> list[str]:
    """Set a locked live state's timer running (the caller saves it); the changed fields.

    The timer belongs to `activity`, or to `timer_for`, or else to the poll or exercise
    open on screen, or else to the agenda item on the projector: it ends with that."""
    if not 0 < seconds <= MAX_TIMER_SECONDS:
        raise ValueError("A timer runs for between one second and eight hours.")
    live.timer_state = LiveState.TimerState.RUNNING
    live.timer_total_seconds = seconds
    live.timer_ends_at = timezone.now() + timedelta(seconds=seconds)
    live.timer_remaining_seconds = seconds
    live.timer_item_id = (
        Slide.objects.filter(pk=live.slide_id).values_list("item_id", flat=True).first()
        if live.slide_id
        else None
    )
    if activity is None and timer_for is None:
        activity = _open_activity(live)
    live.timer_poll = activity if isinstance(activity, Poll) else None
    live.timer_exercise = activity if isinstance(activity, Exercise) else None
    if timer_for is None:
        if isinstance(activity, Poll):
            timer_for = LiveState.TimerFor.POLL
        elif isinstance(activity, Exercise):
            timer_for = LiveState.TimerFor.EXERCISE
        elif live.timer_item_id is not None:
            timer_for = LiveState.TimerFor.ITEM
        else:
            timer_for = LiveState.TimerFor.NOTHING
    live.timer_for = timer_for
    live.timer_keep_running = False  # each timer is kept on purpose, not by an old tick
    return TIMER_FIELDS


def _open_activity(live: LiveState) -> Poll | Exercise | None:
    """The poll or exercise on screen while it is open for answers: one query, none when
    neither is on screen."""
    if live.poll_id is not None:
        return Poll.objects.filter(pk=live.poll_id, state=Poll.State.OPEN).first()
    if live.exercise_id is not None:
        return Exercise.objects.filter(pk=live.exercise_id, state=Exercise.State.OPEN).first()
    return None


def stop_timer(live: LiveState) -> list[str]:
    """Set a locked live state's timer back to idle (the caller saves it)."""
    live.timer_state = LiveState.TimerState.IDLE
    live.timer_ends_at = None
    live.timer_remaining_seconds = 0
    live.timer_total_seconds = 0
    live.timer_for = LiveState.TimerFor.NOTHING
    live.timer_poll = None
    live.timer_exercise = None
    live.timer_item = None
    live.timer_keep_running = False
    return TIMER_FIELDS


def _timer_kept(live: LiveState) -> bool:
    return live.timer_state == LiveState.TimerState.IDLE or live.timer_keep_running


def timer_ends_with(live: LiveState, activity: Poll | Exercise) -> list[str]:
    """A poll or exercise was closed: its timer stops with it, unless kept running."""
    if _timer_kept(live):
        return []
    if isinstance(activity, Poll) and live.timer_poll_id == activity.pk:
        return stop_timer(live)
    if isinstance(activity, Exercise) and live.timer_exercise_id == activity.pk:
        return stop_timer(live)
    return []


def timer_left_behind(live: LiveState, item_id: int) -> list[str]:
    """The projector moves to a slide of `item_id`: a timer started in another item (for
    the item or one of its polls or exercises) stops, unless kept running. The day's
    clock runs on."""
    if _timer_kept(live) or live.timer_for == LiveState.TimerFor.DAY:
        return []
    if live.timer_item_id is not None and live.timer_item_id != item_id:
        return stop_timer(live)
    return []


@transaction.atomic
def start_timer(*, seminar: Seminar, seconds: int) -> LiveState:
    live = locked_state(seminar.pk)
    return save_state(live, run_timer(live, seconds))


@transaction.atomic
def pause_timer(*, seminar: Seminar) -> LiveState:
    live = locked_state(seminar.pk)
    if live.timer_state != LiveState.TimerState.RUNNING or live.timer_ends_at is None:
        return live
    live.timer_remaining_seconds = max(0.0, (live.timer_ends_at - timezone.now()).total_seconds())
    live.timer_state = LiveState.TimerState.PAUSED
    live.timer_ends_at = None
    return save_state(live, ["timer_state", "timer_ends_at", "timer_remaining_seconds"])


@transaction.atomic
def resume_timer(*, seminar: Seminar) -> LiveState:
    live = locked_state(seminar.pk)
    if live.timer_state != LiveState.TimerState.PAUSED:
        return live
    live.timer_state = LiveState.TimerState.RUNNING
    live.timer_ends_at = timezone.now() + timedelta(seconds=live.timer_remaining_seconds)
    return save_state(live, ["timer_state", "timer_ends_at"])


@transaction.atomic
def extend_timer(*, seminar: Seminar, seconds: int = EXTEND_SECONDS) -> LiveState:
    live = locked_state(seminar.pk)
    if live.timer_state == LiveState.TimerState.IDLE:
        return live
    live.timer_total_seconds += seconds
    live.timer_remaining_seconds += seconds
    if live.timer_state == LiveState.TimerState.RUNNING and live.timer_ends_at is not None:
        # A timer that has already run out starts counting again from now.
        live.timer_ends_at = max(live.timer_ends_at, timezone.now()) + timedelta(seconds=seconds)
    return save_state(live, ["timer_total_seconds", "timer_remaining_seconds", "timer_ends_at"])


@transaction.atomic
def reset_timer(*, seminar: Seminar) -> LiveState:
    live = locked_state(seminar.pk)
    return save_state(live, stop_timer(live))


@transaction.atomic
def keep_timer_running(*, seminar: Seminar, keep: bool) -> LiveState:
    """Whether the running timer outlives what it was started for."""
    live = locked_state(seminar.pk)
    if live.timer_state == LiveState.TimerState.IDLE or live.timer_keep_running == keep:
        return live
    live.timer_keep_running = keep
    return save_state(live, ["timer_keep_running"])


def _item_on_screen(live: LiveState) -> AgendaItem | None:
    if live.slide_id is None:
        return None
    return AgendaItem.objects.filter(slides=live.slide_id).select_related("day").first()


@transaction.atomic
def start_planned_timer(*, seminar: Seminar) -> LiveState:
    """A countdown of the current agenda item's planned length, from now; it belongs to
    the item."""
    live = locked_state(seminar.pk)
    item = _item_on_screen(live)
    if item is None or not item.planned_minutes:
        raise TimerRefused(_("The item on the projector has no planned length."))
    seconds = min(item.planned_minutes * 60, MAX_TIMER_SECONDS)
    return save_state(live, run_timer(live, seconds, timer_for=LiveState.TimerFor.ITEM))


@transaction.atomic
def start_day_end_timer(*, seminar: Seminar) -> LiveState:
    """A countdown to the end of the day's programme (its last item's planned end), for
    the day of the item on the projector."""
    live = locked_state(seminar.pk)
    item = _item_on_screen(live)
    if item is None:
        raise TimerRefused(_("Show a slide of the day first."))
    ends_at = day_ends_at(AgendaItem.objects.filter(day_id=item.day_id), item.day)
    # Rounded up: the clock must not end, nor say it ends, a minute early.
    seconds = math.ceil((ends_at - timezone.now()).total_seconds()) if ends_at else 0
    if seconds <= 0:
        raise TimerRefused(_("Today's programme has already ended."))
    if seconds > MAX_TIMER_SECONDS:
        raise TimerRefused(_("The day ends more than eight hours from now."))
    return save_state(live, run_timer(live, seconds, timer_for=LiveState.TimerFor.DAY))


@transaction.atomic
def remove_slide(*, seminar: Seminar, slide_id: int) -> str:
    """Take a slide out of the programme (a page imported by mistake, say); its title is
    returned for the sentence that tells. A slide on the projector, or one a poll, a survey,
    an exercise or questions from the room are asked on, stays: removing it would change
    what the room sees or orphan them."""
    lock_seminar(seminar.pk)  # as every change to the slides: the seminar first, then the room
    live = locked_state(seminar.pk)
    # Exists, not counts: counting over several joins would multiply the rows.
    polls, surveys, exercises, rounds = (
        Exists(model.objects.filter(slide=OuterRef("pk")))
        for model in (Poll, Survey, Exercise, QuestionRound)
    )
    slide = (
        Slide.objects.filter(pk=slide_id, item__day__seminar=seminar)
        .annotate(asked=polls | surveys | exercises | rounds)
        .first()
    )
    if slide is None:
        raise ArrangementRefused(_("That slide is not part of this seminar."))
    if live.slide_id == slide.pk:
        raise ArrangementRefused(
            _("That slide is on the projector now. Show another slide first, then remove it.")
        )
    if slide.asked:
        raise ArrangementRefused(
            _(
                "A poll, a survey, an exercise or questions from the room are asked on that "
                "slide, so it stays in the programme."
            )
        )
    image = slide.image.name
    slide.delete()
    forget_pictures([image])
    programme_changed(seminar_id=seminar.pk)
    return slide.title


@dataclass(frozen=True)
class WhatGoes:
    """What removing an agenda item takes with it, to be said before it is done."""

    slides: int
    polls: list[str]
    votes: int
    surveys: list[str]
    exercises: list[str]
    answers: int
    question_rounds: list[str]
    questions: int  # asked in those rounds, the withdrawn not counted (as remove_round counts)


def what_goes_with(item: AgendaItem) -> WhatGoes:
    return what_goes_with_each([item])[item.pk]


def what_goes_with_each(items: Sequence[AgendaItem]) -> dict[int, WhatGoes]:
    """What goes with each of the items, by item id: eight queries, however many items."""
    ids = [item.pk for item in items]
    slides = _count_by(Slide.objects.filter(item_id__in=ids), "item_id")
    polls = list(
        Poll.objects.filter(slide__item_id__in=ids)
        .order_by("order", "pk")
        .values_list("slide__item_id", "question")
    )
    votes = _count_by(Ballot.objects.filter(poll__slide__item_id__in=ids), "poll__slide__item_id")
    surveys = list(
        Survey.objects.filter(slide__item_id__in=ids)
        .order_by("order", "pk")
        .values_list("slide__item_id", "title")
    )
    exercises = list(
        Exercise.objects.filter(slide__item_id__in=ids)
        .order_by("order", "pk")
        .values_list("slide__item_id", "title")
    )
    contributions = _count_by(
        Contribution.objects.filter(exercise__slide__item_id__in=ids), "exercise__slide__item_id"
    )
    cards = _count_by(
        Card.objects.filter(exercise__slide__item_id__in=ids), "exercise__slide__item_id"
    )
    # One join only (the questions), so each round's count is its own.
    rounds = list(
        QuestionRound.objects.filter(slide__item_id__in=ids)
        .order_by("order", "pk")
        .annotate(
            asked=Count("questions", filter=~Q(questions__status=RoomQuestion.Status.WITHDRAWN))
        )
        .values_list("slide__item_id", "title", "asked")
    )
    return {
        item_id: WhatGoes(
            slides=slides.get(item_id, 0),
            polls=[question for of, question in polls if of == item_id],
            votes=votes.get(item_id, 0),
            surveys=[title for of, title in surveys if of == item_id],
            exercises=[title for of, title in exercises if of == item_id],
            answers=contributions.get(item_id, 0) + cards.get(item_id, 0),
            question_rounds=[title for of, title, _asked in rounds if of == item_id],
            questions=sum(asked for of, _title, asked in rounds if of == item_id),
        )
        for item_id in ids
    }


def _count_by(rows: QuerySet[Any], field: str) -> dict[int, int]:
    return dict(rows.order_by().values_list(field).annotate(count=Count("pk")))


def _item_on_projector(live: LiveState) -> AgendaItem | None:
    """The item whose slide the projector shows, blanked or not. Neither it nor its day is
    removed: that would change what the room sees."""
    if live.slide_id is None:
        return None
    return AgendaItem.objects.filter(slides=live.slide_id).first()


def _take_out(items: QuerySet[AgendaItem]) -> None:
    """Delete agenda items with their slides and the polls, surveys, exercises and
    questions from the room asked on them (their votes, answers, questions and upvotes too;
    the database would only unlink them), and after the commit the pictures that no slide
    left shows (a duplicated slide shares its picture)."""
    images = set(
        Slide.objects.filter(item__in=items).exclude(image="").values_list("image", flat=True)
    )
    Poll.objects.filter(slide__item__in=items).delete()
    Survey.objects.filter(slide__item__in=items).delete()
    Exercise.objects.filter(slide__item__in=items).delete()
    QuestionRound.objects.filter(slide__item__in=items).delete()
    items.delete()
    forget_pictures(images)


@transaction.atomic
def remove_item(*, seminar: Seminar, item_id: int) -> str:
    """Take an agenda item out with its slides and the polls, surveys, exercises and
    questions from the room asked on them (with what the room gave them); its title is
    returned. The item on the projector stays: removing it would change what the room sees."""
    lock_seminar(seminar.pk)  # as every change to the slides: the seminar first, then the room
    live = locked_state(seminar.pk)
    item = AgendaItem.objects.filter(pk=item_id, day__seminar=seminar).first()
    if item is None:
        raise ArrangementRefused(_("That agenda item is not part of this seminar."))
    shown = _item_on_projector(live)
    if shown is not None and shown.pk == item.pk:
        raise ArrangementRefused(
            _("That item is on the projector now. Show another item first, then remove it.")
        )
    _take_out(AgendaItem.objects.filter(pk=item.pk))
    programme_changed(seminar_id=seminar.pk)
    return item.title


@transaction.atomic
def remove_day(*, seminar: Seminar, day_id: int) -> str:
    """Take a day out with its items, as `remove_item` takes one; the days after it move up
    a number and keep their dates. Its name as it was ("Day 2") is returned. The day of the
    item on the projector stays, and so does a seminar's only day."""
    lock_seminar(seminar.pk)  # as every change to the slides: the seminar first, then the room
    live = locked_state(seminar.pk)
    days = list(seminar.days.order_by("number"))
    day = next((day for day in days if day.pk == day_id), None)
    if day is None:
        raise ArrangementRefused(_("That day is not part of this seminar."))
    if len(days) == 1:
        raise ArrangementRefused(_("A seminar has at least one day, so its only day stays."))
    shown = _item_on_projector(live)
    if shown is not None and shown.day_id == day.pk:
        raise ArrangementRefused(
            _(
                "An item of that day is on the projector now. "
                "Show a slide of another day first, then remove it."
            )
        )
    name = str(day)
    _take_out(day.items.all())
    day.delete()
    # One at a time, upwards: each takes the number just freed, so no two days ever share one.
    for number, later in enumerate((other for other in days if other.pk != day.pk), start=1):
        if later.number != number:
            later.number = number
            later.save(update_fields=["number"])
    programme_changed(seminar_id=seminar.pk)
    return name


# The join address ------------------------------------------------------------------------


@transaction.atomic
def set_join_host(*, seminar: Seminar, host: str) -> LiveState:
    """Send the phones to another of the machine's addresses: every screen's QR code and
    address follow, in every process (the form checks that the machine has `host`)."""
    live = locked_state(seminar.pk)
    live.join_host = host
    return save_state(live, ["join_host"])
