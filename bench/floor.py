"""The floor: the least a websocket broadcast server can do, built on `websockets`.

Phones connect to any path and are kept in a set; each gets the latest payload on
connect (as Plenum sends the current screen). A control connection on /control sends
payloads, and each one goes to every phone with ``websockets.broadcast`` (which writes
to each socket without awaiting); the control connection then gets "ok" back. No
compression, no application logic, no database.

It runs in its own process, on uvloop like uvicorn serves Plenum:
``python -m bench.floor --port PORT [--max-seconds N]``. It stops on SIGTERM or SIGINT,
and on its own after --max-seconds, so it never outlives a benchmark for long.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from pathlib import Path

from websockets.asyncio.server import ServerConnection, broadcast, serve

from bench.common import HOST, ServerProcess, raise_nofile_limit

CONTROL_PATH = "/control"
ACK = "ok"


async def serve_floor(port: int, max_seconds: float) -> None:
    phones: set[ServerConnection] = set()
    latest: list[str | bytes] = []  # the last payload, for phones that connect later

    async def handler(connection: ServerConnection) -> None:
        if connection.request is not None and connection.request.path == CONTROL_PATH:
            async for payload in connection:
                latest[:] = [payload]
                broadcast(phones, payload)
                await connection.send(ACK)  # written to every phone's transport by now
            return
        phones.add(connection)
        try:
            if latest:
                await connection.send(latest[0])
            await connection.wait_closed()
        finally:
            phones.discard(connection)

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with serve(handler, HOST, port, compression=None, max_size=None, backlog=2048):
        # Bounded: a floor server left behind by a crashed driver ends by itself.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), max_seconds)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--max-seconds", type=float, default=900)
    args = parser.parse_args(argv)
    raise_nofile_limit()
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it
        asyncio.run(serve_floor(args.port, args.max_seconds))
    else:
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(serve_floor(args.port, args.max_seconds))


class FloorServer(ServerProcess):
    """The floor server in its own process for the span of a ``with`` block."""

    def __init__(
        self, *, port: int, log_path: Path, env: dict[str, str], max_seconds: float = 900
    ) -> None:
        super().__init__(
            "floor server",
            [
                sys.executable,
                "-m",
                "bench.floor",
                "--port",
                str(port),
                "--max-seconds",
                str(max_seconds),
            ],
            port=port,
            env=env,
            log_path=log_path,
        )

    @property
    def phone_uri(self) -> str:
        return f"ws://{HOST}:{self.port}/phone"

    @property
    def control_uri(self) -> str:
        return f"ws://{HOST}:{self.port}{CONTROL_PATH}"


if __name__ == "__main__":
    main()
