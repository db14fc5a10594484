"""Full garbage collections when the room is quiet, not in the middle of a vote.

A thousand phones connected are a few million objects that CPython's cyclic collector
walks in a full collection, and a full collection holds the whole process: 30-160 ms on
the 2-core machine of BENCHMARKS.md. CPython starts one by itself once enough objects have
survived the younger generations, which in a hall is while it votes: a burst's projector
update came a full collection late, and one pause in a 5-second burst was its p99 (issue
19). So the server process turns the automatic full collections off and runs them here
instead: after a second without votes or screens, at most every ten seconds, and at
least once a minute whatever the room does. The young generations stay automatic (a few
milliseconds each).
"""

from __future__ import annotations

import asyncio
import gc
from typing import Protocol

QUIET_SECONDS = 1.0
LEAST_BETWEEN_SECONDS = 10.0
LONGEST_WITHOUT_SECONDS = 60.0
CHECK_SECONDS = 0.5
# A third threshold no count reaches: CPython then never starts a full collection itself.
NO_AUTOMATIC_FULL_COLLECTION = 2**30


class Activity(Protocol):
    busy_at: float  # the loop time of the latest vote or screen (live.hub.Hub)


def hold_full_collections() -> tuple[int, int, int]:
    """Turn CPython's own full collections off; the thresholds as they were, to restore."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], NO_AUTOMATIC_FULL_COLLECTION)
    return before


async def collect_when_quiet(
    activity: Activity,
    *,
    quiet: float = QUIET_SECONDS,
    least_between: float = LEAST_BETWEEN_SECONDS,
    longest_without: float = LONGEST_WITHOUT_SECONDS,
    check_every: float = CHECK_SECONDS,
) -> None:
    """Run full collections in this loop's thread for as long as the loop runs."""
    loop = asyncio.get_running_loop()
    collected_at = loop.time()
    while True:
        await asyncio.sleep(check_every)
        now = loop.time()
        since = now - collected_at
        if since >= longest_without or (since >= least_between and now - activity.busy_at >= quiet):
            gc.collect()
            collected_at = loop.time()
