"""Votes in batches: one database transaction for every vote that arrives meanwhile.

A hall voting at once sends hundreds of votes a second. Each vote request waits here
while the votes before it are written; then all that have gathered are written in one
transaction, in the one thread that talks to the database, and each phone gets its
answer once its vote is stored. A quiet room gets batches of one: no waiting.
"""

from __future__ import annotations

import asyncio
import contextvars
import weakref
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connections, transaction
from django.http import Http404

from polls import services
from polls.models import Poll
from polls.queries import VoteDraft, my_answer
from seminar.models import Participant, Seminar
from seminar.participants import phone_participant


@dataclass(frozen=True)
class VoteSubmission:
    """A vote as it came from a phone, before anything is looked up."""

    join_code: str
    poll_id: int
    cookie: str | None
    draft: VoteDraft
    client_id: Any = None  # uuid.UUID | None


@dataclass
class VoteOutcome:
    seminar: Seminar | None = None
    participant: Participant | None = None
    error: str = ""
    context: dict[str, object] = field(default_factory=dict)


def process_vote(submission: VoteSubmission) -> VoteOutcome:
    """Look up, validate and store one vote; runs inside a batch's transaction."""
    participant = phone_participant(submission.cookie, submission.join_code)
    if participant is None:  # the same answer for a real code as for a wrong one
        return VoteOutcome()
    seminar = participant.seminar
    outcome = VoteOutcome(seminar=seminar, participant=participant)
    draft = submission.draft
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
            raise Http404 from refused
        mine = my_answer(poll, participant)
        outcome.context = mine.context(poll, list(poll.choices.all())) | {"draft": draft}
    else:
        outcome.context = stored.answer.context(stored.poll, stored.choices)
    return outcome


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
