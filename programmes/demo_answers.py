"""Two plausible days of answers in the demo seminar, for trying out the session notes.

Made through the same services the phones use, so every answer passes the same rules.
Fictional people; the numbers are invented.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from exercises import services as exercises
from exercises.models import Contribution, Exercise
from polls import services as polls
from polls.models import Poll, Survey
from seminar.groupings import put_in_group
from seminar.models import Group, Participant, Seminar
from seminar.participants import join_seminar

ELECTED, ADMINISTRATION = 26, 12
FIRST_NAMES = [
    "Kari", "Ola", "Ingrid", "Per", "Astrid", "Knut", "Sigrid", "Lars", "Marit", "Jon",
    "Ragnhild", "Tor", "Solveig", "Erik", "Guri", "Magnus", "Hilde", "Anders", "Liv", "Nils",
    "Turid", "Håkon", "Eli", "Sverre", "Randi", "Even", "Berit", "Odd", "Maja", "Sondre",
    "Siri", "Trond", "Ane", "Vegard", "Åse", "Jørgen", "Linn", "Kjetil",
]  # fmt: skip
HOMES = ["Otta", "Heidal", "Sel", "Nord-Sel", "Mysuseter", "Sandbumoen", "Bredebygda"]
JOBS = [
    "Bonde", "Lærer", "Sykepleier", "Student", "Snekker", "Pensjonist", "Butikksjef",
    "Helsefagarbeider", "Daglig leder", "Rådgiver", "Elektriker", "Barnehagelærer",
]  # fmt: skip
WHY_ELECTED = [
    "Vil at unge skal kunne bo og jobbe i bygda",
    "Opptatt av eldreomsorgen",
    "Ble spurt, og ville bidra",
    "Vil ha bedre veier og skolevei",
    "Brenner for kultur og frivillighet",
    "Vil at kommunen skal ta vare på naturen",
]
WHY_ADMINISTRATION = [
    "Liker å jobbe tett på innbyggerne",
    "Vil gjøre gode saksutredninger",
    "Jobber med planlegging og vil se bygda utvikle seg",
]
RISKS = [
    "Fraflytting og færre unge",
    "Dyre hastetiltak i stedet for planlagte løsninger",
    "Forfall på skoler, veier og vannledninger",
    "Mangel på sykepleiere og helsefagarbeidere",
    "Tap av tillit hos innbyggerne",
    "Vi taper i konkurransen om statlige midler",
    "Boligmangel for unge familier",
    "Næringslivet flytter ut",
    "Klimatilpasning kommer for sent: flom og ras",
    "Økonomien blir styrt av akutte behov",
]
NOTES = [
    ("Roller", "Forskjellen på politikk og administrasjon"),
    ("Roller", "Ordførerens rolle var nytt for meg"),
    ("Roller", "Kommunedirektøren innstiller, vi vedtar"),
    ("Habilitet og etikk", "Habilitet er mer enn familie"),
    ("Habilitet og etikk", "Jeg må selv si fra om jeg kan være inhabil"),
    ("Habilitet og etikk", "Gaver og middager: sjekk retningslinjene"),
    ("Planlegging", "Planer er politikk"),
    ("Planlegging", "Økonomiplanen er viktigere enn jeg trodde"),
    ("Samspill", "Papirtårnet: planlegging før bygging!"),
    ("Samspill", "Gruppearbeidet ga nye bekjentskaper"),
    ("Samspill", "Hets på nett må vi stå sammen mot"),
]
EXPECTATIONS = {
    "elected": [
        "Tydelige saksframlegg med alternativer",
        "Svar på spørsmål innen rimelig tid",
        "Tidlig informasjon om store saker",
    ],
    "administration": [
        "Tydelige politiske bestillinger",
        "Respekt for fagligheten i utredningene",
        "Saker til politisk behandling, ikke enkeltsaker",
    ],
}
CASE_ANSWERS = [
    "Ta det opp i riktig organ, ikke i media. Be om en sak om tildelingskriteriene.",
    "Folkevalgte kan endre kriteriene, ikke enkeltvedtaket. Klage går til statsforvalteren.",
    "Vise forståelse, men respektere at administrasjonen følger vedtatte kriterier.",
]
VERDICTS = {
    "Del 1": [("red", "Svekker tilliten, middagen er for dyr"), ("green", "Vanlig representasjon")],
    "Del 2": [("red", "Landskamp og VIP er en utilbørlig fordel"), ("red", "Kan gi inhabilitet")],
    "Del 3": [("red", "Inhabil etter Oslo-turen"), ("green", "Møtet er åpent og saklig")],
}
EVALUATION_TEXTS = [
    "Dilemmaene om habilitet var nyttigst",
    "Mer tid til gruppearbeid",
    "Fint å møte administrasjonen",
    "Gode eksempler fra egen kommune",
    "Litt lange dager, men lærerikt",
]


@dataclass(frozen=True)
class Filled:
    participants: int
    votes: int
    contributions: int


def _picture(drawing: str, rng: random.Random) -> SimpleUploadedFile:
    """A simple picture: a finger drawing (PNG) or a paper tower photo (JPEG)."""
    if drawing == "tower":
        image = Image.new("RGB", (900, 1200), (226, 220, 205))
        pen = ImageDraw.Draw(image)
        floors = rng.randint(5, 9)
        for floor in range(floors):
            width = 420 - floor * 30
            top = 1100 - (floor + 1) * 110
            pen.rectangle([450 - width // 2, top, 450 + width // 2, top + 100], fill="white")
            pen.rectangle([450 - width // 2, top, 450 + width // 2, top + 100], outline="grey")
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80)
        return SimpleUploadedFile("tower.jpg", buffer.getvalue(), content_type="image/jpeg")
    image = Image.new("RGBA", (600, 400), (255, 255, 255, 255))
    pen = ImageDraw.Draw(image)
    ink = (20, 20, 20, 255)
    if drawing == "mountain":
        pen.line([(40, 360), (220, 90), (330, 250), (430, 130), (570, 360)], fill=ink, width=7)
        pen.ellipse([470, 30, 550, 110], outline=(200, 140, 0, 255), width=7)
    elif drawing == "fish":
        pen.ellipse([150, 140, 420, 280], outline=ink, width=7)
        pen.polygon([(420, 210), (520, 140), (520, 280)], outline=ink, width=7)
        pen.ellipse([200, 185, 225, 210], fill=ink)
    else:  # skis
        pen.line([(80, 330), (520, 250)], fill=ink, width=9)
        pen.line([(90, 360), (530, 280)], fill=ink, width=9)
        pen.ellipse([260, 60, 330, 130], outline=ink, width=7)
        pen.line([(295, 130), (300, 270)], fill=ink, width=7)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("drawing.png", buffer.getvalue(), content_type="image/png")


def _open(exercise: Exercise) -> None:
    Exercise.objects.filter(pk=exercise.pk).update(state=Exercise.State.OPEN)


def _close(exercise: Exercise) -> None:
    Exercise.objects.filter(pk=exercise.pk).update(state=Exercise.State.CLOSED, revealed=True)


def _write(exercise: Exercise, person: Participant, **fields: object) -> Contribution:
    return exercises.contribute(
        exercise_id=exercise.pk,
        participant=person,
        entry=exercises.Entry(**fields),  # type: ignore[arg-type]
    )


def _group_answer(exercise: Exercise, person: Participant, **fields: object) -> None:
    """A group's one answer: written as if the phone had seen the current one."""
    question_id = fields.get("question_id")
    group = Group.objects.get(memberships__participant=person, kind=exercise.grouping)
    current = Contribution.objects.filter(
        exercise=exercise,
        group=group,
        question_id=question_id,  # type: ignore[misc]
    ).first()
    _write(exercise, person, seen=exercises.answer_version(current), **fields)


@transaction.atomic
def fill_with_answers(seminar: Seminar, *, seed: int = 2023) -> Filled:
    """Participants, votes and every exercise's answers; nothing if it already has people."""
    if seminar.participants.exists():
        return Filled(participants=0, votes=0, contributions=0)
    rng = random.Random(seed)  # noqa: S311  (invented answers, not secrets)
    tables = list(seminar.groups.filter(kind=Group.Kind.TABLE).order_by("order"))
    parties = list(seminar.groups.filter(kind=Group.Kind.PARTY).order_by("order"))
    people = [
        join_seminar(
            seminar=seminar,
            side="elected" if n < ELECTED else "administration",
            group=tables[n % len(tables)] if tables else None,
        )
        for n in range(ELECTED + ADMINISTRATION)
    ]
    elected = [person for person in people if person.side == "elected"]
    for n, person in enumerate(elected):
        if parties:
            put_in_group(participant=person, group=parties[n % len(parties)])
    votes = _vote(seminar, people, rng)
    exercise = {e.title: e for e in Exercise.objects.filter(seminar=seminar)}
    by_kind: dict[str, list[Exercise]] = {}
    for item in exercise.values():
        by_kind.setdefault(item.kind, []).append(item)
    one_per_table = [people[n] for n in range(len(tables))]  # the first phone at each table

    for card in by_kind.get("card", []):
        _open(card)
        for n, person in enumerate(people[:30]):
            why = WHY_ELECTED if person.side == "elected" else WHY_ADMINISTRATION
            exercises.save_card(
                exercise_id=card.pk,
                participant=person,
                entry=exercises.CardEntry(
                    name=FIRST_NAMES[n],
                    age=str(rng.randint(21, 74)),
                    home=rng.choice(HOMES),
                    occupation=rng.choice(JOBS),
                    motivation=rng.choice(why),
                    drawing=_picture(rng.choice(["mountain", "fish", "skis"]), rng),
                ),
            )
        _close(card)
    for brainstorm in by_kind.get("brainstorm", []):
        _open(brainstorm)
        for person in one_per_table:
            for risk in rng.sample(RISKS, rng.randint(4, 6)):
                _write(brainstorm, person, text=risk)
        best = Contribution.objects.filter(exercise=brainstorm).first()
        if best is not None:
            exercises.moderate(contribution=best, highlighted=True)
        silly = _write(brainstorm, one_per_table[0], text="Kaffen går tom")
        exercises.moderate(contribution=silly, hidden=True)
        _close(brainstorm)
    for case in by_kind.get("case", []):
        _open(case)
        for person in one_per_table:
            for question in case.questions.all():
                _group_answer(case, person, question_id=question.pk, text=rng.choice(CASE_ANSWERS))
        _close(case)
    for contest in by_kind.get("contest", []):
        _open(contest)
        for person in one_per_table:
            height = f"{rng.randint(80, 190)},{rng.randint(0, 9)}"
            _group_answer(contest, person, height=height, photo=_picture("tower", rng))
        for entry in Contribution.objects.filter(exercise=contest)[:3]:
            exercises.confirm_height(contribution=entry)
        _close(contest)
    for dilemma in by_kind.get("dilemma", []):
        _open(dilemma)
        part = dilemma.poll.series_part if dilemma.poll else "Del 1"
        for person in one_per_table:
            verdict, reason = rng.choice(VERDICTS.get(part, VERDICTS["Del 1"]))
            _group_answer(dilemma, person, verdict=verdict, text=reason)
        _close(dilemma)
    for notes in by_kind.get("notes", []):
        _open(notes)
        themes = {
            name: exercises.add_theme(exercise=notes, name=name)
            for name in dict.fromkeys(theme for theme, _text in NOTES)
        }
        for person in people:
            for theme, text in rng.sample(NOTES, rng.randint(2, 3)):
                note = _write(notes, person, text=text)
                exercises.sort_note(contribution=note, theme_id=themes[theme].pk)
        _close(notes)
    for speech in by_kind.get("speech", []):
        _close(speech)  # the youngest presents: the business cards say who
    for expectations in by_kind.get("expectations", []):
        _open(expectations)
        for side, points in EXPECTATIONS.items():
            person = next(p for p in people if p.side == side)
            for point in points:
                _write(expectations, person, text=point)
        _close(expectations)
    return Filled(
        participants=len(people),
        votes=votes,
        contributions=Contribution.objects.filter(exercise__seminar=seminar).count(),
    )


def _vote(seminar: Seminar, people: list[Participant], rng: random.Random) -> int:
    votes = 0
    for poll in Poll.objects.filter(seminar=seminar).prefetch_related("choices"):
        Poll.objects.filter(pk=poll.pk).update(state=Poll.State.OPEN)
        choices = list(poll.choices.all())
        for person in people:
            if rng.random() < 0.1:
                continue  # not everyone answers everything
            if poll.kind == Poll.Kind.SCALE:
                polls.cast_vote(
                    poll_id=poll.pk, participant=person, value=rng.choice([3, 4, 4, 5, 5])
                )
            elif poll.kind == Poll.Kind.OPEN_TEXT:
                polls.cast_vote(
                    poll_id=poll.pk, participant=person, text=rng.choice(EVALUATION_TEXTS)
                )
            elif poll.kind in {Poll.Kind.MULTIPLE, Poll.Kind.RANKING}:
                # A ranking's places in the order drawn: most fill all three.
                count = poll.max_choices if poll.ranked and rng.random() < 0.8 else None
                picked = rng.sample(choices, count or rng.randint(1, poll.max_choices))
                polls.cast_vote(
                    poll_id=poll.pk, participant=person, choice_ids=[c.pk for c in picked]
                )
            else:
                weights = [1, 2, 5] if len(choices) == 3 else [1] * len(choices)
                (choice,) = rng.choices(choices, weights=weights)
                polls.cast_vote(poll_id=poll.pk, participant=person, choice_ids=[choice.pk])
            votes += 1
        Poll.objects.filter(pk=poll.pk).update(
            state=Poll.State.CLOSED, revealed=True, answer_key_shown=bool(poll.answer_key)
        )
    # The surveys' questions were answered and shown, so the surveys were too.
    Survey.objects.filter(seminar=seminar).update(state=Survey.State.CLOSED, results_shown=True)
    return votes
