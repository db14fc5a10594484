"""The vote floor: what votes over a websocket cost with no framework at all.

A bare `websockets` server (asyncio): phones connect to /phone?p=<n> and send the same
vote messages as to Plenum; the server writes every vote that arrived meanwhile to SQLite
(WAL, as Plenum's default) in one transaction, in one thread, and only then answers each
phone (a small confirmation) and sends every projector (/projector) the poll's running
count as "N av M har svart". A phone's new vote on the same poll changes its ballot in
place, as in Plenum.

    python -m bench.vote_floor --port 8124 --database /tmp/floor.sqlite3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import ServerConnection, broadcast, serve

from bench.common import HOST, ServerProcess, raise_nofile_limit

CONFIRMATION = '<div id="vote-{poll}" class="vote"><p class="vote__confirmation">{n}</p></div>'
COUNT = "<p>{n} av {m} har svart</p>"
PHONES = 1000  # the M of "N av M": what the projector line says, not a limit


class Ballots:
    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS ballot (poll INTEGER, phone INTEGER, choices TEXT, "
            "client_id TEXT, PRIMARY KEY (poll, phone))"
        )

    def write(self, votes: list[tuple[int, int, str, str]]) -> dict[int, int]:
        """Every vote in one transaction; each poll's ballots after it."""
        self.db.execute("BEGIN IMMEDIATE")
        self.db.executemany("INSERT OR REPLACE INTO ballot VALUES (?, ?, ?, ?)", votes)
        self.db.execute("COMMIT")
        polls = sorted({poll for poll, *_rest in votes})
        marks = ",".join("?" * len(polls))
        counted = self.db.execute(
            f"SELECT poll, count(*) FROM ballot WHERE poll IN ({marks}) GROUP BY poll",  # noqa: S608
            polls,
        )
        return dict(counted.fetchall())


async def serve_votes(port: int, database: Path, max_seconds: float) -> None:
    ballots = Ballots(database)
    projectors: set[ServerConnection] = set()
    waiting: list[tuple[ServerConnection, tuple[int, int, str, str]]] = []
    writing = False

    async def write_batch() -> None:
        nonlocal waiting, writing
        while waiting:
            batch, waiting = waiting, []
            counts = await asyncio.to_thread(ballots.write, [vote for _socket, vote in batch])
            for socket, (poll, _phone, _choices, _client) in batch:
                await socket.send(CONFIRMATION.format(poll=poll, n=counts[poll]))
            for n in counts.values():
                broadcast(projectors, COUNT.format(n=n, m=PHONES))
        writing = False

    async def handler(socket: ServerConnection) -> None:
        nonlocal writing
        target = urlsplit(socket.request.path if socket.request else "/")
        if target.path == "/projector":
            projectors.add(socket)
            try:
                await socket.wait_closed()
            finally:
                projectors.discard(socket)
            return
        phone = int(parse_qs(target.query).get("p", ["0"])[0])
        async for message in socket:
            vote = json.loads(message)
            choices = ",".join(str(int(c)) for c in vote["choices"])
            waiting.append((socket, (int(vote["poll"]), phone, choices, str(vote["client_id"]))))
            if not writing:
                writing = True
                asyncio.get_running_loop().create_task(write_batch())

    async with serve(handler, HOST, port, compression=None, max_size=2**16):
        await asyncio.sleep(max_seconds)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vote_floor", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--max-seconds", type=float, default=900)
    args = parser.parse_args(argv)
    raise_nofile_limit()
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it
        asyncio.run(serve_votes(args.port, args.database, args.max_seconds))
    else:
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(serve_votes(args.port, args.database, args.max_seconds))


class VoteFloorServer(ServerProcess):
    def __init__(self, *, port: int, database: Path, log_path: Path, env: dict[str, str]) -> None:
        super().__init__(
            "vote floor",
            [
                sys.executable,
                "-m",
                "bench.vote_floor",
                "--port",
                str(port),
                "--database",
                str(database),
            ],
            port=port,
            env=env,
            log_path=log_path,
        )

    def phone_uri(self, index: int) -> str:
        return f"ws://{HOST}:{self.port}/phone?p={index}"

    @property
    def projector_uri(self) -> str:
        return f"ws://{HOST}:{self.port}/projector"


if __name__ == "__main__":
    main()
