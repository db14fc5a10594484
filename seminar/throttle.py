"""Guessing join codes must be slow, and a hall behind one address must not notice.

A whole venue often shares one address behind its router, so misses cost time, never a
wall. Per client address, the first FREE_MISSES misses in WINDOW_SECONDS cost nothing;
the answer to each further miss is held back for a delay that doubles with each miss, up
to MAX_DELAY_SECONDS. Every lookup of a code by a phone that has not joined takes one of
SLOTS slots of its address while it runs, and a held miss keeps its slot for the whole
delay, even if the client goes away. A lookup waits for a free slot before anyone knows
whether its code is right, so a script that does not wait for its answers learns nothing
faster: at most SLOTS misses per MAX_DELAY_SECONDS, a few hundred codes an hour. A hit
gives its slot back at once: a hall joining with the right code waits only while SLOTS
of its own misses are held at the same moment. Phones that have joined never come here.

Misses are counted in this process's memory, by address only, and never stored with
anything a phone sends. With several worker processes each keeps its own count.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
import weakref
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.http import HttpRequest

FREE_MISSES = 10
WINDOW_SECONDS = 10 * 60
FIRST_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 60.0
SLOTS = 3
# Lookups waiting for a slot; past this an address is told to wait and try again. Room
# for a hall of a thousand joining at once: their lookups go one by one to the database
# whatever the slots, so waiting for a slot costs them nothing.
MAX_WAITING = 2000

T = TypeVar("T")


class Busy(Exception):
    """Too many lookups from one address are waiting already."""


def miss_delay(misses: int) -> float:
    """How long the answer to an address's `misses`-th miss in the window is held back."""
    if misses <= FREE_MISSES:
        return 0.0
    return min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2.0 ** (misses - FREE_MISSES - 1))


@dataclass
class _Gate:
    slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(SLOTS))
    waiting: int = 0
    held: int = 0
    taken: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def take(self) -> None:
        self.waiting += 1
        try:
            await self.slots.acquire()
        finally:
            self.waiting -= 1
        self.held += 1
        async with self.taken:
            self.taken.notify_all()

    def give_back(self) -> None:
        self.held -= 1
        self.slots.release()


_misses: dict[str, deque[float]] = {}
# Slots belong to one event loop: a test client runs each request in a loop of its own.
_gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _Gate]] = (
    weakref.WeakKeyDictionary()
)


def address(request: HttpRequest) -> str:
    """Who is counted: the client's IPv4 address, or its IPv6 /64 (one household or
    venue network holds a whole /64, so counting single IPv6 addresses counts nothing)."""
    raw = str(request.META.get("REMOTE_ADDR", ""))
    try:
        ip = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _recent_misses(where: str, now: float) -> deque[float]:
    misses = _misses.setdefault(where, deque())
    while misses and misses[0] <= now - WINDOW_SECONDS:
        misses.popleft()
    return misses


def next_delay(where: str) -> float:
    """How long the answer to this address's next miss would be held back."""
    return miss_delay(len(_recent_misses(where, time.monotonic())) + 1)


def _gate(where: str) -> _Gate:
    """Only ever called on the event loop, as every use of the counts is."""
    gates = _gates.setdefault(asyncio.get_running_loop(), {})
    if len(gates) > 10_000:  # forget addresses that hold nothing
        for idle in [key for key, gate in gates.items() if _idle(gate)]:
            del gates[idle]
    if len(_misses) > 10_000:  # and the counts of addresses quiet for the whole window
        for gone in [key for key in _misses if not _recent_misses(key, time.monotonic())]:
            del _misses[gone]
    return gates.setdefault(where, _Gate())


def _idle(gate: _Gate) -> bool:
    return gate.waiting == 0 and gate.held == 0


async def look_up(where: str, find: Callable[[], Awaitable[T | None]]) -> T | None:
    """What `find` finds for a phone at address `where`, through the address's slots; a
    miss answered only after its delay."""
    gate = _gate(where)
    if gate.waiting >= MAX_WAITING:
        raise Busy
    await gate.take()
    try:
        found = await find()
    except BaseException:
        gate.give_back()
        raise
    if found is not None:
        gate.give_back()
        return found
    now = time.monotonic()
    misses = _recent_misses(where, now)
    misses.append(now)
    delay = miss_delay(len(misses))
    if delay == 0:
        gate.give_back()
        return None
    # The slot is given back when the delay is over, whether or not the client waits.
    asyncio.get_running_loop().call_later(delay, gate.give_back)
    await asyncio.sleep(delay)
    return None


async def held(where: str, slots: int) -> None:
    """Returns once `slots` of the address's slots are taken (what a test waits for)."""
    gate = _gate(where)
    async with gate.taken:
        await gate.taken.wait_for(lambda: gate.held >= slots)


def forget_all() -> None:
    """Every count and slot forgotten: for tests, which share one process."""
    _misses.clear()
    _gates.clear()
