"""Push: how long until the LAST of 1000 phones shows a slide change.

1000 phones (websocket clients in this, the driver's, process) join the demo seminar;
the facilitator presses "next" 5 rounds of 20 times (after one unmeasured warm-up press; should the
slides run out, it presses "previous" back). For each change the latency is the time from
just before the POST to the moment the last phone had a message with the new
``data-revision``. Changes never overlap: the next starts once every phone has the
previous one and the fleet has been idle for a short gap.

The same 1000 clients then do the same with the floor (bench/floor.py), a bare
`websockets` broadcast server sent a payload of the same size over a control
connection. ``ratio_p99`` = Plenum's p99 / the floor's p99, for each round; the target
is a median round's ratio of <= 1.5 (one slow change on a noisy machine decides one
round, not the figure).
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from websockets.asyncio.client import connect

from bench.common import (
    HOST,
    MB,
    BenchError,
    Context,
    Facilitator,
    PhoneFleet,
    PlenumServer,
    cpu_seconds,
    free_port,
    machine_busy_seconds,
    percentile,
    report,
    rss_bytes,
)
from bench.floor import ACK, FloorServer

TARGET_RATIO_P99 = 1.5  # of the median round
ROUNDS = 5  # of ctx.changes changes each: one slow change on a noisy machine does not decide
BUSY_CORES = 0.2  # other processes' CPU above which the figures are flagged as noisy
SETTLE_SECONDS = 0.5  # after connecting: Plenum's presence update to the console is due


@dataclass(frozen=True)
class Measured:
    latencies_ms: list[float]
    first_ms: list[float]  # until the FIRST phone had the change
    warmup_ms: list[float]
    push_call_ms: list[float]
    server_cpu_ms_per_change: float
    client_cpu_ms_per_change: float
    other_cpu_cores: float


@dataclass(frozen=True)
class PushRun:
    """One server's figures."""

    label: str
    phones: int
    latencies_ms: list[float]
    first_ms: list[float]  # until the FIRST phone had the change
    warmup_ms: list[float]
    push_call_ms: list[float]  # the POST (Plenum) or the control send + ack (floor)
    connect_s: float
    message_bytes: int
    server_cpu_ms_per_change: float
    client_cpu_ms_per_change: float
    rss_before: int
    rss_connected: int
    rss_after: int
    other_cpu_cores: float  # what other processes on the machine used meanwhile
    rounds_p99_ms: list[float]  # each round's p99

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies_ms, 99)

    @property
    def rss_mb_per_1000_phones(self) -> float:
        """Growth of the server's RSS from before the phones connected to after the
        changes (phones still connected), scaled to 1000 phones."""
        return (self.rss_after - self.rss_before) / MB * 1000 / self.phones

    def describe(self) -> list[str]:
        ms = self.latencies_ms
        return [
            f"push[{self.label}]: {self.phones} phones connected in {self.connect_s:.1f} s; "
            f"message {self.message_bytes} B (mean); warm-up "
            + (", ".join(f"{w:.1f}" for w in self.warmup_ms) or "none")
            + " ms",
            f"push[{self.label}]: last-phone latency over {len(ms)} changes: "
            f"p50 {self.p50:.1f} ms, p99 {self.p99:.1f} ms "
            f"(min {min(ms):.1f}, mean {sum(ms) / len(ms):.1f}); "
            f"first phone p50 {percentile(self.first_ms, 50):.1f} ms; "
            f"push call p50 {percentile(self.push_call_ms, 50):.1f} ms",
            f"push[{self.label}]: server CPU {self.server_cpu_ms_per_change:.1f} ms/change, "
            f"client CPU {self.client_cpu_ms_per_change:.1f} ms/change; "
            f"server RSS {self.rss_before / MB:.1f} MB before, "
            f"{self.rss_connected / MB:.1f} MB connected, {self.rss_after / MB:.1f} MB after "
            f"(+{self.rss_mb_per_1000_phones:.1f} MB per 1000 phones)",
            f"push[{self.label}]: every change ms: " + " ".join(f"{x:.1f}" for x in ms),
            f"push[{self.label}]: other processes used {self.other_cpu_cores:.2f} cores meanwhile",
        ]


async def measure(
    ctx: Context,
    fleet: PhoneFleet,
    push: Callable[[int], Awaitable[None]],
    server_pid: int,
    *,
    warmup: int,
) -> Measured:
    """Warm-up changes, then the measured ones."""
    revision = fleet.current_revision()
    # The instrument's own hygiene: move the fleet's objects (a thousand connections)
    # out of the collector's way, so no full collection in THIS process stalls a change.
    gc.collect()
    gc.freeze()

    async def one_change() -> tuple[float, float, float]:
        """(last phone ms, first phone ms, push call ms) of the next change."""
        nonlocal revision
        revision += 1
        started = time.perf_counter()
        pushing = asyncio.create_task(_timed(push(revision)))
        waiting = asyncio.create_task(fleet.wait_for(revision, ctx.timeout))
        done, _pending = await asyncio.wait(
            {pushing, waiting}, timeout=ctx.timeout + 5, return_when=asyncio.FIRST_EXCEPTION
        )
        for task in (pushing, waiting):  # the push's own failure explains more
            if task in done and task.exception() is not None:
                waiting.cancel()
                await asyncio.gather(pushing, waiting, return_exceptions=True)
                raise BenchError(f"change to revision {revision}: {task.exception()}")
        if not (pushing.done() and waiting.done()):
            pushing.cancel()
            waiting.cancel()
            raise BenchError(f"change to revision {revision} did not finish")
        await asyncio.sleep(ctx.gap)  # idle, so the next change starts from rest
        first = min(fleet.arrivals[revision].values())
        return (waiting.result() - started) * 1000, (first - started) * 1000, pushing.result()

    warmup_ms = [(await one_change())[0] for _ in range(warmup)]
    server_before, client_before = cpu_seconds(server_pid), time.process_time()
    machine_before, wall_before = machine_busy_seconds(), time.perf_counter()
    latencies, firsts, calls = [], [], []
    for _ in range(ctx.changes):
        latency, first, call = await one_change()
        latencies.append(latency)
        firsts.append(first)
        calls.append(call)
    server = cpu_seconds(server_pid) - server_before
    client = time.process_time() - client_before
    others = machine_busy_seconds() - machine_before - server - client
    return Measured(
        latencies_ms=latencies,
        first_ms=firsts,
        warmup_ms=warmup_ms,
        push_call_ms=calls,
        server_cpu_ms_per_change=server * 1000 / ctx.changes,
        client_cpu_ms_per_change=client * 1000 / ctx.changes,
        other_cpu_cores=max(0.0, others) / (time.perf_counter() - wall_before),
    )


async def measure_rounds(
    ctx: Context,
    fleet: PhoneFleet,
    push: Callable[[int], Awaitable[None]],
    server_pid: int,
) -> list[Measured]:
    """ROUNDS rounds of the changes, the warm-up before the first only."""
    return [
        await measure(ctx, fleet, push, server_pid, warmup=ctx.warmup if n == 0 else 0)
        for n in range(ROUNDS)
    ]


def combined(rounds: list[Measured]) -> Measured:
    count = len(rounds)
    return Measured(
        latencies_ms=[ms for one in rounds for ms in one.latencies_ms],
        first_ms=[ms for one in rounds for ms in one.first_ms],
        warmup_ms=rounds[0].warmup_ms,
        push_call_ms=[ms for one in rounds for ms in one.push_call_ms],
        server_cpu_ms_per_change=sum(one.server_cpu_ms_per_change for one in rounds) / count,
        client_cpu_ms_per_change=sum(one.client_cpu_ms_per_change for one in rounds) / count,
        other_cpu_cores=max(one.other_cpu_cores for one in rounds),
    )


async def _timed(awaitable: Awaitable[None]) -> float:
    started = time.perf_counter()
    await awaitable
    return (time.perf_counter() - started) * 1000


class SlideSteps:
    """The facilitator's next button; at the last slide it turns round and goes back
    (every press must change the slide, and the demo has a limited number of them)."""

    def __init__(self, position: int, count: int) -> None:
        if count < 2:
            raise BenchError(f"the demo seminar needs two slides to step through, not {count}")
        self.position = max(position, 1)
        self.count = count
        self.direction = 1

    def action(self) -> str:
        if not 1 <= self.position + self.direction <= self.count:
            self.direction = -self.direction
        self.position += self.direction
        return "next" if self.direction > 0 else "previous"


async def run_plenum(ctx: Context) -> tuple[PushRun, str, int]:
    """The Plenum run; also returns one phone message as received and its revision."""
    installation = ctx.installation
    port = free_port()
    with PlenumServer(installation, port=port, log_path=ctx.work_dir / "plenum.log") as server:
        facilitator = Facilitator(server.base_url, installation.slug)
        await asyncio.to_thread(facilitator.login, installation.username, installation.password)
        rss_before = rss_bytes(server.pid)
        fleet = PhoneFleet(
            f"ws://{HOST}:{port}/ws/live/phone/{installation.join_code}/",
            ctx.phones,
            cookies=ctx.cookies,
            origin=server.base_url,
        )
        try:
            started = time.perf_counter()
            await fleet.open(concurrency=ctx.concurrency, timeout=ctx.timeout)
            connect_s = time.perf_counter() - started
            await asyncio.sleep(SETTLE_SECONDS)
            rss_connected = rss_bytes(server.pid)

            steps = SlideSteps(ctx.slide, ctx.slides)

            async def change_slide(revision: int) -> None:
                action = steps.action()
                status = await asyncio.to_thread(facilitator.press, action)
                if status != 200:
                    raise BenchError(f"POST console/{action}/ answered {status}")

            rounds = await measure_rounds(ctx, fleet, change_slide, server.pid)
            measured = combined(rounds)
            rss_after = rss_bytes(server.pid)
            server.check_alive()
        except BenchError as error:
            raise BenchError(f"{error}\n{server.log_tail()}") from error
        finally:
            await fleet.close()
    revision = max(fleet.sample)
    sample = fleet.sample[revision]
    run = PushRun(
        label="plenum",
        phones=ctx.phones,
        latencies_ms=measured.latencies_ms,
        first_ms=measured.first_ms,
        warmup_ms=measured.warmup_ms,
        push_call_ms=measured.push_call_ms,
        connect_s=connect_s,
        message_bytes=mean_message_bytes(fleet, ctx.changes),
        server_cpu_ms_per_change=measured.server_cpu_ms_per_change,
        client_cpu_ms_per_change=measured.client_cpu_ms_per_change,
        other_cpu_cores=measured.other_cpu_cores,
        rss_before=rss_before,
        rss_connected=rss_connected,
        rss_after=rss_after,
        rounds_p99_ms=[percentile(one.latencies_ms, 99) for one in rounds],
    )
    return run, sample, revision


def mean_message_bytes(fleet: PhoneFleet, changes: int) -> int:
    """The mean size in UTF-8 bytes of the measured changes' messages (slides differ)."""
    revisions = sorted(fleet.sample)[-changes:]
    return round(sum(len(fleet.sample[r].encode()) for r in revisions) / len(revisions))


def floor_payload(template: str, template_revision: int, revision: int, size: int) -> str:
    """Plenum's phone message with its revision marker set to `revision`, trimmed or
    padded with spaces to exactly `size` UTF-8 bytes."""
    text = template.replace(
        f'data-revision="{template_revision}"', f'data-revision="{revision}"', 1
    )
    data = text.encode()[:size]
    text = data.decode(errors="ignore")
    return text + " " * (size - len(text.encode()))


async def run_floor(ctx: Context, template: str, template_revision: int, size: int) -> PushRun:
    """The floor run, pushing Plenum's message (`template`) resized to `size` bytes."""
    port = free_port()
    env = ctx.installation.env()
    with FloorServer(port=port, log_path=ctx.work_dir / "floor.log", env=env) as server:
        control = await connect(
            server.control_uri, compression=None, max_size=None, ping_interval=None, proxy=None
        )
        fleet = PhoneFleet(server.phone_uri, ctx.phones)
        try:

            async def send(revision: int) -> None:
                await control.send(floor_payload(template, template_revision, revision, size))
                ack = await asyncio.wait_for(control.recv(), ctx.timeout)
                if ack != ACK:
                    raise BenchError(f"floor control answered {ack!r}")

            await send(1)  # what phones get on connect, like Plenum's current screen
            rss_before = rss_bytes(server.pid)
            started = time.perf_counter()
            await fleet.open(concurrency=ctx.concurrency, timeout=ctx.timeout)
            connect_s = time.perf_counter() - started
            await asyncio.sleep(SETTLE_SECONDS)
            rss_connected = rss_bytes(server.pid)
            rounds = await measure_rounds(ctx, fleet, send, server.pid)
            measured = combined(rounds)
            rss_after = rss_bytes(server.pid)
            server.check_alive()
        except BenchError as error:
            raise BenchError(f"{error}\n{server.log_tail()}") from error
        finally:
            await fleet.close()
            await control.close()
    return PushRun(
        label="floor",
        phones=ctx.phones,
        latencies_ms=measured.latencies_ms,
        first_ms=measured.first_ms,
        warmup_ms=measured.warmup_ms,
        push_call_ms=measured.push_call_ms,
        connect_s=connect_s,
        message_bytes=mean_message_bytes(fleet, ctx.changes),
        server_cpu_ms_per_change=measured.server_cpu_ms_per_change,
        client_cpu_ms_per_change=measured.client_cpu_ms_per_change,
        other_cpu_cores=measured.other_cpu_cores,
        rss_before=rss_before,
        rss_connected=rss_connected,
        rss_after=rss_after,
        rounds_p99_ms=[percentile(one.latencies_ms, 99) for one in rounds],
    )


async def run(ctx: Context) -> dict[str, str]:
    """Both runs, one after the other; the fields of the final `bench:` line."""
    report(f"push: {ctx.phones} phones, {ctx.changes} changes (+{ctx.warmup} warm-up) each")
    plenum, sample, revision = await run_plenum(ctx)
    for line in plenum.describe():
        report(line)
    floor = await run_floor(ctx, sample, revision, plenum.message_bytes)
    for line in floor.describe():
        report(line)
    ratio = plenum.p99 / floor.p99
    ratios = [
        mine / theirs
        for mine, theirs in zip(plenum.rounds_p99_ms, floor.rounds_p99_ms, strict=True)
    ]
    median_ratio = statistics.median(ratios)
    verdict = "met" if median_ratio <= TARGET_RATIO_P99 else "MISSED"
    report(
        f"push: plenum p50 {plenum.p50:.1f} ms p99 {plenum.p99:.1f} ms | "
        f"floor p50 {floor.p50:.1f} ms p99 {floor.p99:.1f} ms | "
        f"server CPU {plenum.server_cpu_ms_per_change:.1f} ms/change "
        f"(floor {floor.server_cpu_ms_per_change:.1f}) | "
        f"RSS {plenum.rss_mb_per_1000_phones:.1f} MB per 1000 phones "
        f"(floor {floor.rss_mb_per_1000_phones:.1f})"
    )
    report(
        f"push: ratio_p99 of each round of {ctx.changes} changes: "
        + " ".join(f"{r:.2f}" for r in ratios)
        + f"; over all {ROUNDS * ctx.changes}: {ratio:.2f}"
    )
    report(f"push: median ratio_p99 {median_ratio:.2f}, target <= {TARGET_RATIO_P99}: {verdict}")
    busiest = max(plenum.other_cpu_cores, floor.other_cpu_cores)
    if busiest > BUSY_CORES:
        report(
            f"push: WARNING: other processes used up to {busiest:.2f} cores during a run; "
            "the latencies are noisy, run again on a quiet machine"
        )
    return {
        "phones": str(ctx.phones),
        "push_last_p50_ms": f"{plenum.p50:.1f}",
        "push_last_p99_ms": f"{plenum.p99:.1f}",
        "floor_last_p99_ms": f"{floor.p99:.1f}",
        "ratio_p99": f"{ratio:.2f}",
        "push_ratio_p99_median": f"{median_ratio:.2f}",
        "rss_mb_per_1000": f"{plenum.rss_mb_per_1000_phones:.1f}",
    }
