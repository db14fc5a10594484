"""Database connections under ASGI.

SQLite keeps a connection for a minute (`CONN_MAX_AGE`): the websocket consumers' calls all
run in one long-lived worker thread, and opening SQLite for each of them was a third of a
handshake's CPU. Every HTTP request, though, runs in a thread of its own that ends with the
request; its connection is closed here, not left for the garbage collector.
"""

from __future__ import annotations

from typing import Any

from django.db import connections


def close_request_connections(**kwargs: Any) -> None:
    # request_finished runs in the request's own thread. A connection inside an atomic
    # block belongs to someone else's transaction (a test's), and stays.
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            connection.close()
