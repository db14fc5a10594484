"""Work in batches: one database transaction for everything that arrives meanwhile.

A hall voting (or upvoting) at once sends hundreds of messages a second. Each waits here
while the batch before it is written; then all that have gathered are written together,
in one of the database workers, and each sender gets its own outcome once it is stored.
A quiet room gets batches of one: no waiting.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
import weakref
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from django.db import transaction

from seminar.connections import in_database_worker

logger = logging.getLogger(__name__)

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")


def in_one_transaction(
    process: Callable[[list[Item]], Sequence[Outcome]], what: str
) -> Callable[[list[Item]], list[Outcome | BaseException]]:
    """`process` for a whole batch in one transaction; if that fails, each item alone, so
    one that fails does not fail the others."""

    def run(items: list[Item]) -> list[Outcome | BaseException]:
        try:
            with transaction.atomic():
                return list(process(items))
        except Exception as error:
            if len(items) == 1:
                return [error]  # handed to that item's sender, raised there
            logger.exception("A batch of %s %s failed; writing them one by one", len(items), what)
        outcomes: list[Outcome | BaseException] = []
        for item in items:
            try:
                with transaction.atomic():
                    outcomes.extend(process([item]))
            except Exception as error:
                outcomes.append(error)
        return outcomes

    return run


# While a hall keeps sending, a batch starts at most this long after the one before it:
# what arrives meanwhile waits for it. Writing each batch the moment the last one is
# stored made 2,200 batches of two upvotes in 10 s (make bench "questions"), each paying
# its transaction and queries whole, and the database worker held the interpreter for
# nearly all of it. A message after a quiet moment is written at once.
BATCH_SPACING_SECONDS = 0.025


class Batcher(Generic[Item, Outcome]):
    def __init__(self, write: Callable[[list[Item]], list[Outcome | BaseException]]) -> None:
        self.write = write
        self.waiting: list[tuple[Item, asyncio.Future[Outcome], contextvars.Context]] = []
        self.writing = False
        self.started_at = -math.inf  # the loop time the last batch started

    async def submit(self, item: Item) -> Outcome:
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self.waiting.append((item, future, contextvars.copy_context()))
        if not self.writing:
            self._start_writer()
        return await future

    def _start_writer(self) -> None:
        # The writer runs in the context of a request that is still waiting for its
        # answer; its database work goes to the long-lived database workers.
        self.writing = True
        loop = asyncio.get_running_loop()
        delay = self.started_at + BATCH_SPACING_SECONDS - loop.time()
        if delay > 0:
            loop.call_later(delay, self._start_writer_now)
        else:
            self._start_writer_now()

    def _start_writer_now(self) -> None:
        context = self.waiting[0][2]
        asyncio.get_running_loop().create_task(self._write_one_batch(), context=context)

    async def _write_one_batch(self) -> None:
        self.started_at = asyncio.get_running_loop().time()
        batch, self.waiting = self.waiting, []
        try:
            outcomes = await in_database_worker(self.write)([item[0] for item in batch])
        except Exception as error:  # the whole transaction failed: every sender says so
            outcomes = [error] * len(batch)
        for (_item, future, _context), outcome in zip(batch, outcomes, strict=True):
            if future.done():
                continue
            if isinstance(outcome, BaseException):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
        self.writing = False
        if self.waiting:  # what arrived meanwhile is the next batch
            self._start_writer()


class PerLoop(Generic[Item, Outcome]):
    """One batcher per event loop (a server has one; tests start several)."""

    def __init__(self, write: Callable[[list[Item]], list[Outcome | BaseException]]) -> None:
        self.write = write
        self.batchers: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, Batcher[Item, Outcome]
        ] = weakref.WeakKeyDictionary()

    def __call__(self) -> Batcher[Item, Outcome]:
        loop = asyncio.get_running_loop()
        batcher = self.batchers.get(loop)
        if batcher is None:
            batcher = self.batchers[loop] = Batcher(self.write)
        return batcher
