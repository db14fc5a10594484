"""Questions from the room as the screens and the notes show them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from questions.models import QuestionRound, RoomQuestion, Upvote

PROJECTOR_TOP = 5  # what a room can read from the back, beside the one being answered
# A phone lists the most upvoted and the newest, at most this many in all: every question
# of a room of 150, and in a hall of 1000 with 200 questions, what a phone can read (its
# own are always in its own part). One list for every phone, so its size is sent to each.
PHONE_MOST_UPVOTED = 40
PHONE_NEWEST = 20


class Moderated:
    """What the facilitator made of a question, as its screens say it."""

    status: str

    @property
    def waiting(self) -> bool:
        return self.status == RoomQuestion.Status.WAITING

    @property
    def hidden(self) -> bool:
        return self.status == RoomQuestion.Status.HIDDEN


@dataclass(frozen=True)
class QuestionRow(Moderated):
    pk: int
    text: str
    upvotes: int
    status: str
    asked_at: datetime
    answered: bool
    answering: bool
    asked_by: str  # the nickname, where the seminar allows them; else ""


def _by_upvotes(row: QuestionRow) -> tuple[int, datetime, int]:
    """Most upvoted first; among equals the one asked first (it has waited longest)."""
    return (-row.upvotes, row.asked_at, row.pk)


@dataclass(frozen=True)
class QuestionBoard:
    question_round: QuestionRound
    rows: list[QuestionRow]  # every question but the withdrawn, most upvoted first

    @property
    def shown(self) -> list[QuestionRow]:
        """What the room sees and can upvote: shown, not answered."""
        return [
            row for row in self.rows if row.status == RoomQuestion.Status.SHOWN and not row.answered
        ]

    @property
    def newest(self) -> list[QuestionRow]:
        return sorted(self.shown, key=lambda row: (row.asked_at, row.pk), reverse=True)

    @property
    def on_phones(self) -> list[QuestionRow]:
        """The phones' list: the most upvoted, and the newest of the rest, most upvoted
        first (questions.js sorts by newest on request)."""
        shown = self.shown
        if len(shown) <= PHONE_MOST_UPVOTED + PHONE_NEWEST:
            return shown
        top = shown[:PHONE_MOST_UPVOTED]
        rest = sorted(shown[PHONE_MOST_UPVOTED:], key=lambda row: (row.asked_at, row.pk))
        return [*top, *sorted(rest[-PHONE_NEWEST:], key=_by_upvotes)]

    @property
    def not_on_phones(self) -> int:
        return len(self.shown) - len(self.on_phones)

    @property
    def answering(self) -> QuestionRow | None:
        return next((row for row in self.rows if row.answering), None)

    @property
    def top(self) -> list[QuestionRow]:
        """The projector's list: the most upvoted, but the one being answered (shown large)."""
        return [row for row in self.shown if not row.answering][:PROJECTOR_TOP]

    @property
    def waiting(self) -> list[QuestionRow]:
        return sorted(
            (row for row in self.rows if row.waiting), key=lambda row: (row.asked_at, row.pk)
        )

    @property
    def hidden(self) -> list[QuestionRow]:
        return [row for row in self.rows if row.hidden]

    @property
    def answered(self) -> list[QuestionRow]:
        return [
            row for row in self.rows if row.answered and row.status == RoomQuestion.Status.SHOWN
        ]

    @property
    def upvotes(self) -> int:
        return sum(row.upvotes for row in self.shown)


def question_counts(question_round: QuestionRound | None) -> tuple[int, int]:
    """How many questions the round holds (the withdrawn are gone) and how many of them
    wait for approval: one query."""
    if question_round is None:
        return 0, 0
    counts = RoomQuestion.objects.filter(round=question_round).aggregate(
        asked=Count("pk", filter=~Q(status=RoomQuestion.Status.WITHDRAWN)),
        waiting=Count("pk", filter=Q(status=RoomQuestion.Status.WAITING)),
    )
    return counts["asked"], counts["waiting"]


def question_board(question_round: QuestionRound, *, nicknames: bool) -> QuestionBoard:
    """Every question of the round with its upvotes (and the asker's nickname where the
    seminar allows them): one query however many."""
    found = (
        RoomQuestion.objects.filter(round=question_round)
        .exclude(status=RoomQuestion.Status.WITHDRAWN)
        .annotate(upvote_count=Count("upvotes"))
        .values_list(
            "pk",
            "text",
            "upvote_count",
            "status",
            "asked_at",
            "answered_at",
            "participant__nickname",
        )
    )
    rows = [
        QuestionRow(
            pk=pk,
            text=text,
            upvotes=upvotes,
            status=status,
            asked_at=asked_at,
            answered=answered_at is not None,
            answering=pk == question_round.answering_id,
            asked_by=nickname if nicknames else "",
        )
        for pk, text, upvotes, status, asked_at, answered_at, nickname in found
    ]
    return QuestionBoard(question_round=question_round, rows=sorted(rows, key=_by_upvotes))


@dataclass(frozen=True)
class OwnQuestion(Moderated):
    """A question as its asker's phone lists it: what became of it, not its count (the
    shared list shows that, and follows every upvote; this part changes only with what
    the asker or the facilitator does to it)."""

    pk: int
    text: str
    status: str
    answered: bool


@dataclass(frozen=True)
class MyQuestions:
    """What is one phone's own in a round: what it upvoted, what it asked."""

    upvoted: frozenset[int] = frozenset()
    asked: tuple[OwnQuestion, ...] = ()

    @property
    def asked_ids(self) -> list[int]:
        return [question.pk for question in self.asked]


def my_questions(round_id: int, participant_ids: Iterable[int]) -> dict[int, MyQuestions]:
    """Each participant's own part of a round: two queries however many participants."""
    wanted = list(participant_ids)
    upvoted: dict[int, set[int]] = {participant: set() for participant in wanted}
    # By the participants' index, the round checked on each upvote's question: asked for
    # the round's questions instead, the database looks up every question's upvotes.
    for question_id, participant_id, upvoted_round in Upvote.objects.filter(
        participant_id__in=wanted
    ).values_list("question_id", "participant_id", "question__round_id"):
        if upvoted_round == round_id:
            upvoted[participant_id].add(question_id)
    asked: dict[int, list[OwnQuestion]] = {participant: [] for participant in wanted}
    found = (
        RoomQuestion.objects.filter(round_id=round_id, participant_id__in=wanted)
        .exclude(status=RoomQuestion.Status.WITHDRAWN)
        .order_by("asked_at", "pk")
        .values_list("pk", "participant_id", "text", "status", "answered_at")
    )
    for pk, participant_id, text, status, answered_at in found:
        asked[participant_id].append(
            OwnQuestion(pk=pk, text=text, status=status, answered=answered_at is not None)
        )
    return {
        participant: MyQuestions(
            upvoted=frozenset(upvoted[participant]), asked=tuple(asked[participant])
        )
        for participant in wanted
    }
