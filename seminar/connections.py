"""Database connections under ASGI.

SQLite keeps a connection for a minute (`CONN_MAX_AGE`): the websocket consumers' calls all
run in one long-lived worker thread, and opening SQLite for each of them was a third of a
handshake's CPU. An HTTP request's own thread (one of a pool, config/handlers.py) closes
its SQLite connection when the request ends: each holds a page cache of its own, and the
pool's threads kept theirs until the server's memory grew through a day (make soak). The
paths a hall of phones takes at once (their page, their votes) run in a few long-lived
worker threads instead (`in_database_worker`), which keep theirs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections

P = ParamSpec("P")
R = TypeVar("R")


def close_request_connections(**kwargs: Any) -> None:
    # request_finished runs in the request's own thread. A connection inside an atomic
    # block belongs to someone else's transaction (a test's), and stays.
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            connection.close()


# A few long-lived threads for the database work of the phone's paths -------------------

_workers: ThreadPoolExecutor | None = None
_workers_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _workers
    with _workers_lock:
        if _workers is None:
            _workers = ThreadPoolExecutor(
                max_workers=settings.DATABASE_WORKER_THREADS, thread_name_prefix="plenum-db"
            )
        return _workers


def in_database_worker(func: Callable[P, R]) -> Callable[P, Coroutine[Any, Any, R]]:
    """`func` as a coroutine run in one of a few long-lived worker threads.

    What `sync_to_async` does by default, one thread per request, costs a hall of phones
    a thread start and, for SQLite, a fresh connection (with its schema read again) on
    every page and every batch of votes. These threads keep their connections, checked
    before each call as Django checks a request's. DATABASE_WORKER_THREADS = 0 (the unit
    tests) runs `func` as sync_to_async would: a test's transaction is seen only there."""
    if not settings.DATABASE_WORKER_THREADS:
        return sync_to_async(func)

    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        # As Django does at a request's start and end: a connection broken or past its
        # CONN_MAX_AGE is closed (PostgreSQL's, at 0, goes back to its pool each time).
        _recycle_connections()
        try:
            return func(*args, **kwargs)
        finally:
            _recycle_connections()

    return sync_to_async(checked, thread_sensitive=False, executor=_pool())


def _recycle_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
