import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator

import pytest
from asgiref.testing import ApplicationCommunicator

from config.asgi import application
from live.collector import NO_AUTOMATIC_FULL_COLLECTION, collect_when_quiet, hold_full_collections
from live.hub import Hub


class FullCollections:
    """The loop times at which full collections ended, as they end."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.ended_at: list[float] = []
        self.one_ended = asyncio.Event()

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            self.ended_at.append(self.loop.time())
            self.loop.call_soon_threadsafe(self.one_ended.set)


@pytest.fixture
async def full_collections() -> AsyncIterator[FullCollections]:
    watch = FullCollections(asyncio.get_running_loop())
    thresholds = hold_full_collections()  # only collect_when_quiet starts them here
    gc.callbacks.append(watch)
    yield watch
    gc.callbacks.remove(watch)
    gc.set_threshold(*thresholds)


async def test_a_started_server_runs_full_collections_itself_and_gives_them_back_on_shutdown():
    before = gc.get_threshold()
    server = ApplicationCommunicator(application, {"type": "lifespan"})

    await server.send_input({"type": "lifespan.startup"})
    await server.receive_output(timeout=1)
    while_serving = gc.get_threshold()
    await server.send_input({"type": "lifespan.shutdown"})
    await server.receive_output(timeout=1)

    assert while_serving == (before[0], before[1], NO_AUTOMATIC_FULL_COLLECTION)
    assert gc.get_threshold() == before


@contextlib.asynccontextmanager
async def collecting(hub: Hub, **timing: float):
    task = asyncio.create_task(collect_when_quiet(hub, **timing))
    try:
        yield
    finally:
        task.cancel()


async def test_a_full_collection_waits_until_the_room_has_been_quiet(full_collections):
    loop = asyncio.get_running_loop()
    hub = Hub()
    hub.busy_at = loop.time()
    # Quiet means half a second: a test machine busy elsewhere can hold this loop for a
    # fifth of one between two votes (it did, on PostgreSQL in a full run).
    timing = {"quiet": 0.5, "least_between": 0.0, "longest_without": 30.0, "check_every": 0.02}

    async with collecting(hub, **timing):
        for _vote in range(40):  # a vote every 20 ms for 0.8 s: never quiet for 0.5 s
            with contextlib.suppress(TimeoutError):  # a collection now would end it early
                await asyncio.wait_for(full_collections.one_ended.wait(), timeout=0.02)
            hub.busy_at = loop.time()
        collected_while_busy = list(full_collections.ended_at)
        last_vote = hub.busy_at
        await asyncio.wait_for(full_collections.one_ended.wait(), timeout=5)

    assert collected_while_busy == []
    assert full_collections.ended_at[0] - last_vote >= 0.5


async def test_a_room_that_is_never_quiet_is_still_collected_at_the_longest_wait(
    full_collections,
):
    loop = asyncio.get_running_loop()
    started = loop.time()
    hub = Hub()
    hub.busy_at = started
    timing = {"quiet": 10.0, "least_between": 0.0, "longest_without": 0.3, "check_every": 0.02}

    async with collecting(hub, **timing):
        while not full_collections.one_ended.is_set():
            hub.busy_at = loop.time()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(full_collections.one_ended.wait(), timeout=0.02)

    assert full_collections.ended_at[0] - started >= 0.3
    assert full_collections.ended_at[0] - hub.busy_at < 10.0
