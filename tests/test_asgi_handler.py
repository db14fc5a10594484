"""Requests borrow their thread from a pool: no thread is started (and joined) per request."""

from __future__ import annotations

import threading

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.core.signals import request_started
from django.db import connection

from config.handlers import PlenumASGIHandler, RequestThreads
from tests.factories import make_seminar


async def get(application: PlenumASGIHandler, path: str) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(timeout=5)
    body = await communicator.receive_output(timeout=5)
    await communicator.wait(timeout=5)
    return start["status"], body["body"]


@pytest.mark.asyncio
async def test_one_request_after_another_runs_on_the_same_thread():
    threads: list[threading.Thread] = []

    def record(**kwargs: object) -> None:
        threads.append(threading.current_thread())

    request_started.connect(record)
    try:
        application = PlenumASGIHandler()
        first = await get(application, "/clock/")
        second = await get(application, "/clock/")
    finally:
        request_started.disconnect(record)

    assert (first[0], second[0]) == (200, 200)
    assert b'"now"' in second[1]
    assert len(threads) == 2
    assert threads[0] is threads[1]
    assert threads[0].name.startswith("plenum-request")
    assert application.request_threads.idle == 1


def test_threads_past_the_idle_limit_end_when_given_back():
    threads = RequestThreads(idle_limit=1)
    first, second = threads.borrow(), threads.borrow()
    assert first is not second

    threads.give_back(first)
    threads.give_back(second)

    assert threads.idle == 1
    assert threads.borrow() is first
    assert first.submit(lambda: 2).result(timeout=5) == 2
    with pytest.raises(RuntimeError, match="shutdown"):
        second.submit(lambda: 2)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL connections come from a pool")
@pytest.mark.django_db(transaction=True)
async def test_a_request_closes_its_connection_though_its_thread_stays():
    """A pooled thread kept its SQLite connection, and its page cache, from one request to
    the next: the server's memory grew through a day (make soak)."""
    seminar = await sync_to_async(make_seminar)()
    threads: list[threading.Thread] = []

    def record(**kwargs: object) -> None:
        threads.append(threading.current_thread())

    application = PlenumASGIHandler()
    request_started.connect(record)
    try:
        first = await get(application, f"/j/{seminar.join_code}/")
        second = await get(application, f"/j/{seminar.join_code}/")
        executor = application.request_threads.borrow()
        left_open = executor.submit(lambda: connection.connection is not None).result(timeout=5)
        executor.shutdown()
    finally:
        request_started.disconnect(record)

    assert (first[0], second[0]) == (200, 200)
    assert "Folkevalgtprogram" in second[1].decode()
    assert threads[0] is threads[1]
    assert left_open is False
