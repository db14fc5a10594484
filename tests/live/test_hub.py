import pytest
from asgiref.testing import ApplicationCommunicator

from config.asgi import application
from live.hub import Hub, call_in_hub, results_interval


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
