"""A seminar after its two days, for the notes and the deletion."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from exercises import services as exercise_services
from polls import services as poll_services
from seminar.groupings import add_groups
from tests.factories import make_exercise, make_poll, make_seminar, make_tables, seat


def picture(colour: str, fmt: str = "JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 600), colour).save(buffer, format=fmt)
    return SimpleUploadedFile(f"p.{fmt.lower()}", buffer.getvalue())


def vote(poll, person, label: str) -> None:
    choice = poll.choices.get(label=label)
    poll_services.cast_vote(poll_id=poll.pk, participant=person, choice_ids=[choice.pk])


def write(exercise, person, **fields):
    return exercise_services.contribute(
        exercise_id=exercise.pk, participant=person, entry=exercise_services.Entry(**fields)
    )


@pytest.fixture
def seminar(request):
    """A small seminar after its two days: votes by both sides, every kind of writing."""
    names = getattr(request, "param", False)
    seminar = make_seminar()
    if names:
        seminar.allow_nicknames = True
        seminar.save()
    table_1, table_2 = make_tables(seminar, 2)
    elected = [seat(seminar, table_1 if n % 2 else table_2) for n in range(6)]
    admin = [seat(seminar, table_2, side="administration") for _ in range(5)]

    both_sides = make_poll(seminar, labels=("Ja", "Nei"), question="Er planlegging viktig?")
    for person in elected[:4] + admin[:3]:
        vote(both_sides, person, "Ja")
    for person in elected[4:] + admin[3:]:
        vote(both_sides, person, "Nei")
    few_admin = make_poll(seminar, labels=("Greit", "Ikke greit"), question="Middag med bedriften?")
    for person in elected:
        vote(few_admin, person, "Ikke greit")
    for person in admin[:2]:
        vote(few_admin, person, "Greit")
    evaluation = make_poll(seminar, kind="scale", labels=(), question="Hvor nyttig var det?")
    evaluation.series = "Evaluering"
    evaluation.save()
    for person, value in zip(elected + admin, [5, 4, 4, 5, 3, 4, 5, 4, 4, 5, 5], strict=True):
        poll_services.cast_vote(poll_id=evaluation.pk, participant=person, value=value)

    flipover = make_exercise(seminar, title="Hva risikerer vi?")
    write(flipover, elected[1], text="Fraflytting")
    rude = write(flipover, elected[1], text="Tullete svar")
    best = write(flipover, elected[0], text="Dårlig økonomi")
    exercise_services.moderate(contribution=rude, hidden=True)
    exercise_services.moderate(contribution=best, highlighted=True)

    tower = make_exercise(seminar, kind="contest", title="Papirtårn")
    write(tower, elected[1], height="120", photo=picture("red"))
    write(tower, elected[0], height="143,5", photo=picture("blue"))

    card = make_exercise(seminar, kind="card", grouping="individual", title="Visittkort")
    exercise_services.save_card(
        exercise_id=card.pk,
        participant=elected[0],
        entry=exercise_services.CardEntry(
            name="Kari Nordmann",
            age="54",
            home="Otta",
            drawing=picture("navy", "PNG"),  # a page all white is no drawing
        ),
    )
    add_groups(seminar=seminar, kind="party", names=["Ap"])
    return seminar
