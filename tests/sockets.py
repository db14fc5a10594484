"""Websockets for consumer tests, through the whole ASGI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from channels.testing import WebsocketCommunicator

from config.asgi import application

CONNECT_SECONDS = 10


@asynccontextmanager
async def connected(
    path: str, cookies: dict[str, str] | None = None
) -> AsyncIterator[WebsocketCommunicator]:
    """A websocket that is always closed again, whatever the test does."""
    cookie = "; ".join(f"{name}={value}" for name, value in (cookies or {}).items())
    communicator = WebsocketCommunicator(
        application,
        path,
        headers=[
            (b"origin", b"http://testserver"),
            (b"host", b"testserver"),
            (b"cookie", cookie.encode()),
        ],
    )
    # Behaviour, not speed (that is make bench): Channels' default of 1 s failed a
    # connect on a busy machine, one of 200 in a test.
    accepted, code = await communicator.connect(timeout=CONNECT_SECONDS)
    try:
        yield communicator if accepted else code
    finally:
        await communicator.disconnect()
