"""One of two worker processes is killed in the middle of a vote burst. Phones whose vote
got no answer send it again, through the other process (as a load balancer would send
them), with the same client id: every vote is counted exactly once."""

from __future__ import annotations

import asyncio
import re
import signal
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from http.client import HTTPException
from typing import Any
from urllib.error import URLError

import psycopg
import pytest
from websockets.asyncio.client import connect

from tests.scale.test_two_processes import (
    POSTGRES,
    Browser,
    _services_or_skip,
    database_ids,
    until,
    ws,
)
from tests.servers import base_env, prepare, running_server

pytestmark = pytest.mark.slow

DATABASE = "plenum_worker_killed"
REDIS_URL = "redis://127.0.0.1:6379/3"
PHONES = 24


@dataclass
class Pair:
    a: str
    b: str
    b_process: Any
    demo: dict[str, Any]


@pytest.fixture
def pair(tmp_path, monkeypatch) -> Iterator[Pair]:
    monkeypatch.setattr("tests.scale.test_two_processes.DATABASE", DATABASE)
    monkeypatch.setattr("tests.scale.test_two_processes.REDIS_URL", REDIS_URL)
    _services_or_skip()
    env = base_env(tmp_path)
    env["DATABASE_URL"] = POSTGRES + DATABASE
    env["REDIS_URL"] = REDIS_URL
    demo = prepare(env)
    with running_server(env) as a, running_server(env) as b:
        yield Pair(a.base_url, b.base_url, b.process, demo)
    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def vote(phone: Browser, bases: list[str], path: str, choice: int, sent_as: str) -> str:
    """Send a vote; if the process dies on it, send it again to the next one."""
    for base in bases:
        try:
            phone.post(base + path, {"choice": str(choice), "client_id": sent_as})
            return base
        except (URLError, OSError, HTTPException):
            # Refused, reset, or cut off mid-reply (stored, perhaps, but unanswered):
            # the same vote, same client id, to the next process.
            continue
    raise AssertionError("no process answered")


async def test_a_killed_worker_loses_no_vote_and_counts_none_twice(pair: Pair):
    demo = pair.demo
    code, slug = demo["seminar"]["join_code"], demo["seminar"]["slug"]
    console = Browser()
    await asyncio.to_thread(console.get, pair.a + "/login/")
    await asyncio.to_thread(
        console.post,
        pair.a + "/login/",
        {"username": demo["facilitator"]["username"], "password": demo["facilitator"]["password"]},
    )
    phones = [Browser() for _ in range(PHONES)]
    for phone in phones:
        await asyncio.to_thread(phone.get, f"{pair.b}/j/{code}/")
        await asyncio.to_thread(phone.post, f"{pair.b}/j/{code}/", {"side": "elected"})
    [poll_id] = database_ids("SELECT id FROM polls_poll WHERE series_part = 'Del 1'")
    green, _yellow, _red = database_ids(
        'SELECT id FROM polls_choice WHERE poll_id = %s ORDER BY "order"', poll_id
    )
    await asyncio.to_thread(console.post, f"{pair.a}/seminars/{slug}/polls/{poll_id}/open/")
    token = demo["urls"]["projector"].split("/")[2]
    projector = await connect(
        ws(pair.a, f"/ws/live/projector/{token}/"), additional_headers={"Origin": pair.a}
    )
    path = f"/j/{code}/polls/{poll_id}/vote/"
    try:
        await until(projector, "screen")
        with ThreadPoolExecutor(max_workers=8) as pool:
            votes = [
                pool.submit(vote, phone, [pair.b, pair.a], path, green, str(uuid.uuid4()))
                for phone in phones
            ]
            done = iter(as_completed(votes))
            for _ in range(4):  # a few answered by B, the rest in flight or still to go
                next(done)
            pair.b_process.send_signal(signal.SIGKILL)
            served_by = [future.result() for future in votes]
        shown = await until(projector, rf"{PHONES} av {PHONES} har svart")
    finally:
        await projector.close()

    assert {pair.a, pair.b} == set(served_by)  # B took some, then A took over
    assert database_ids("SELECT COUNT(*) FROM polls_ballot WHERE poll_id = %s", poll_id) == [PHONES]
    assert re.search(rf"{PHONES} av {PHONES} har svart", shown)
