from asgiref.testing import ApplicationCommunicator

from config.asgi import application
from live.hub import call_in_hub


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
