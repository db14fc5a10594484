"""Polls, surveys, exercises and questions from the room on the screens: what the
console's buttons do to them.

Each action calls the activity's own rule (polls.services, exercises.services), then puts
the activity on screen, in one transaction with the live state: the live state is locked
first, then the activity's row, as every change to the room does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction

from exercises import services as exercises
from exercises.models import Exercise
from live.models import LiveState
from live.services import locked_state, run_timer, save_state, timer_ends_with
from polls import services as polls
from polls.models import Poll, Survey
from questions import services as questions
from questions.models import QuestionRound

Activity = TypeVar("Activity", Poll, Exercise, Survey, QuestionRound)

# Where each kind of activity is on the live state (one at a time: clear_activities).
_FIELD_ON_SCREEN: dict[type, str] = {
    Poll: "poll",
    Exercise: "exercise",
    Survey: "survey",
    QuestionRound: "question_round",
}


def _on_screen(
    seminar_id: int,
    change: Callable[[], Activity],
    *,
    show: bool | None = True,
    timer_seconds: Callable[[Activity], int] | None = None,
    ends_timer: bool | Callable[[Activity], bool] = False,
) -> Activity:
    """Run `change` on an activity and put the activity on every screen (and, with
    `timer_seconds`, start the room's timer for it; with `ends_timer`, stop the timer
    started for it). With `show=None` a poll stays where it is shown beside a dilemma's
    group verdicts."""
    live = locked_state(seminar_id)
    activity = change()
    changed: list[str] = []
    if isinstance(activity, Poll) and show is None:
        show = not Exercise.objects.filter(pk=live.exercise_id or 0, poll=activity).exists()
    field = _FIELD_ON_SCREEN[type(activity)]
    if show and getattr(live, f"{field}_id") != activity.pk:
        changed += live.clear_activities()
        setattr(live, field, activity)
    # A survey's (or questions') timer belongs to its agenda item: it ends when the room
    # moves on.
    owner = activity if isinstance(activity, Poll | Exercise) else None
    if timer_seconds is not None and (seconds := timer_seconds(activity)):
        changed += run_timer(live, seconds, activity=owner)
    if callable(ends_timer):
        ends_timer = ends_timer(activity)
    if ends_timer and owner is not None:
        changed += timer_ends_with(live, owner)
    save_state(live, changed)
    return activity


# Polls ----------------------------------------------------------------------------------


@transaction.atomic
def show_poll(*, poll: Poll) -> Poll:
    return _on_screen(poll.seminar_id, lambda: polls.hold_poll(poll=poll))


@transaction.atomic
def open_poll(*, poll: Poll) -> Poll:
    return _on_screen(poll.seminar_id, lambda: polls.open_poll(poll=poll))


@transaction.atomic
def close_poll(*, poll: Poll) -> Poll:
    return _on_screen(poll.seminar_id, lambda: polls.close_poll(poll=poll), ends_timer=True)


@transaction.atomic
def reveal_results(*, poll: Poll) -> Poll:
    return _on_screen(poll.seminar_id, lambda: polls.reveal_results(poll=poll), show=None)


@transaction.atomic
def show_answer_key(*, poll: Poll) -> Poll:
    return _on_screen(poll.seminar_id, lambda: polls.show_answer_key(poll=poll), show=None)


@transaction.atomic
def reset_poll(*, poll: Poll) -> Poll:
    return _on_screen(poll.seminar_id, lambda: polls.reset_poll(poll=poll))


@transaction.atomic
def hide_poll(*, seminar_id: int) -> LiveState:
    """Back to the slide the poll was asked on."""
    live = locked_state(seminar_id)
    live.poll = None
    return save_state(live, ["poll"])


# Surveys --------------------------------------------------------------------------------


@transaction.atomic
def show_survey(*, survey: Survey) -> Survey:
    return _on_screen(survey.seminar_id, lambda: polls.hold_survey(survey=survey))


@transaction.atomic
def open_survey(*, survey: Survey) -> Survey:
    return _on_screen(survey.seminar_id, lambda: polls.open_survey(survey=survey))


@transaction.atomic
def close_survey(*, survey: Survey) -> Survey:
    return _on_screen(survey.seminar_id, lambda: polls.close_survey(survey=survey))


@transaction.atomic
def show_survey_results(*, survey: Survey, shown: bool) -> Survey:
    return _on_screen(
        survey.seminar_id, lambda: polls.show_survey_results(survey=survey, shown=shown)
    )


@transaction.atomic
def reset_survey(*, survey: Survey) -> Survey:
    return _on_screen(survey.seminar_id, lambda: polls.reset_survey(survey=survey))


@transaction.atomic
def hide_survey(*, seminar_id: int) -> LiveState:
    """Back to the slide the survey is asked on."""
    live = locked_state(seminar_id)
    live.survey = None
    return save_state(live, ["survey"])


# Exercises ------------------------------------------------------------------------------


@transaction.atomic
def show_exercise(*, exercise: Exercise) -> Exercise:
    return _on_screen(exercise.seminar_id, lambda: exercises.hold_exercise(exercise=exercise))


@transaction.atomic
def open_exercise(*, exercise: Exercise) -> Exercise:
    """Open for answers; the exercise's own timer starts with it if it has one."""
    return _on_screen(
        exercise.seminar_id,
        lambda: exercises.open_exercise(exercise=exercise),
        timer_seconds=exercises.timer_on_opening,
    )


@transaction.atomic
def close_exercise(*, exercise: Exercise) -> Exercise:
    return _on_screen(
        exercise.seminar_id, lambda: exercises.close_exercise(exercise=exercise), ends_timer=True
    )


@transaction.atomic
def reveal(*, exercise: Exercise) -> Exercise:
    return _on_screen(exercise.seminar_id, lambda: exercises.reveal(exercise=exercise))


@transaction.atomic
def hide_exercise(*, seminar_id: int) -> LiveState:
    """Back to the slide (and out of a full-screen view: the next showing starts whole)."""
    live = locked_state(seminar_id)
    Exercise.objects.filter(pk=live.exercise_id or 0).exclude(
        spotlight_note=None, spotlight_card=None
    ).update(**exercises.NO_SPOTLIGHT)
    live.exercise = None
    return save_state(live, ["exercise"])


@transaction.atomic
def focus_group(*, exercise: Exercise, group_id: int | None) -> Exercise:
    """One group's sheet on the projector, full size (None: every group again)."""
    return _on_screen(
        exercise.seminar_id,
        lambda: exercises.focus_group(exercise=exercise, group_id=group_id),
    )


@transaction.atomic
def step_focus(*, exercise: Exercise, by: int) -> Exercise:
    return _on_screen(exercise.seminar_id, lambda: exercises.step_focus(exercise=exercise, by=by))


@transaction.atomic
def next_speaker(*, exercise: Exercise) -> Exercise:
    """The next group speaks, with the speech timer started."""
    return _on_screen(
        exercise.seminar_id,
        lambda: exercises.next_speaker(exercise=exercise),
        timer_seconds=lambda shown: shown.speech_seconds if shown.speaking_group_id else 0,
        ends_timer=_nobody_speaks,
    )


def _nobody_speaks(shown: Exercise) -> bool:
    """After the last party, the speech timer stops: nobody has the floor to time."""
    return shown.speaking_group_id is None


def _new_speaker_timer(before: int | None) -> Callable[[Exercise], int]:
    """The speech timer, started when another party has the floor."""
    return lambda shown: (
        shown.speech_seconds if shown.speaking_group_id not in {None, before} else 0
    )


@transaction.atomic
def move_in_queue(*, exercise: Exercise, group_id: int | None, by: int) -> Exercise:
    return _on_screen(
        exercise.seminar_id,
        lambda: exercises.move_in_queue(exercise=exercise, group_id=group_id, by=by),
    )


@transaction.atomic
def call_next(*, exercise: Exercise, group_id: int | None) -> Exercise:
    return _on_screen(
        exercise.seminar_id, lambda: exercises.call_next(exercise=exercise, group_id=group_id)
    )


@transaction.atomic
def skip_speaker(*, exercise: Exercise, group_id: int | None) -> Exercise:
    """A party skipped; when it was speaking, the next one has the floor and its timer."""
    return _on_screen(
        exercise.seminar_id,
        lambda: exercises.skip_speaker(exercise=exercise, group_id=group_id),
        timer_seconds=_new_speaker_timer(exercise.speaking_group_id),
        ends_timer=_nobody_speaks,
    )


@transaction.atomic
def start_timer(*, exercise: Exercise) -> Exercise:
    """The exercise's planned time on the room's timer."""
    return _on_screen(
        exercise.seminar_id,
        lambda: exercises.hold_exercise(exercise=exercise),
        timer_seconds=exercises.planned_seconds,
    )


# Questions from the room -------------------------------------------------------------------


@transaction.atomic
def show_questions(*, question_round: QuestionRound) -> QuestionRound:
    return _on_screen(
        question_round.seminar_id, lambda: questions.hold_round(question_round=question_round)
    )


@transaction.atomic
def open_questions(*, question_round: QuestionRound) -> QuestionRound:
    return _on_screen(
        question_round.seminar_id, lambda: questions.open_round(question_round=question_round)
    )


@transaction.atomic
def close_questions(*, question_round: QuestionRound) -> QuestionRound:
    return _on_screen(
        question_round.seminar_id, lambda: questions.close_round(question_round=question_round)
    )


@transaction.atomic
def reset_questions(*, question_round: QuestionRound) -> QuestionRound:
    return _on_screen(
        question_round.seminar_id, lambda: questions.reset_round(question_round=question_round)
    )


@transaction.atomic
def ask_the_room(*, seminar_id: int, title: str) -> QuestionRound:
    """Questions from the room opened on the spot, on the slide on screen."""
    live = locked_state(seminar_id)
    question_round = questions.new_round(seminar=live.seminar, slide=live.slide, title=title)
    return _on_screen(seminar_id, lambda: questions.open_round(question_round=question_round))


@transaction.atomic
def hide_questions(*, seminar_id: int) -> LiveState:
    """Back to the slide the questions were asked on."""
    live = locked_state(seminar_id)
    live.question_round = None
    return save_state(live, ["question_round"])
