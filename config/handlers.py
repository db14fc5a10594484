"""Django's ASGI handler, with the threads of its requests kept for the next ones.

Django runs each HTTP request in a `ThreadSensitiveContext` of its own: the first
thread-sensitive call of a request (its `request_started` signal, a sync view, the
response's `close`) starts a thread, and the request's end starts a second one to join
it. Each start blocks the event loop until the new thread gets the GIL, and while the
database workers run Python that takes up to a switch interval (5 ms). Profiled under a
hall's page loads (py-spy, BENCHMARKS.md), the loop spent 60 % of its time waiting on
thread starts. Here a request borrows a one-thread executor from a pool instead, which
asgiref's `ThreadSensitiveContext(executor=...)` is made for, and gives it back.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler
from django.db import connections

# Idle request threads kept: what a facilitator's console and a few phones' sync views use
# at once. More run when more requests come together; those end with their request.
IDLE_REQUEST_THREADS = 32


class RequestThreads:
    """One-thread executors lent to requests, one request at a time each. Used only from
    the event loop's own thread, so it needs no lock."""

    def __init__(self, *, idle_limit: int = IDLE_REQUEST_THREADS) -> None:
        self._idle: list[ThreadPoolExecutor] = []
        self._idle_limit = idle_limit

    def borrow(self) -> ThreadPoolExecutor:
        if self._idle:
            return self._idle.pop()  # the most recently used: its thread is warm
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="plenum-request")

    def give_back(self, executor: ThreadPoolExecutor) -> None:
        if len(self._idle) < self._idle_limit:
            self._idle.append(executor)
            return
        # Its database connections belong to its thread: closed there, not left to the GC.
        executor.submit(connections.close_all)
        executor.shutdown(wait=False)

    @property
    def idle(self) -> int:
        return len(self._idle)


class PlenumASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self.request_threads = RequestThreads()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        executor = self.request_threads.borrow()
        try:
            # Django's handle() awaits every task it starts, so none outlives the block.
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            self.request_threads.give_back(executor)
