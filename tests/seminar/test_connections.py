"""The phone's paths run in a few long-lived worker threads, which keep their connections
(seminar/connections.py); a request's own thread is kept too (tests/test_asgi_handler.py)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator

import pytest
from asgiref.sync import sync_to_async
from django.db import connection, connections

from seminar.connections import in_database_worker
from seminar.models import Seminar
from tests.factories import make_seminar


@pytest.fixture
async def one_worker(settings) -> AsyncIterator[None]:
    settings.DATABASE_WORKER_THREADS = 1
    yield
    # The worker's connection must not outlive the test database (PostgreSQL would refuse
    # to drop it); with one worker, this runs in that thread.
    await in_database_worker(connections.close_all)()


def where_and_what(slug: str) -> tuple[str, int, list[str]]:
    names = list(Seminar.objects.filter(slug=slug).values_list("municipality", flat=True))
    return threading.current_thread().name, id(connection.connection), names


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("one_worker", "close_database_connections")
async def test_a_worker_keeps_its_thread_and_connection_and_sees_what_was_committed():
    seminar = await sync_to_async(make_seminar)()

    first = await in_database_worker(where_and_what)(seminar.slug)
    second = await in_database_worker(where_and_what)(seminar.slug)

    assert first[0].startswith("plenum-db") and first[0] == second[0]
    if connection.vendor == "sqlite":  # PostgreSQL's pool lends one for each call
        assert first[1] == second[1]  # the same connection, still open
    assert first[2] == second[2] == [seminar.municipality]
