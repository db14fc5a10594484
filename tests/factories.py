"""Test data made through the same services the app uses, with small programmes."""

from __future__ import annotations

from datetime import date, time
from itertools import count

from django.contrib.auth.models import User

from agenda.models import Slide
from agenda.programme_spec import DaySpec, ItemSpec, ProgrammeSpec, SlideSpec
from exercises.models import Exercise, Question
from polls.models import Choice, Poll
from programmes.services import create_seminar
from seminar.groupings import add_tables
from seminar.models import Group, Participant, Seminar
from seminar.participants import join_seminar

_numbers = count(1)


def make_user(username: str = "") -> User:
    username = username or f"user{next(_numbers)}"
    return User.objects.create_user(username=username, password="secret-pass-123")


def small_programme(*, items: int = 1, slides_per_item: int = 1) -> ProgrammeSpec:
    def day(number: int, on: date) -> DaySpec:
        return DaySpec(
            number=number,
            date=on,
            ends_at=time(15, 0),
            items=tuple(
                ItemSpec(
                    title=f"Day {number} item {i}",
                    starts_at=time(9 + i, 0),
                    planned_minutes=30,
                    kind="presentation",
                    slides=tuple(
                        SlideSpec(
                            layout="bullets",
                            title=f"Slide {number}.{i}.{s}",
                            body="First point\n  Detail\nSecond point",
                            photo_credit="KS",
                        )
                        for s in range(1, slides_per_item + 1)
                    ),
                )
                for i in range(1, items + 1)
            ),
        )

    return ProgrammeSpec(
        title="Folkevalgtprogram",
        municipality="Testvik kommune",
        language="nb",
        days=(day(1, date(2027, 10, 25)), day(2, date(2027, 10, 26))),
    )


def make_seminar(
    *,
    facilitator: User | None = None,
    municipality: str = "Testvik kommune",
    items: int = 1,
    slides_per_item: int = 1,
) -> Seminar:
    return create_seminar(
        title="Folkevalgtprogram",
        municipality=municipality,
        language="nb",
        first_date=date(2027, 10, 25),
        programme=small_programme(items=items, slides_per_item=slides_per_item),
        facilitator=facilitator,
    )


def make_poll(
    seminar: Seminar,
    *,
    kind: str = "single",
    labels: tuple[str, ...] = ("Ja", "Nei"),
    lights: tuple[str, ...] = (),
    state: str = "open",
    results: str = "live",
    max_choices: int = 1,
    question: str = "Er det greit?",
) -> Poll:
    poll = Poll.objects.create(
        seminar=seminar,
        kind=kind,
        question=question,
        state=state,
        results=results,
        max_choices=max_choices,
        scale_min=1,
        scale_max=5,
    )
    for order, label in enumerate(labels, start=1):
        Choice.objects.create(
            poll=poll, order=order, label=label, light=lights[order - 1] if lights else ""
        )
    return poll


def make_participant(seminar: Seminar, side: str = "elected") -> Participant:
    return Participant.objects.create(seminar=seminar, side=side)


def make_tables(seminar: Seminar, count: int = 2) -> list[Group]:
    return add_tables(seminar=seminar, count=count)


def seat(seminar: Seminar, table: Group | None = None, side: str = "elected") -> Participant:
    """A participant who joined at `table` (and so is also on their side)."""
    return join_seminar(seminar=seminar, side=side, group=table)


def make_exercise(
    seminar: Seminar,
    *,
    kind: str = "brainstorm",
    grouping: str = "table",
    state: str = "open",
    limit: int = 0,
    max_length: int = 280,
    questions: tuple[str, ...] = (),
    title: str = "Hva risikerer vi?",
    prompt: str = "Skriv så mange svar som mulig.",
    poll: Poll | None = None,
    timer_minutes: int = 0,
) -> Exercise:
    exercise = Exercise.objects.create(
        seminar=seminar,
        slide=Slide.objects.filter(item__day__seminar=seminar).order_by("pk").first(),
        kind=kind,
        grouping=grouping,
        state=state,
        limit=limit,
        max_length=max_length,
        title=title,
        prompt=prompt,
        poll=poll,
        timer_minutes=timer_minutes,
    )
    for order, text in enumerate(questions):
        Question.objects.create(exercise=exercise, order=order, text=text)
    return exercise
