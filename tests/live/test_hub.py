import asyncio

import pytest
from asgiref.testing import ApplicationCommunicator

from config.asgi import application
from live.audiences import PROJECTOR
from live.hub import RELAY_RUN_BYTES, Hub, call_in_hub, results_interval


async def test_a_started_server_process_coalesces_votes_before_any_socket_connects():
    server = ApplicationCommunicator(application, {"type": "lifespan"})

    await server.send_input({"type": "lifespan.startup"})
    started = await server.receive_output(timeout=1)
    reached = []
    accepted = call_in_hub(lambda hub: reached.append(hub))
    await server.send_input({"type": "lifespan.shutdown"})
    stopped = await server.receive_output(timeout=1)

    assert (started, stopped) == (
        {"type": "lifespan.startup.complete"},
        {"type": "lifespan.shutdown.complete"},
    )
    assert accepted is True
    assert len(reached) == 1


def test_results_go_out_every_tenth_of_a_second_unless_their_render_takes_longer():
    """While votes come in, results are published at most every 0.1 s, and never so often
    that rendering them takes more than half the time."""
    assert [results_interval(render) for render in (0.0, 0.01, 0.05, 0.1, 0.4)] == [
        0.1,
        0.1,
        0.1,
        0.2,
        0.8,
    ]


def test_the_interval_counts_the_renders_of_every_seminar_that_published_in_the_last_second():
    hub = Hub()
    hub.results_render_seconds = {1: 0.01, 2: 0.02, 3: 0.5}
    hub.results_published_at = {1: 100.2, 2: 100.9, 3: 98.0}  # 3 went quiet two seconds ago

    assert hub.results_render_load(101.0) == pytest.approx(0.03)
    assert results_interval(hub.results_render_load(101.0)) == 0.1
    hub.results_render_seconds[1] = 0.2
    assert results_interval(hub.results_render_load(101.0)) == pytest.approx(0.44)
    assert hub.results_render_load(102.0) == 0.0


@pytest.mark.django_db
def test_the_results_count_goes_on_upward_when_the_cache_lost_it():
    """A screen keeps the highest results version it has shown: after Redis restarts the
    count must not start again below it."""
    from django.core.cache import cache

    from live.results import count_vote
    from live.screens import results_version

    for _vote in range(3):
        count_vote(7)
    before = results_version(7)
    cache.clear()  # as a restarted Redis

    assert results_version(7) > before


@pytest.mark.django_db(transaction=True)
async def test_in_a_burst_the_projector_follows_each_update_and_the_console_once_a_second():
    """The console's panel of a hall's questions is the largest render of all: while
    upvotes pour in it goes out at most once a second, and the update that left it out is
    followed by one that has it, so the panel ends exact. In a burst, an update with the
    slow parts sends the projector's counts first."""
    import asyncio

    from channels.db import database_sync_to_async
    from channels.layers import get_channel_layer

    from live.activities import ask_the_room
    from live.audiences import CONSOLE, PROJECTOR, seminar_group
    from tests.factories import make_seminar

    def a_round_on_screen() -> int:
        seminar = make_seminar()
        ask_the_room(seminar_id=seminar.pk, title="Spørsmål til ordføreren")
        return seminar.pk

    seminar_id = await database_sync_to_async(a_round_on_screen)()
    layer = get_channel_layer()
    listener = await layer.new_channel()
    await layer.group_add(seminar_group(seminar_id), listener)
    hub = Hub()

    await hub._publish_results(seminar_id)  # the first of a burst: everything
    first = await layer.receive(listener)
    await hub._publish_results(seminar_id)  # the next, a tenth of a second later
    second = await layer.receive(listener)
    later_counts = await asyncio.wait_for(layer.receive(listener), timeout=3)  # the panel
    later = await layer.receive(listener)  # follows, after the counts

    everything = sorted([CONSOLE, "phone:en", "phone:nb", "phone:nn", PROJECTOR])
    messages = (first, second, later_counts, later)
    assert [sorted(message["screens"]) for message in messages] == [
        everything,
        [PROJECTOR],  # the phones' shared list of questions follows once a second too
        [PROJECTOR],  # in a burst the room's counts do not wait for the slow parts
        everything,
    ]
    assert [message.get("console_left_out") for message in messages] == [
        None,
        True,
        True,
        None,
    ]


class Recorder:
    """A socket that notes what it is sent; `held` until let go, as a phone on a slow
    network holds up whoever writes to it."""

    def __init__(self, *, held: bool = False, begun: asyncio.Event | None = None) -> None:
        self.got: list[str] = []
        self.begun = begun or asyncio.Event()  # set when a write to it begins
        self.go = asyncio.Event()
        if not held:
            self.go.set()

    async def send(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        self.got.append(text_data or "")

    async def relay(self, event: dict[str, str]) -> None:
        self.begun.set()
        await self.go.wait()
        self.got.append(event["text"])


async def test_a_halls_large_screen_does_not_hold_up_the_projector_and_the_newest_follows_it():
    hub = Hub()
    first_write_begun = asyncio.Event()
    phones = [Recorder(held=True, begun=first_write_begun) for _ in range(3)]
    projector = Recorder()
    hub.sockets[5]["phone:nb"].update(phones)
    hub.sockets[5][PROJECTOR].add(projector)
    hall_list = "x" * RELAY_RUN_BYTES  # to three phones: more than one run of the loop

    async with asyncio.timeout(5):  # would never end if the projector waited for them
        for number in (1, 2, 3):
            await hub.deliver(
                {
                    "type": "live.screens",
                    "seminar": 5,
                    "revision": 1,
                    "results_version": number,
                    "screens": {PROJECTOR: f"counts {number}", "phone:nb": f"{hall_list}{number}"},
                }
            )
            await first_write_begun.wait()  # the task writing the lists is under way

    # Each update's counts are on the projector while the first list is still being
    # written to the phones; the second list, not begun, gave way to the third.
    assert projector.got == ["counts 1", "counts 2", "counts 3"]
    for phone in phones:
        phone.go.set()
    await asyncio.gather(*hub.tasks)
    assert [[text[-1] for text in phone.got] for phone in phones] == [["1", "3"]] * 3
    assert hub.writing == {}
