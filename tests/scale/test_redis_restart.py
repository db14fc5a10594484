"""Redis restarts in the middle of a session: the server's live subscription comes back
on its own and the phones get the current screen, without a reload."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from websockets.asyncio.client import connect

from tests.scale.test_two_processes import Browser, until, ws
from tests.servers import base_env, free_port, prepare, running_server

pytestmark = pytest.mark.slow


class RedisServer:
    """A redis-server of this test's own on a free port, which the test may kill."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server must be installed in CI")
        pytest.skip("needs redis-server")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process is not None and server.process.poll() is None:
        server.kill()


async def test_live_screens_come_back_after_redis_restarts(redis_server: RedisServer, tmp_path):
    env = base_env(tmp_path / "var")
    env["REDIS_URL"] = f"redis://127.0.0.1:{redis_server.port}/0"
    demo = prepare(env)
    code, slug = demo["seminar"]["join_code"], demo["seminar"]["slug"]
    with running_server(env) as served:
        base = served.base_url
        console, phone = Browser(), Browser()
        await asyncio.to_thread(console.get, base + "/login/")
        await asyncio.to_thread(
            console.post,
            base + "/login/",
            {
                "username": demo["facilitator"]["username"],
                "password": demo["facilitator"]["password"],
            },
        )
        await asyncio.to_thread(phone.get, f"{base}/j/{code}/")
        await asyncio.to_thread(phone.post, f"{base}/j/{code}/", {"side": "elected"})
        socket = await connect(
            ws(base, f"/ws/live/phone/{code}/"),
            additional_headers={"Cookie": phone.cookie_header(), "Origin": base},
        )
        try:
            await until(socket, r'class="phone-slide__title">Sel kommune<')

            redis_server.kill()
            redis_server.start()  # empty, as after a crash
            await asyncio.to_thread(console.post, f"{base}/seminars/{slug}/console/next/")

            # The same socket, no reload: the server resubscribes and resends the screen.
            shown = await until(socket, r'class="phone-slide__title">Dagens temaer<')
        finally:
            await socket.close()
    assert 'id="phone-screen"' in shown
