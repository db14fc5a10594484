"""Questions from the room: what a phone may do (ask, upvote, take an upvote back,
withdraw its own question) and what the facilitator does with them (approve, hide,
answer now, answered), and the round's states. The live layer puts a round on screen."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_
from typing import Literal

from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agenda.models import Slide
from agenda.programme_spec import QuestionRoundSpec
from agenda.queries import slide_ids_by_title
from questions.models import QuestionRound, RoomQuestion, Upvote
from questions.signals import questions_changed
from seminar.models import Seminar
from seminar.text import clean_text

MAX_QUESTION_LENGTH = 280
QUESTIONS_PER_MINUTE = 3  # a person asking more than this is flooding, not asking
FLOOD_WINDOW = timedelta(minutes=1)

Action = Literal["ask", "upvote", "unvote", "withdraw"]
ACTIONS: frozenset[str] = frozenset({"ask", "upvote", "unvote", "withdraw"})


class QuestionRefused(Exception):
    """Why a phone's question or upvote was not stored, in the phone's language."""


@dataclass(frozen=True)
class PhoneAction:
    """One thing a phone did, as checked field by field (live.phone_messages, the
    posted form), before anything is looked up."""

    round_id: int
    participant_id: int
    seminar_id: int
    action: Action
    question_id: int | None = None
    text: str = ""
    client_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ActionResult:
    question_round: QuestionRound | None = None  # with its seminar; None: not this seminar's
    error: str = ""
    asked: RoomQuestion | None = None  # the question stored (or found, for a resend)
    text: str = ""  # what the phone wrote, kept when its question was refused


def _changed(seminar_id: int) -> None:
    questions_changed.send(None, seminar_id=seminar_id)


# The round -------------------------------------------------------------------------------


def _change_round(question_round: QuestionRound, **fields: object) -> QuestionRound:
    """Change the round under its row lock: what phones send meanwhile sees it before or
    after, never half."""
    QuestionRound.objects.select_for_update().filter(pk=question_round.pk).exists()
    for name, value in fields.items():
        setattr(question_round, name, value)
    if fields:
        question_round.save(update_fields=list(fields))
    return question_round


@transaction.atomic
def hold_round(*, question_round: QuestionRound) -> QuestionRound:
    return _change_round(question_round)


@transaction.atomic
def open_round(*, question_round: QuestionRound) -> QuestionRound:
    return _change_round(question_round, state=QuestionRound.State.OPEN)


@transaction.atomic
def close_round(*, question_round: QuestionRound) -> QuestionRound:
    return _change_round(question_round, state=QuestionRound.State.CLOSED)


@transaction.atomic
def new_round(
    *,
    seminar: Seminar,
    slide: Slide | None,
    title: str,
    moderation: str = QuestionRound.Moderation.AT_ONCE,
) -> QuestionRound:
    """A round made on the spot (the console's "questions from the room"), after the
    slide's others."""
    last = QuestionRound.objects.filter(seminar=seminar, slide=slide).aggregate(Max("order"))
    return QuestionRound.objects.create(
        seminar=seminar,
        slide=slide,
        title=clean_text(title)[:200] or _("Questions from the room"),
        moderation=moderation,
        order=(last["order__max"] or 0) + 1,
    )


def build_question_rounds(
    *, seminar_id: int, specs: tuple[QuestionRoundSpec, ...]
) -> list[QuestionRound]:
    """Lay a programme's questions from the room onto the slides that ask them (matched
    by slide title)."""
    slides = slide_ids_by_title(seminar_id)
    return QuestionRound.objects.bulk_create(
        QuestionRound(
            seminar_id=seminar_id,
            slide_id=slides.get(spec.slide_title),
            order=order,
            title=spec.title,
            moderation=spec.moderation,
        )
        for order, spec in enumerate(specs, start=1)
    )


@transaction.atomic
def reset_round(*, question_round: QuestionRound) -> QuestionRound:
    """Back to not open, with no questions: for a rehearsal."""
    changed = _change_round(question_round, state=QuestionRound.State.DRAFT, answering=None)
    if question_round.questions.all().delete()[0]:
        _changed(question_round.seminar_id)
    return changed


@transaction.atomic
def update_round(*, question_round: QuestionRound, title: str, moderation: str) -> QuestionRound:
    """A round's title and moderation, as the programme editor saves them. Its questions
    stay as they are: made shown at once, a held round does not publish the ones waiting
    (the facilitator approves or hides each); made held, it keeps showing those shown."""
    if moderation not in QuestionRound.Moderation.values:
        raise ValueError(f"not a moderation: {moderation!r}")
    cleaned = clean_text(title)[: QuestionRound._meta.get_field("title").max_length]
    if not cleaned:
        raise ValueError("a round needs a title")
    changes = {
        name: value
        for name, value in (("title", cleaned), ("moderation", moderation))
        if getattr(question_round, name) != value
    }
    _change_round(question_round, **changes)
    if changes:
        _changed(question_round.seminar_id)  # a round on screen shows its new title
    return question_round


@transaction.atomic
def remove_round(*, question_round: QuestionRound) -> int:
    """Take a round out of the programme with its questions and their upvotes; the number
    of questions that went is returned (a withdrawn one is not counted: nothing of it is
    left to lose)."""
    _change_round(question_round)
    asked = question_round.questions.exclude(status=RoomQuestion.Status.WITHDRAWN).count()
    question_round.delete()
    if asked:
        _changed(question_round.seminar_id)
    return asked


# What the facilitator does with a question ------------------------------------------------


def _moderate(question: RoomQuestion, **fields: object) -> RoomQuestion:
    question_round = QuestionRound.objects.select_for_update().get(pk=question.round_id)
    RoomQuestion.objects.select_for_update().filter(pk=question.pk).exists()
    question.refresh_from_db(fields=["status", "answered_at"])
    if question.status == RoomQuestion.Status.WITHDRAWN:
        return question  # the asker took it back meanwhile: nothing left to moderate
    for name, value in fields.items():
        setattr(question, name, value)
    question.save(update_fields=list(fields))
    answering = question_round.answering_id == question.pk
    if answering and (question.status != RoomQuestion.Status.SHOWN or question.answered_at):
        question_round.answering = None
        question_round.save(update_fields=["answering"])
    _changed(question_round.seminar_id)
    return question


@transaction.atomic
def approve(*, question: RoomQuestion) -> RoomQuestion:
    """A held question (or a hidden one) shown to the room."""
    return _moderate(question, status=RoomQuestion.Status.SHOWN)


@transaction.atomic
def hide(*, question: RoomQuestion) -> RoomQuestion:
    return _moderate(question, status=RoomQuestion.Status.HIDDEN)


@transaction.atomic
def answer_now(*, question: RoomQuestion) -> RoomQuestion:
    """The question the facilitator answers now: large on the projector. Shown, and not
    answered, whatever it was."""
    question = _moderate(question, status=RoomQuestion.Status.SHOWN, answered_at=None)
    if question.status == RoomQuestion.Status.SHOWN:
        QuestionRound.objects.filter(pk=question.round_id).update(answering=question)
    return question


@transaction.atomic
def mark_answered(*, question: RoomQuestion) -> RoomQuestion:
    """Answered: off the list, into the answered ones."""
    return _moderate(question, status=RoomQuestion.Status.SHOWN, answered_at=timezone.now())


@transaction.atomic
def mark_unanswered(*, question: RoomQuestion) -> RoomQuestion:
    return _moderate(question, answered_at=None)


# What phones do, in batches ---------------------------------------------------------------


def _flood_error(oldest_recent: datetime, now: datetime) -> str:
    seconds = max(1, math.ceil((oldest_recent + FLOOD_WINDOW - now).total_seconds()))
    return ngettext(
        "You have asked %(count)s questions in a minute. You can ask again in %(seconds)s second.",
        "You have asked %(count)s questions in a minute. You can ask again in %(seconds)s seconds.",
        seconds,
    ) % {"count": QUESTIONS_PER_MINUTE, "seconds": seconds}


def _asked_text(text: str) -> str:
    """The question as it will be stored, or why not."""
    cleaned = clean_text(text)
    if not cleaned:
        raise QuestionRefused(_("Write your question first."))
    if len(cleaned) > MAX_QUESTION_LENGTH:
        raise QuestionRefused(
            _("Your question is %(length)s characters long; at most %(limit)s fit.")
            % {"length": len(cleaned), "limit": MAX_QUESTION_LENGTH}
        )
    return cleaned


def _refusal(question_round: QuestionRound | None, seminar_id: int) -> str:
    if question_round is None or question_round.seminar_id != seminar_id:
        return _("These questions are no longer on screen.")
    if question_round.state == QuestionRound.State.CLOSED:
        return _("The questions are closed. Nothing was stored.")
    if question_round.state != QuestionRound.State.OPEN:
        return _("The questions have not opened yet.")
    return ""


def act(*, actions: list[PhoneAction], now: datetime | None = None) -> list[ActionResult]:
    """Check and store what phones did, in a fixed number of queries however many: the
    rounds, the questions named, the askers' recent questions and resends, then one
    statement for each kind of change. Upvoting twice, or taking back an upvote that is
    not there, changes nothing; a question resent with its client id is stored once."""
    now = now or timezone.now()
    round_ids = {action.round_id for action in actions}
    rounds = QuestionRound.objects.select_related("seminar").in_bulk(round_ids)
    named = {action.question_id for action in actions if action.question_id is not None}
    questions = RoomQuestion.objects.in_bulk(named) if named else {}
    askers = {action.participant_id for action in actions if action.action == "ask"}
    recent, resent = _askers_history(askers, round_ids, now)

    results: list[ActionResult] = []
    upvotes: dict[tuple[int, int], bool] = {}  # (question, participant): on, the last word
    withdrawn: set[int] = set()
    new_questions: list[RoomQuestion] = []
    changed: set[int] = set()
    for action in actions:
        question_round = rounds.get(action.round_id)
        error = _refusal(question_round, action.seminar_id)
        if action.action == "withdraw" and question_round is not None and error:
            error = "" if question_round.seminar_id == action.seminar_id else error
        if question_round is not None and question_round.seminar_id != action.seminar_id:
            question_round = None  # another seminar's round is no round of this phone's
        if error:
            results.append(ActionResult(question_round, error=error, text=action.text))
            continue
        assert question_round is not None
        if action.action == "ask":
            result = _ask(action, question_round, recent, resent, now)
            if result.asked is not None and result.asked._state.adding:  # not a resend
                new_questions.append(result.asked)
                changed.add(question_round.seminar_id)
            results.append(result)
            continue
        question = questions.get(action.question_id or 0)
        if question is None or question.round_id != question_round.pk:
            results.append(ActionResult(question_round, _("That question is no longer there.")))
            continue
        if action.action == "withdraw":
            if question.participant_id == action.participant_id:
                withdrawn.add(question.pk)
                changed.add(question_round.seminar_id)
            results.append(ActionResult(question_round))
            continue
        if action.action == "upvote" and (
            question.status != RoomQuestion.Status.SHOWN or question.answered_at is not None
        ):
            results.append(ActionResult(question_round, _("That question cannot be upvoted now.")))
            continue
        upvotes[(question.pk, action.participant_id)] = action.action == "upvote"
        changed.add(question_round.seminar_id)
        results.append(ActionResult(question_round))

    _store(new_questions, upvotes, withdrawn)
    for seminar_id in sorted(changed):
        _changed(seminar_id)
    return results


def _askers_history(
    askers: set[int], round_ids: set[int], now: datetime
) -> tuple[dict[tuple[int, int], tuple[int, datetime]], dict[tuple[int, uuid.UUID], RoomQuestion]]:
    """Per (round, asker): how many questions in the last minute and the oldest of them;
    and the questions they have already sent, by client id. Two queries."""
    if not askers:
        return {}, {}
    recent = {
        (row["round_id"], row["participant_id"]): (row["count"], row["oldest"])
        for row in RoomQuestion.objects.filter(
            round_id__in=round_ids, participant_id__in=askers, asked_at__gt=now - FLOOD_WINDOW
        )
        .values("round_id", "participant_id")
        .annotate(count=Count("pk"), oldest=Min("asked_at"))
    }
    resent = {
        (question.participant_id, question.client_id): question
        for question in RoomQuestion.objects.filter(
            round_id__in=round_ids, participant_id__in=askers
        )
    }
    return recent, resent


def _ask(
    action: PhoneAction,
    question_round: QuestionRound,
    recent: dict[tuple[int, int], tuple[int, datetime]],
    resent: dict[tuple[int, uuid.UUID], RoomQuestion],
    now: datetime,
) -> ActionResult:
    client_id = action.client_id or uuid.uuid4()
    stored = resent.get((action.participant_id, client_id))
    if stored is not None:
        return ActionResult(question_round, asked=stored)
    try:
        text = _asked_text(action.text)
    except QuestionRefused as refused:
        return ActionResult(question_round, str(refused), text=action.text)
    key = (question_round.pk, action.participant_id)
    count, oldest = recent.get(key, (0, now))
    if count >= QUESTIONS_PER_MINUTE:
        return ActionResult(question_round, _flood_error(oldest, now), text=action.text)
    recent[key] = (count + 1, min(oldest, now))
    question = RoomQuestion(
        round=question_round,
        participant_id=action.participant_id,
        text=text,
        status=RoomQuestion.Status.WAITING if question_round.held else RoomQuestion.Status.SHOWN,
        asked_at=now,
        client_id=client_id,
    )
    resent[(action.participant_id, client_id)] = question
    return ActionResult(question_round, asked=question)


def _store(
    new_questions: list[RoomQuestion],
    upvotes: dict[tuple[int, int], bool],
    withdrawn: Iterable[int],
) -> None:
    if new_questions:
        # No ignore_conflicts: a resend was found above, and ids are wanted back.
        RoomQuestion.objects.bulk_create(new_questions)
    given = [Upvote(question_id=q, participant_id=p) for (q, p), on in upvotes.items() if on]
    if given:
        Upvote.objects.bulk_create(given, ignore_conflicts=True)
    taken_back = [Q(question_id=q, participant_id=p) for (q, p), on in upvotes.items() if not on]
    if taken_back:
        Upvote.objects.filter(reduce(or_, taken_back)).delete()
    withdrawn = list(withdrawn)
    if withdrawn:
        # Its words are the asker's: gone, as the upvotes on it; the row stays so that
        # withdrawing and asking again is still counted against flooding.
        Upvote.objects.filter(question_id__in=withdrawn).delete()
        RoomQuestion.objects.filter(pk__in=withdrawn).update(
            text="", status=RoomQuestion.Status.WITHDRAWN, answered_at=None
        )
        QuestionRound.objects.filter(answering_id__in=withdrawn).update(answering=None)
