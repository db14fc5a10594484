"""Two uvicorn processes sharing PostgreSQL and Redis, as behind a load balancer with no
sticky sessions: whatever reaches one process reaches the screens on the other."""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import os
import re
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
import redis
from websockets.asyncio.client import ClientConnection, connect

from tests.servers import base_env, prepare, running_server

pytestmark = pytest.mark.slow

POSTGRES = "postgres://postgres@127.0.0.1:5432/"
DATABASE = "plenum_two_processes"
REDIS_URL = "redis://127.0.0.1:6379/2"


def _services_or_skip() -> None:
    try:
        with psycopg.connect(POSTGRES + "postgres", autocommit=True, connect_timeout=3) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {DATABASE}")
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).flushdb()
    except (psycopg.OperationalError, redis.exceptions.ConnectionError) as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL and Redis must run on 127.0.0.1 in CI: {error}")
        pytest.skip(f"needs PostgreSQL and Redis on 127.0.0.1: {error}")


@dataclass(frozen=True)
class Cluster:
    a: str
    b: str
    demo: dict[str, Any]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    _services_or_skip()
    env = base_env(tmp_path_factory.mktemp("cluster"))  # one secret key for both processes
    env["DATABASE_URL"] = POSTGRES + DATABASE
    env["REDIS_URL"] = REDIS_URL
    demo = prepare(env)
    with running_server(env) as a, running_server(env) as b:
        yield Cluster(a=a.base_url, b=b.base_url, demo=demo)
    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


class Browser:
    """One person's cookies, whichever process serves the request."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), urllib.request.ProxyHandler({})
        )

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == name) or ""

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=10) as response:
            return str(response.read().decode())

    def post(self, url: str, data: dict[str, str | list[str]] | None = None) -> str:
        fields = {"csrfmiddlewaretoken": self.cookie("csrftoken"), **(data or {})}
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        request = urllib.request.Request(
            url, data=body, headers={"HX-Request": "true", "X-CSRFToken": self.cookie("csrftoken")}
        )
        with self.opener.open(request, timeout=10) as response:
            return str(response.read().decode())


def database_ids(query: str, *params: object) -> list[int]:
    with psycopg.connect(POSTGRES + DATABASE) as database:
        return [row[0] for row in database.execute(query, params).fetchall()]


async def until(socket: ClientConnection, pattern: str) -> str:
    """The first message from this socket that matches, within five seconds."""

    async def read() -> str:
        while True:
            message = str(await socket.recv())
            if re.search(pattern, message, re.DOTALL):
                return message

    return await asyncio.wait_for(read(), timeout=5)


def ws(base: str, path: str) -> str:
    return base.replace("http://", "ws://") + path


async def test_what_reaches_one_process_reaches_the_screens_on_the_other(cluster: Cluster):
    demo = cluster.demo
    code, slug = demo["seminar"]["join_code"], demo["seminar"]["slug"]
    console = Browser()
    await asyncio.to_thread(console.get, cluster.a + "/login/")
    await asyncio.to_thread(
        console.post,
        cluster.a + "/login/",
        {"username": demo["facilitator"]["username"], "password": demo["facilitator"]["password"]},
    )
    phones = [Browser() for _ in range(6)]
    for phone in phones:
        await asyncio.to_thread(phone.get, f"{cluster.b}/j/{code}/")
        await asyncio.to_thread(phone.post, f"{cluster.b}/j/{code}/", {"side": "elected"})
    phone_sockets = [
        await connect(
            ws(base, f"/ws/live/phone/{code}/"),
            additional_headers={"Cookie": phone.cookie_header(), "Origin": base},
        )
        for base, phone in zip([cluster.a, cluster.b] * 3, phones, strict=True)
    ]
    token = demo["urls"]["projector"].split("/")[2]
    projectors = [
        await connect(ws(base, f"/ws/live/projector/{token}/"), additional_headers={"Origin": base})
        for base in (cluster.a, cluster.b)
    ]
    console_socket = await connect(
        ws(cluster.a, f"/ws/live/console/{slug}/"),
        additional_headers={"Cookie": console.cookie_header(), "Origin": cluster.a},
    )
    try:
        for socket in [*phone_sockets, *projectors]:
            await until(socket, "screen")
        # The console on A counts the phones connected to either process.
        await until(console_socket, r'id="console-connected"[^>]*>6 telefoner tilkoblet<')

        await asyncio.to_thread(console.post, f"{cluster.a}/seminars/{slug}/console/next/")
        for socket in phone_sockets:
            await until(socket, r'class="phone-slide__title">Dagens temaer<')

        [poll_id] = database_ids("SELECT id FROM polls_poll WHERE series_part = 'Del 1'")
        await asyncio.to_thread(console.post, f"{cluster.a}/seminars/{slug}/polls/{poll_id}/open/")
        for socket in phone_sockets:
            await until(socket, r"Rødt eller grønt lys\? · Del 1")

        green, _yellow, red = database_ids(
            'SELECT id FROM polls_choice WHERE poll_id = %s ORDER BY "order"', poll_id
        )
        for number, (phone, socket) in enumerate(zip(phones, phone_sockets, strict=True)):
            choice = green if number < 2 else red
            if number < 3:  # over its socket, on A or B as it connected
                vote = {"type": "vote", "poll": poll_id, "choices": [choice], "value": None}
                vote |= {"text": "", "client_id": str(uuid.uuid4())}
                await socket.send(json.dumps(vote))
                await until(socket, r'class="vote__confirmation"')
                continue
            base = cluster.a if number % 2 else cluster.b  # each process stores some votes
            await asyncio.to_thread(
                phone.post, f"{base}/j/{code}/polls/{poll_id}/vote/", {"choice": str(choice)}
            )
        await asyncio.to_thread(
            console.post, f"{cluster.a}/seminars/{slug}/polls/{poll_id}/reveal/"
        )

        for projector in projectors:
            shown = await until(projector, r"6 av 6 har svart.*result-row__count")
            counts = re.findall(r'class="result-row__count">(\d+)<', shown)
            assert counts == ["2", "0", "4"]
    finally:
        for socket in [*phone_sockets, *projectors, console_socket]:
            await socket.close()
