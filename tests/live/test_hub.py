from asgiref.testing import ApplicationCommunicator

from config.asgi import application
from live.hub import call_in_hub, results_interval


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
    that rendering them takes more than a quarter of the time."""
    assert [results_interval(render) for render in (0.0, 0.01, 0.025, 0.05, 0.2)] == [
        0.1,
        0.1,
        0.1,
        0.2,
        0.8,
    ]
