"""`python -m bench`: run the benchmark scenarios against a fresh installation.

This process is the client side: it makes the installation, joins the phones (Django,
before any event loop), starts each server in its own process, holds every websocket
client, and stops every process it started. It ends with one line,
``bench: key=value ...``, made of every scenario's figures in order.

To add a scenario: a module with ``async def run(ctx: Context) -> dict[str, str]``,
registered in SCENARIOS below.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench import (
    deck,
    notes,
    pages,
    push,
    questions,
    reconnect,
    scaleout,
    socket_votes,
    venues,
    votes,
)
from bench.common import (
    CLIENT_CORE_LIMIT,
    CORES,
    BenchError,
    Context,
    client_cpu_seconds,
    install,
    participant_cookies,
    pin_client,
    raise_nofile_limit,
    report,
    slide_position,
)

Scenario = Callable[[Context], Awaitable[dict[str, str]]]
SCENARIOS: dict[str, Scenario] = {
    "push": push.run,
    "votes": votes.run,
    "knee": votes.run_knee,
    "socket_knee": socket_votes.run,
    "questions": questions.run,
    "pages": pages.run,
    "reconnect": reconnect.run,
    "venues": venues.run,
    "scaleout": scaleout.run,
    "notes": notes.run,
    "deck": deck.run,
}
# Scenarios whose figure is work done here (the notes' documents, a deck's pictures),
# not a server's answers to a load client.
IN_THIS_PROCESS = {"notes", "deck"}
# The whole command must end within 15 minutes on the 2-core reference machine.
DEADLINE_SECONDS = 900


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scenario", action="append", choices=list(SCENARIOS), help="default: all")
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured changes first")
    parser.add_argument("--concurrency", type=int, default=100, help="handshakes at once")
    parser.add_argument("--timeout", type=float, default=10, help="seconds for any one step")
    parser.add_argument("--gap", type=float, default=0.1, help="idle seconds between changes")
    args = parser.parse_args(argv)
    if not 1 <= args.phones <= 10_000 or not 1 <= args.changes <= 1000:
        parser.error("--phones must be 1..10000 and --changes 1..1000")
    return args


async def run_all(ctx: Context, names: list[str]) -> dict[str, str]:
    task = asyncio.current_task()
    assert task is not None
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, task.cancel)  # unwinds, so servers get stopped
    summary: dict[str, str] = {}
    busiest = 0.0
    for name in names:
        cpu, started = client_cpu_seconds(), time.monotonic()
        figures = await SCENARIOS[name](ctx)
        share = (client_cpu_seconds() - cpu) / max(time.monotonic() - started, 1e-9)
        if name in IN_THIS_PROCESS:
            report(f"{name}: measured in this process ({share:.0%} of its core): no load client")
        else:
            busiest = max(busiest, share)
            verdict = (
                "INVALID: the client was the limit, its figures are not the server's"
                if share > CLIENT_CORE_LIMIT
                else f"within {CLIENT_CORE_LIMIT:.0%}"
            )
            report(f"{name}: load client used {share:.0%} of its core; {verdict}")
        for key, value in figures.items():
            summary.setdefault(key, value)
    summary["client_cpu_max"] = f"{busiest:.2f}"
    return summary


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = args.scenario or list(SCENARIOS)
    limit = raise_nofile_limit()
    if limit < args.phones + 100:
        report(f"bench: open-file limit {limit} is too low for {args.phones} phones")
        return 2
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="plenum-bench-") as tmp:
        work_dir = Path(tmp)
        try:
            installation = install(work_dir / "var")
            cookies = participant_cookies(installation, args.phones)
            slide, slides = slide_position(installation)
        except BenchError as error:
            report(f"bench: failed to set up: {error}")
            return 1
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        pinning = (
            f"servers on core {sorted(CORES.server)}, this load client on {sorted(CORES.client)}"
            if CORES is not None
            else "one core: nothing pinned"
        )
        report(
            f"bench: fresh installation in {time.monotonic() - started:.1f} s; "
            f"{os.cpu_count()} cores, load average {load}; {pinning}"
        )
        pin_client()
        ctx = Context(
            installation=installation,
            work_dir=work_dir,
            cookies=cookies,
            slide=slide,
            slides=slides,
            phones=args.phones,
            changes=args.changes,
            warmup=args.warmup,
            concurrency=args.concurrency,
            timeout=args.timeout,
            gap=args.gap,
        )
        gc.collect()
        gc.freeze()  # Django's objects stay put; collections during a push stay short
        try:
            import uvloop
        except ImportError:  # pragma: no cover - uvicorn[standard] brings it
            runner = asyncio.Runner()
        else:
            runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
        try:
            with runner:
                summary = runner.run(asyncio.wait_for(run_all(ctx, names), DEADLINE_SECONDS))
        except BenchError as error:
            report(f"bench: failed: {error}")
            return 1
        except TimeoutError:
            report(f"bench: failed: not done within {DEADLINE_SECONDS} s")
            return 1
        except asyncio.CancelledError:
            report("bench: stopped by a signal")
            return 1
    report(f"bench: done in {time.monotonic() - started:.1f} s")
    print("bench: " + " ".join(f"{key}={value}" for key, value in summary.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
