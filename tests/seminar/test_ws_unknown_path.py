"""A websocket to a path nobody serves is turned away quietly, not with a 500 and a traceback."""

import logging

import pytest

from tests.sockets import connected

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_database_connections"),
]


@pytest.mark.parametrize(
    "path",
    [
        "/ws/nothing/",
        "/ws/live/console/",
        "/ws/live/speaker/some-key/",
        "/ws/live/phone/bad key/",
        "/not-a-socket-path",
    ],
)
async def test_a_socket_to_an_unknown_path_is_refused_without_an_error_logged(
    path: str, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)

    async with connected(path) as refused:
        # Closed before it was accepted: the server answers the handshake with 403.
        assert refused == 1000

    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == []
    assert [record for record in caplog.records if record.exc_info] == []


async def test_the_known_paths_still_reach_the_live_consumer():
    # A phone that has not joined is turned away by the consumer itself (4403), not by the
    # catch-all: the real routes come first.
    async with connected("/ws/live/phone/ABCDEF/") as refused:
        assert refused == 4403
