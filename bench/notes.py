"""Notes: the session notes of a large seminar, exported in this process (no server).

A seminar made from the KS programme with 22 more polls (30 in all), 150 participants at
10 tables, every participant answering every poll (4500 votes), 3000 contributions spread
over the exercises as a busy seminar would write them (most on the flipovers and the
yellow notes), 10 tower photos and 150 business cards with drawings. The timed part is
`export_notes` alone, once per format, as the notes page and the command run it: reading
the database, drawing the charts, writing the file. Target: Word in under 10 s.
"""

from __future__ import annotations

import asyncio
import io
import random
import time
from typing import Any

from bench.common import Context, Installation, report, setup_django

PARTICIPANTS = 150
TABLES = 10
POLLS = 30
CONTRIBUTIONS = 3000
TARGET_DOCX_SECONDS = 10.0


def _picture(kind: str) -> Any:
    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800) if kind == "photo" else (600, 400), "white")
    ImageDraw.Draw(image).rectangle([200, 100, 400, 700], outline="black", width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG" if kind == "photo" else "PNG")
    return ContentFile(buffer.getvalue(), name="x.jpg" if kind == "photo" else "x.png")


def large_seminar() -> Any:
    """The seminar described above, written in bulk (minutes of phones, in seconds)."""
    from agenda.models import Slide
    from exercises.models import Card, Contribution, Exercise, Question
    from polls.models import Ballot, Choice, Poll
    from programmes.ks_basisprogram import PROGRAMME
    from programmes.services import create_seminar
    from seminar.groupings import add_tables
    from seminar.models import Group, Membership, Participant

    rng = random.Random(7)  # noqa: S311  (made-up answers)
    seminar = create_seminar(
        title="Stor kommune",
        municipality="Benken kommune",
        language="nb",
        first_date=PROGRAMME.days[0].date,
        programme=PROGRAMME,
        facilitator=None,
    )
    tables = add_tables(seminar=seminar, count=TABLES)
    sides = {g.side: g for g in Group.objects.filter(seminar=seminar, kind=Group.Kind.SIDE)}
    people = Participant.objects.bulk_create(
        Participant(seminar=seminar, side="elected" if n % 3 else "administration")
        for n in range(PARTICIPANTS)
    )
    Membership.objects.bulk_create(
        [
            Membership(participant=p, group=tables[n % TABLES], kind="table")
            for n, p in enumerate(people)
        ]
        + [Membership(participant=p, group=sides[p.side], kind="side") for p in people]
    )
    slides = list(Slide.objects.filter(item__day__seminar=seminar).values_list("pk", flat=True))
    existing = Poll.objects.filter(seminar=seminar).count()
    for n in range(POLLS - existing):
        poll = Poll.objects.create(
            seminar=seminar,
            slide_id=rng.choice(slides),
            order=100 + n,
            kind=Poll.Kind.SINGLE,
            question=f"Ekstra spørsmål {n + 1}: hva mener du?",
            state=Poll.State.CLOSED,
        )
        Choice.objects.bulk_create(
            Choice(poll=poll, order=i, label=label)
            for i, label in enumerate(["Helt enig", "Enig", "Uenig", "Helt uenig"])
        )
    through = Ballot.choices.through
    for poll in Poll.objects.filter(seminar=seminar).prefetch_related("choices"):
        choices = list(poll.choices.all())
        ballots = Ballot.objects.bulk_create(
            Ballot(
                poll=poll,
                participant=p,
                value=rng.randint(poll.scale_min, poll.scale_max) if poll.kind == "scale" else None,
                text=rng.choice(["Nyttig", "Mer tid", "Bra dilemmaer"])
                if poll.kind == "open_text"
                else "",
            )
            for p in people
        )
        if choices:
            through.objects.bulk_create(
                through(ballot_id=ballot.pk, choice_id=rng.choice(choices).pk) for ballot in ballots
            )
    exercises = {e.kind: e for e in Exercise.objects.filter(seminar=seminar).order_by("-order")}
    rows: list[Contribution] = []
    for exercise in Exercise.objects.filter(seminar=seminar, kind="case"):
        for question in Question.objects.filter(exercise=exercise):
            rows += [
                Contribution(exercise=exercise, question=question, group=t, text="Et svar " * 12)
                for t in tables
            ]
    for exercise in Exercise.objects.filter(seminar=seminar, kind="dilemma"):
        rows += [
            Contribution(
                exercise=exercise, group=t, verdict=rng.choice(["red", "green"]), text="Fordi"
            )
            for t in tables
        ]
    rows += [
        Contribution(
            exercise=exercises["contest"],
            group=t,
            height_cm=rng.randint(80, 190),
            photo=_picture("photo"),
        )
        for t in tables
    ]
    rows += [
        Contribution(exercise=exercises["notes"], participant=p, text=f"Gul lapp {n}")
        for n, p in enumerate(people * 3)
    ]
    while len(rows) < CONTRIBUTIONS:
        rows.append(
            Contribution(
                exercise=exercises["brainstorm"],
                group=tables[len(rows) % TABLES],
                text=f"Risiko nummer {len(rows)} for kommunen",
            )
        )
    for row in rows:
        if row.photo:
            row.photo.save(row.photo.name, row.photo, save=False)
    Contribution.objects.bulk_create(rows)
    cards = []
    for n, p in enumerate(people):
        card = Card(exercise=exercises["card"], participant=p, name=f"Navn {n}", age=20 + n % 50)
        card.drawing.save("d.png", _picture("drawing"), save=False)
        cards.append(card)
    Card.objects.bulk_create(cards)
    return seminar


def _run(installation: Installation) -> dict[str, str]:
    setup_django(installation)
    from notes.export import export_notes

    started = time.perf_counter()
    seminar = large_seminar()
    report(
        f"notes: {PARTICIPANTS} participants, {POLLS} polls ({PARTICIPANTS * POLLS} votes), "
        f"{CONTRIBUTIONS} contributions, 150 cards with drawings made in "
        f"{time.perf_counter() - started:.1f} s"
    )
    seconds: dict[str, float] = {}
    for fmt in ("docx", "pdf", "xlsx"):
        started = time.perf_counter()
        export = export_notes(seminar=seminar, format=fmt)
        seconds[fmt] = time.perf_counter() - started
        report(f"notes: {fmt} {len(export.data) // 1024} KB in {seconds[fmt]:.2f} s")
    verdict = "met" if seconds["docx"] < TARGET_DOCX_SECONDS else "MISSED"
    report(
        f"notes: Word in {seconds['docx']:.2f} s, target < {TARGET_DOCX_SECONDS:.0f} s: {verdict}"
    )
    return {f"notes_{fmt}_s": f"{value:.2f}" for fmt, value in seconds.items()}


async def run(ctx: Context) -> dict[str, str]:
    # The ORM refuses the event loop: the whole scenario runs in a worker thread.
    return await asyncio.to_thread(_run, ctx.installation)
