"""What phones send is written in batches: at once after a quiet moment, and while a
hall keeps sending, in batches spaced apart so that each gathers what came meanwhile."""

import asyncio
import threading
import time

from live.batching import BATCH_SPACING_SECONDS, Batcher


async def test_a_quiet_rooms_message_is_written_at_once_and_a_busy_rooms_together_later():
    loop = asyncio.get_running_loop()
    writing_first = asyncio.Event()
    let_first_finish = threading.Event()
    written: list[tuple[float, list[str]]] = []

    def write(items: list[str]) -> list[str | BaseException]:
        written.append((time.monotonic(), items))
        if items == ["first"]:
            loop.call_soon_threadsafe(writing_first.set)
            let_first_finish.wait(timeout=5)
        return [item.upper() for item in items]

    batcher: Batcher[str, str] = Batcher(write)
    sent_at = time.monotonic()
    first = asyncio.ensure_future(batcher.submit("first"))
    await writing_first.wait()
    # Both start before the first batch's end can reach the loop: the loop runs what is
    # ready in the order it was scheduled, and that end is scheduled from the worker
    # thread only once it is let finish.
    meanwhile = [asyncio.ensure_future(batcher.submit(item)) for item in ("second", "third")]
    let_first_finish.set()

    assert await asyncio.gather(first, *meanwhile) == ["FIRST", "SECOND", "THIRD"]
    # The first did not wait for company; the two that came while it was written went
    # together, in a batch that started no sooner than the spacing after the first.
    assert [items for _at, items in written] == [["first"], ["second", "third"]]
    assert written[1][0] - sent_at >= BATCH_SPACING_SECONDS
