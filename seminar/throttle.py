"""Join codes are six digits: guessing them must be slow. Misses are counted per client
address for ten minutes, in the cache only (never stored with anything a phone sends).

A whole venue often shares one address behind its router, so the limit leaves room for a
hall of people mistyping; it stops a script, not a room."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

MISSES_ALLOWED = 30
WINDOW_SECONDS = 10 * 60


def _key(request: HttpRequest) -> str:
    return f"plenum:join-misses:{request.META.get('REMOTE_ADDR', '')}"


def locked_out(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= MISSES_ALLOWED


def count_miss(request: HttpRequest) -> None:
    key = _key(request)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    cache.incr(key)
