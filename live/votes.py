"""Votes in batches: one database transaction for every vote that arrives meanwhile.

A hall voting at once sends hundreds of votes a second. Each vote (posted, or sent over
a phone's socket) waits here while the votes before it are written; then all that have
gathered are written in one transaction, in the one thread that talks to the database,
and each phone gets its answer once its vote is stored. A quiet room gets batches of
one: no waiting.
"""

from __future__ import annotations

import asyncio
import contextvars
import uuid
import weakref
from dataclasses import dataclass, field

from asgiref.sync import sync_to_async
from django.db import connections, transaction
from django.template.loader import render_to_string
from django.utils import translation

from polls import services
from polls.models import Poll
from polls.queries import VoteDraft, my_answer
from seminar.models import Participant, Seminar
from seminar.participants import admitted_participant, phone_participant


@dataclass(frozen=True)
class VoteSubmission:
    """A vote as it came from a phone, before anything is looked up.

    Who votes: a POST brings its participant cookie and the join code of its address; a
    socket, the participant it was let in as when it connected (`participant_id`)."""

    poll_id: int
    draft: VoteDraft
    client_id: uuid.UUID | None = None
    join_code: str = ""
    cookie: str | None = None
    participant_id: int | None = None
    seminar_id: int | None = None
    language: str = ""  # the phone's chosen language; "" for the seminar's


@dataclass
class VoteOutcome:
    seminar: Seminar | None = None  # None: no such participant here
    participant: Participant | None = None
    error: str = ""
    context: dict[str, object] = field(default_factory=dict)
    unknown_poll: bool = False  # refused: no such poll in the participant's seminar
    # What the confirmation shows, the same for all who chose the same (None: not shared).
    confirmation_key: tuple[object, ...] | None = None


def _voter(submission: VoteSubmission) -> Participant | None:
    if submission.participant_id is not None and submission.seminar_id is not None:
        return admitted_participant(
            participant_id=submission.participant_id, seminar_id=submission.seminar_id
        )
    return phone_participant(submission.cookie, submission.join_code)


def process_vote(submission: VoteSubmission) -> VoteOutcome:
    """Look up, validate and store one vote; runs inside a batch's transaction."""
    participant = _voter(submission)
    if participant is None:  # the same answer for a real code as for a wrong one
        return VoteOutcome()
    seminar = participant.seminar
    outcome = VoteOutcome(seminar=seminar, participant=participant)
    draft = submission.draft
    # A batch holds votes from phones in different languages: each refusal in its own.
    with translation.override(submission.language or seminar.language):
        try:
            stored = services.cast_vote(
                poll_id=submission.poll_id,
                participant=participant,
                choice_ids=sorted(draft.choice_ids),
                value=draft.value,
                text=draft.text,
                client_id=submission.client_id,
            )
        except services.VoteRefused as refused:
            outcome.error = str(refused)
            poll = Poll.objects.filter(pk=submission.poll_id, seminar=seminar).first()
            if poll is None:
                outcome.unknown_poll = True
                outcome.context = {"poll_id": submission.poll_id}
                return outcome
            mine = my_answer(poll, participant)
            outcome.context = mine.context(poll, list(poll.choices.all())) | {"draft": draft}
        else:
            outcome.context = stored.answer.context(stored.poll, stored.choices)
            outcome.confirmation_key = _confirmation_key(stored, seminar)
    return outcome


def _confirmation_key(stored: services.StoredVote, seminar: Seminar) -> tuple[object, ...] | None:
    """Everything polls/poll.html#vote_form shows after a stored vote. It holds no one's
    own words but an open answer's, so only those are rendered per person. A poll edited
    while open has another key: no cached confirmation outlives what it shows."""
    poll = stored.poll
    if poll.kind == Poll.Kind.OPEN_TEXT:
        return None
    return (
        seminar.join_code,
        poll.pk,
        poll.kind,
        poll.question,
        poll.max_choices,
        poll.scale_min,
        poll.scale_max,
        poll.scale_min_label,
        poll.scale_max_label,
        tuple((choice.pk, choice.label, choice.light) for choice in stored.choices),
        tuple(choice.pk for choice in stored.chosen),
        stored.ballot.value if poll.kind == Poll.Kind.SCALE else None,
    )


CONFIRMATIONS_KEPT = 2000  # a few polls' worth of (choices, language); then start afresh
_confirmations: dict[tuple[object, ...], str] = {}


def vote_answer(outcome: VoteOutcome, *, language: str) -> str:
    """The phone's answer to its vote, by htmx or by its socket: the vote form with what
    is stored, or with what it sent and why it was refused. Its outer element is
    id="vote-<poll>", which htmx swaps by id (the socket's message out of band).

    A confirmation is rendered once per (poll, choices chosen, language) and kept in this
    process: a hall voting at once renders a handful, not one per phone. That is why no
    answer carries a CSRF token ({% csrf_token %} renders nothing without a request): a
    kept one would hand this phone another person's token, and Django reads a form's
    token before the header. htmx sends the page's own token as X-CSRFToken (base.html),
    and a phone without script never gets this fragment: it is answered with the whole
    page, token and all."""
    if outcome.unknown_poll:
        with translation.override(language):
            return render_to_string(
                "polls/poll.html#vote_unknown",
                {"poll_id": outcome.context.get("poll_id"), "vote_error": outcome.error},
            )
    key = None if outcome.confirmation_key is None else (language, *outcome.confirmation_key)
    if key is not None and (kept := _confirmations.get(key)) is not None:
        return kept
    context = outcome.context | {
        "seminar": outcome.seminar,
        "vote_error": outcome.error,
        "vote_response": True,
    }
    with translation.override(language):
        html = render_to_string("polls/poll.html#vote_form", context)
    if key is not None:
        if len(_confirmations) >= CONFIRMATIONS_KEPT:
            _confirmations.clear()
        _confirmations[key] = html
    return html


def process_batch(
    submissions: list[VoteSubmission],
) -> list[VoteOutcome | BaseException]:
    # This thread outlives requests: recycle a connection that has broken or grown old,
    # as Django does between requests (not inside a transaction, as in a test).
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
    outcomes: list[VoteOutcome | BaseException] = []
    with transaction.atomic():
        for submission in submissions:
            try:
                with transaction.atomic():  # one vote's failure leaves the others stored
                    outcomes.append(process_vote(submission))
            except Exception as error:  # handed to that vote's request, raised there
                outcomes.append(error)
    return outcomes


class VoteBatcher:
    def __init__(self) -> None:
        self.waiting: list[
            tuple[VoteSubmission, asyncio.Future[VoteOutcome], contextvars.Context]
        ] = []
        self.writing = False

    async def submit(self, submission: VoteSubmission) -> VoteOutcome:
        future: asyncio.Future[VoteOutcome] = asyncio.get_running_loop().create_future()
        self.waiting.append((submission, future, contextvars.copy_context()))
        if not self.writing:
            self._start_writer()
        return await future

    def _start_writer(self) -> None:
        # The writer runs in the context of a request that is still waiting for its
        # answer, so its database work goes to a worker thread that is still there.
        self.writing = True
        context = self.waiting[0][2]
        asyncio.get_running_loop().create_task(self._write_one_batch(), context=context)

    async def _write_one_batch(self) -> None:
        batch, self.waiting = self.waiting, []
        try:
            outcomes = await sync_to_async(process_batch)([item[0] for item in batch])
        except Exception as error:  # the whole transaction failed: every vote says so
            outcomes = [error] * len(batch)
        for (_submission, future, _context), outcome in zip(batch, outcomes, strict=True):
            if future.done():
                continue
            if isinstance(outcome, BaseException):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
        self.writing = False
        if self.waiting:  # what arrived meanwhile is the next batch
            self._start_writer()


_batchers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, VoteBatcher] = (
    weakref.WeakKeyDictionary()
)


def vote_batcher() -> VoteBatcher:
    loop = asyncio.get_running_loop()
    batcher = _batchers.get(loop)
    if batcher is None:
        batcher = _batchers[loop] = VoteBatcher()
    return batcher
