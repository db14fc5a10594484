"""Reconnect storm: the server dies under 1000 phones and comes back on the same port.

1000 phones (websocket clients with participant cookies, in this process) are connected
and have their screen. The server is killed (SIGKILL, no goodbye) and a new one started
on the same port at once. Each phone reconnects the way static/js/live.js does, with
full-jitter backoff: before retry k it waits a random time
up to ``min(0.5 s * 2**k, 1 s)``. ``reconnect_all_ms`` is the time from the kill until the last
phone has a screen again (the first message on its new connection); the target is
2000 ms or less. The server's own restart (until it answers HTTP) is part of that time
and reported on its own (``reconnect_restart_ms``, target 1000 ms), as is the rest
(``reconnect_after_restart_ms``, target 1000 ms).
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.typing import Origin

from bench.common import (
    HOST,
    BenchError,
    Context,
    PlenumServer,
    free_port,
    percentile,
    report,
)

TARGET_ALL_MS = 2000.0
TARGET_RESTART_MS = 1000.0  # kill to the new server's first answer
TARGET_AFTER_RESTART_MS = 1000.0  # from then until the last phone has its screen
FIRST_DELAY_S = 0.5
MAX_DELAY_S = 1.0
MAX_ATTEMPTS = 50  # per phone; with delays up to 8 s this outlasts any sane restart
STORM_TIMEOUT_S = 60.0


@dataclass
class Storm:
    """Shared by the phones: when the server went down, and when each phone was back."""

    uri: str
    origin: str
    cookies: list[str]
    timeout: float
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    back: asyncio.Event = field(default_factory=asyncio.Event)
    stopping: bool = False
    killed_at: float | None = None
    first_screen: dict[int, float] = field(default_factory=dict)
    back_at: dict[int, float] = field(default_factory=dict)
    attempts: dict[int, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def stopped(self) -> bool:
        return self.stopping

    async def phone(self, index: int, rng: random.Random) -> None:
        retry = 0
        for _attempt in range(MAX_ATTEMPTS):
            if self.stopped():
                return
            try:
                async with connect(
                    self.uri,
                    origin=Origin(self.origin),
                    additional_headers={"Cookie": self.cookies[index]},
                    compression=None,
                    max_size=None,
                    ping_interval=None,
                    proxy=None,
                    open_timeout=self.timeout,
                    close_timeout=1,
                ) as connection:
                    retry = 0
                    opened_after_kill = self.killed_at is not None
                    first = True
                    async for _message in connection:
                        now = time.perf_counter()
                        if first:
                            first = False
                            self._screen(index, now, opened_after_kill)
            except (OSError, TimeoutError, ConnectionClosed, InvalidHandshake) as error:
                kind = (
                    f"HTTP {error.response.status_code}"
                    if isinstance(error, InvalidStatus)
                    else type(error).__name__
                )
                self.failures[kind] = self.failures.get(kind, 0) + 1
            if self.stopped():
                return
            self.attempts[index] = self.attempts.get(index, 0) + 1
            # Full jitter, as static/js/live.js sets for htmx: up to 0.5 s, then up to 1 s.
            await asyncio.sleep(rng.uniform(0, min(FIRST_DELAY_S * 2**retry, MAX_DELAY_S)))
            retry += 1

    def _screen(self, index: int, now: float, opened_after_kill: bool) -> None:
        if opened_after_kill:
            if index not in self.back_at:
                self.back_at[index] = now
                if len(self.back_at) == len(self.cookies):
                    self.back.set()
        elif index not in self.first_screen:
            self.first_screen[index] = now
            if len(self.first_screen) == len(self.cookies):
                self.connected.set()


async def run(ctx: Context) -> dict[str, str]:
    installation = ctx.installation
    phones = ctx.phones
    port = free_port()
    report(
        f"reconnect: {phones} phones, server killed (SIGKILL) and restarted on the same port; "
        f"full-jitter backoff from {FIRST_DELAY_S:g} s up to {MAX_DELAY_S:g} s"
    )
    first = PlenumServer(installation, port=port, log_path=ctx.work_dir / "reconnect-1.log")
    second = PlenumServer(installation, port=port, log_path=ctx.work_dir / "reconnect-2.log")
    storm = Storm(
        uri=f"ws://{HOST}:{port}/ws/live/phone/{installation.join_code}/",
        origin=f"http://{HOST}:{port}",
        cookies=ctx.cookies[:phones],
        timeout=ctx.timeout,
    )
    tasks: list[asyncio.Task[None]] = []
    try:
        await asyncio.to_thread(first.__enter__)
        # The first connections are spread over one second, not all in one instant.
        for index in range(phones):
            rng = random.Random(index)  # noqa: S311  (jitter, not a secret)
            tasks.append(asyncio.create_task(storm.phone(index, rng)))
            if index % 100 == 99:
                await asyncio.sleep(0.1)
        try:
            await asyncio.wait_for(storm.connected.wait(), STORM_TIMEOUT_S)
        except TimeoutError as error:
            raise BenchError(
                f"only {len(storm.first_screen)} of {phones} phones had a screen; "
                f"failures {storm.failures}"
            ) from error
        await asyncio.sleep(1.0)  # settled: presence updates and the like are out
        process = first.process
        assert process is not None
        storm.killed_at = killed = time.perf_counter()
        process.kill()
        await asyncio.to_thread(process.wait, 10)
        first.stop()
        await asyncio.to_thread(second.__enter__)
        restarted = time.perf_counter()
        try:
            await asyncio.wait_for(storm.back.wait(), STORM_TIMEOUT_S)
        except TimeoutError as error:
            raise BenchError(
                f"after {STORM_TIMEOUT_S:.0f} s only {len(storm.back_at)} of {phones} phones "
                f"had a screen again; failures {storm.failures}\n{second.log_tail()}"
            ) from error
        second.check_alive()
    finally:
        storm.stopping = True
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        first.stop()
        second.stop()
    back_ms = [(at - killed) * 1000 for at in storm.back_at.values()]
    all_ms = max(back_ms)
    attempts = list(storm.attempts.values())
    report(
        f"reconnect: restart took {(restarted - killed) * 1000:.0f} ms (until the new server "
        f"answered HTTP); phones back p50 {percentile(back_ms, 50):.0f} ms, "
        f"p99 {percentile(back_ms, 99):.0f} ms, all {all_ms:.0f} ms after the kill "
        f"({all_ms - (restarted - killed) * 1000:.0f} ms after the restart); "
        f"attempts per phone max {max(attempts, default=0)}; failed attempts by kind "
        f"{dict(sorted(storm.failures.items()))}"
    )
    restart_ms = (restarted - killed) * 1000
    after_restart_ms = all_ms - restart_ms
    for label, figure, target in (
        ("the restart", restart_ms, TARGET_RESTART_MS),
        (f"all {phones} phones back after the restart", after_restart_ms, TARGET_AFTER_RESTART_MS),
        (f"all {phones} phones back after the kill", all_ms, TARGET_ALL_MS),
    ):
        verdict = "met" if figure <= target else "MISSED"
        report(f"reconnect: {label} {figure:.0f} ms, target <= {target:.0f} ms: {verdict}")
    return {
        "reconnect_restart_ms": f"{restart_ms:.0f}",
        "reconnect_after_restart_ms": f"{after_restart_ms:.0f}",
        "reconnect_all_ms": f"{all_ms:.0f}",
    }
