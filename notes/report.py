"""What the session notes hold: the seminar, each survey and poll's counts and each
exercise's sheets, item by item, read once for every format.

Privacy is decided here, not in the writers: votes are counts only; names appear only when
the seminar ran with nicknames switched on; a breakdown by side is left out where fewer
than five people on a side answered; hidden contributions are not read into the notes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.core.files.storage import default_storage
from django.db.models import Count
from django.utils import timezone

from agenda.models import AgendaItem
from exercises.models import Card, Contribution, Exercise
from exercises.queries import Board, exercise_board
from polls.models import Ballot, BallotChoice, Poll, Survey
from polls.queries import (
    ResultRow,
    answer_words,
    ranking_rows,
    result_rows,
    scale_mean,
    survey_progress,
)
from questions.models import QuestionRound, RoomQuestion
from questions.queries import QuestionBoard, QuestionRow, question_board
from seminar.models import Participant, Seminar
from seminar.services import display_name


def local_time(at: datetime) -> datetime:
    """A moment as the clocks in the room showed it: Norwegian time (settings.TIME_ZONE),
    whatever time zone is active. Every time in the notes and the Excel goes through here."""
    return timezone.localtime(at, timezone.get_default_timezone())


SMALLEST_BREAKDOWN = 5  # fewer answers on a side than this, and the side's counts are left out
EVALUATION_SERIES = "Evaluering"


@dataclass(frozen=True)
class Vote:
    """One anonymous answer, for the raw data: when, and what."""

    at: datetime
    answer: str


@dataclass
class PollNotes:
    poll: Poll
    answered: int = 0
    rows: list[ResultRow] = field(default_factory=list)
    mean: Decimal | None = None
    texts: list[str] = field(default_factory=list)
    by_side: dict[str, list[ResultRow]] = field(default_factory=dict)
    side_left_out: bool = False  # a breakdown was possible but too few answered
    votes: list[Vote] = field(default_factory=list)


@dataclass
class ExerciseNotes:
    exercise: Exercise
    board: Board


@dataclass
class SurveyNotes:
    """A survey: each question's results, and how many answered every question."""

    survey: Survey
    questions: list[PollNotes]
    finished: int
    answered: int  # answered at least one question


@dataclass
class QuestionsNotes:
    """Questions from the room: every question but the withdrawn, with its upvotes. The
    document shows the approved ones; Excel all, held and hidden ones marked so."""

    question_round: QuestionRound
    board: QuestionBoard

    @property
    def approved(self) -> list[QuestionRow]:
        return [row for row in self.board.rows if row.status == RoomQuestion.Status.SHOWN]


@dataclass
class ItemNotes:
    item: AgendaItem | None  # None: polls and exercises on no slide of the programme
    polls: list[PollNotes] = field(default_factory=list)
    exercises: list[ExerciseNotes] = field(default_factory=list)
    question_rounds: list[QuestionsNotes] = field(default_factory=list)


@dataclass
class Report:
    seminar: Seminar
    facilitators: list[str]
    first_date: date | None
    last_date: date | None
    participants: int
    by_side: dict[str, int]
    names_shown: bool
    items: list[ItemNotes]
    made_at: datetime
    surveys: list[SurveyNotes] = field(default_factory=list)

    @property
    def polls(self) -> list[PollNotes]:
        """Every poll answered, a survey's questions after the programme's own polls."""
        return [poll for item in self.items for poll in item.polls] + [
            question for survey in self.surveys for question in survey.questions
        ]

    @property
    def exercises(self) -> list[ExerciseNotes]:
        return [exercise for item in self.items for exercise in item.exercises]

    @property
    def evaluation(self) -> list[PollNotes]:
        """An evaluation asked as separate polls (before surveys): a section of its own."""
        return [
            notes
            for notes in self.polls
            if notes.poll.series == EVALUATION_SERIES and notes.poll.survey_id is None
        ]

    @property
    def question_rounds(self) -> list[QuestionsNotes]:
        return [notes for item in self.items for notes in item.question_rounds]

    @property
    def votes(self) -> int:
        return sum(notes.answered for notes in self.polls)

    @property
    def contributions(self) -> int:
        return sum(
            len(sheet.visible) for notes in self.exercises for sheet in notes.board.sheets
        ) + sum(
            len([c for c in notes.board.notes if not c.hidden]) + len(notes.board.visible_cards)
            for notes in self.exercises
        )

    @property
    def files(self) -> list[Path]:
        """Every photo and drawing still shown: for the zip."""
        found: list[Path] = []
        for notes in self.exercises:
            for sheet in notes.board.sheets:
                found += [Path(c.photo.path) for c in sheet.visible if c.photo]
            found += [Path(card.drawing.path) for card in notes.board.visible_cards if card.drawing]
        return [path for path in found if path.is_file()]


def build_report(seminar: Seminar) -> Report:
    """The notes of one seminar. Polls in four queries; each exercise in its own few;
    each round of questions from the room in one."""
    items = list(
        AgendaItem.objects.filter(day__seminar=seminar)
        .select_related("day")
        .order_by("day__number", "order")
    )
    notes: dict[int | None, ItemNotes] = {item.pk: ItemNotes(item=item) for item in items}
    notes[None] = ItemNotes(item=None)
    questions: defaultdict[int, list[PollNotes]] = defaultdict(list)
    for poll_notes in _poll_notes(seminar):
        slide = poll_notes.poll.slide
        if poll_notes.poll.survey_id is not None:
            questions[poll_notes.poll.survey_id].append(poll_notes)
        elif poll_notes.answered:
            notes[_item_of(slide.item_id if slide else None, notes)].polls.append(poll_notes)
    surveys = []
    for survey in Survey.objects.filter(seminar=seminar).order_by("order", "pk"):
        asked = questions.get(survey.pk, [])
        answered = Ballot.objects.filter(poll__survey=survey).values("participant").distinct()
        if any(question.answered for question in asked):
            surveys.append(
                SurveyNotes(
                    survey=survey,
                    questions=asked,
                    finished=survey_progress(survey, [q.poll for q in asked]).finished,
                    answered=answered.count(),
                )
            )
    exercises = Exercise.objects.filter(seminar=seminar).select_related("slide", "poll")
    for exercise in exercises.order_by("order"):
        board = exercise_board(exercise)
        if board.contribution_count:
            item_id = _item_of(exercise.slide.item_id if exercise.slide else None, notes)
            notes[item_id].exercises.append(ExerciseNotes(exercise, board))
    rounds = QuestionRound.objects.filter(seminar=seminar).select_related("slide")
    for question_round in rounds.order_by("order", "pk"):
        questions_board = question_board(question_round, nicknames=seminar.allow_nicknames)
        if questions_board.rows:
            slide_item = question_round.slide.item_id if question_round.slide else None
            notes[_item_of(slide_item, notes)].question_rounds.append(
                QuestionsNotes(question_round, questions_board)
            )
    sides = dict(
        Participant.objects.filter(seminar=seminar, admission=Participant.Admission.ADMITTED)
        .values_list("side")
        .annotate(n=Count("id"))
        .values_list("side", "n")
    )
    return Report(
        seminar=seminar,
        facilitators=[
            display_name(user) for user in seminar.facilitators.order_by("last_name", "username")
        ],
        first_date=min((item.day.date for item in items), default=None),
        last_date=max((item.day.date for item in items), default=None),
        participants=sum(sides.values()),
        by_side=sides,
        names_shown=seminar.allow_nicknames,
        items=[
            item for item in notes.values() if item.polls or item.exercises or item.question_rounds
        ],
        made_at=local_time(timezone.now()),
        surveys=surveys,
    )


def _item_of(item_id: int | None, notes: dict[int | None, ItemNotes]) -> int | None:
    return item_id if item_id in notes else None


def _poll_notes(seminar: Seminar) -> list[PollNotes]:
    polls = list(
        Poll.objects.filter(seminar=seminar)
        .select_related("slide")
        .prefetch_related("choices")
        .order_by("order")
    )
    ballots = list(
        Ballot.objects.filter(poll__seminar=seminar)
        .order_by("created_at", "pk")
        .values_list("pk", "poll_id", "value", "text", "created_at", "participant__side")
    )
    chosen: defaultdict[int, list[int]] = defaultdict(list)  # a ranking's by place
    for ballot_id, choice_id in (
        BallotChoice.objects.filter(ballot__poll__seminar=seminar)
        .order_by("ballot_id", "rank", "choice__order")
        .values_list("ballot_id", "choice_id")
    ):
        chosen[ballot_id].append(choice_id)
    by_poll: defaultdict[int, list[tuple[int, int | None, str, datetime, str]]] = defaultdict(list)
    for ballot_id, poll_id, value, text, at, side in ballots:
        by_poll[poll_id].append((ballot_id, value, text, at, side))
    return [_count(poll, by_poll[poll.pk], chosen) for poll in polls]


def _count(
    poll: Poll,
    ballots: list[tuple[int, int | None, str, datetime, str]],
    chosen: dict[int, list[int]],
) -> PollNotes:
    notes = PollNotes(poll=poll, answered=len(ballots))
    choices = list(poll.choices.all())
    labels = {choice.pk: choice.label for choice in choices}

    def counted(subset: list[tuple[int, int | None, str, datetime, str]]) -> Counter[int]:
        if poll.has_choices:
            return Counter(c for ballot_id, *_rest in subset for c in chosen.get(ballot_id, []))
        return Counter(value for _id, value, *_rest in subset if value is not None)

    def rows(subset: list[tuple[int, int | None, str, datetime, str]]) -> list[ResultRow]:
        if poll.ranked:
            placed = Counter(
                (choice_id, place)
                for ballot_id, *_rest in subset
                for place, choice_id in enumerate(chosen.get(ballot_id, []), start=1)
            )
            return ranking_rows(poll, choices, placed)
        return result_rows(poll, choices, counted(subset), len(subset))

    notes.rows = rows(ballots)
    if poll.kind == Poll.Kind.SCALE and ballots:
        notes.mean = scale_mean(counted(ballots))
    if poll.kind == Poll.Kind.OPEN_TEXT:
        notes.texts = [text for _id, _value, text, *_rest in ballots if text]
    sides: defaultdict[str, list[tuple[int, int | None, str, datetime, str]]] = defaultdict(list)
    for ballot in ballots:
        sides[ballot[4]].append(ballot)
    if poll.kind != Poll.Kind.OPEN_TEXT and len(sides) > 1:  # both sides answered
        if all(len(subset) >= SMALLEST_BREAKDOWN for subset in sides.values()):
            notes.by_side = {side: rows(subset) for side, subset in sorted(sides.items())}
        else:
            notes.side_left_out = True
    for ballot_id, value, text, at, _side in ballots:
        chosen_labels = [labels[c] for c in chosen.get(ballot_id, []) if c in labels]
        answer = answer_words(poll, labels=chosen_labels, value=value, text=text, separator="; ")
        notes.votes.append(Vote(at=local_time(at), answer=answer))
    return notes


def stored_files(seminar: Seminar) -> list[str]:
    """Every photo and drawing kept for a seminar, shown or hidden: what deletion removes."""
    photos = Contribution.objects.filter(exercise__seminar=seminar).exclude(photo="")
    drawings = Card.objects.filter(exercise__seminar=seminar).exclude(drawing="")
    names = list(photos.values_list("photo", flat=True)) + list(
        drawings.values_list("drawing", flat=True)
    )
    return [name for name in names if name and default_storage.exists(name)]
