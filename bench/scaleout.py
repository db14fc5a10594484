"""Scale-out: the push and vote scenarios on TWO server processes sharing PostgreSQL and
Redis (the channel layer and the cache).

A dedicated database ``plenum_bench`` (dropped and made afresh, dropped again at the end)
and Redis database 4 (flushed) get a fresh installation: migrate, collectstatic and
seed_demo in a new var directory with DATABASE_URL and REDIS_URL set. Two
`manage.py serve` processes, A and B, run with that same environment (same var directory,
so the same secret key). This process's Django is set up for the SQLite installation
already, so the benchmark talks to PostgreSQL with psycopg: it inserts the 1000 phones'
participants and signs their cookies with the installation's secret key (as the app does),
and reads the poll and the ballots. (Joining the phones over HTTP, GET then POST /j/<code>/,
failed: each request's worker thread keeps its own PostgreSQL connection, CONN_MAX_AGE=600,
and two servers ran PostgreSQL out of its 100 connections within ~100 joins.)

- Push: half the phones hold their websocket on A, half on B; the facilitator presses
  "next" on A, 20 times after one warm-up, as bench/push.py does. The latency is until the
  LAST of all 1000 phones had the change, so every change crosses Redis to reach B.
- Votes: the projector is on B; the facilitator opens the poll on A; the 1000 phones each
  vote once within 5 s, 500 through A and 500 through B (100/s each, 25 connections each).
  Vote i in send order is on the projector at its first message with N >= i + 1 (plus
  the answers before), as in bench/votes.py; ballots stored must equal votes sent.

If PostgreSQL or Redis does not answer, the scenario says so and adds no keys.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import psycopg
import redis
from websockets.typing import Origin

from bench.common import (
    HOST,
    BenchError,
    Context,
    Facilitator,
    Installation,
    PhoneFleet,
    PlenumServer,
    cpu_seconds,
    free_port,
    percentile,
    plenum_env,
    report,
)
from bench.common import install as common_install
from bench.push import SlideSteps, measure
from bench.votes import Burst, LivePoll, ProjectorWatch, vote_burst

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "plenum_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/4"
VOTES_PER_SECOND_EACH = 100.0
VOTE_SECONDS = 5.0
VOTE_CONNECTIONS_EACH = 25
JOIN_CONNECTIONS = 20
SETTLE_SECONDS = 1.0


# PostgreSQL and Redis ----------------------------------------------------------------------


def reachable() -> str:
    """'' if PostgreSQL and Redis both answer; else what failed."""
    try:
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        return f"PostgreSQL at {ADMIN_URL}: {error}".strip()
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_timeout=3, socket_connect_timeout=3)
        client.ping()
        client.close()
    except redis.RedisError as error:
        return f"Redis at {REDIS_URL}: {error}"
    return ""


def fresh_database() -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    client.flushdb()
    client.close()


def drop_database() -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    client.flushdb()
    client.close()


def query(sql: str, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(DATABASE_URL, connect_timeout=5, autocommit=True) as conn:
        return list(conn.execute(sql, params).fetchall())


def find_poll(slug: str) -> LivePoll:
    """The demo seminar's multiple-choice poll (order 1), read with SQL."""
    rows = query(
        "SELECT p.id, p.kind, p.max_choices, s.projector_token FROM polls_poll p "
        "JOIN seminar_seminar s ON s.id = p.seminar_id WHERE s.slug = %s AND p.order = 1",
        slug,
    )
    if len(rows) != 1:
        raise BenchError(f"{len(rows)} polls of order 1 in {slug}")
    poll_id, kind, max_choices, token = rows[0]
    choices = query('SELECT id FROM polls_choice WHERE poll_id = %s ORDER BY "order"', poll_id)
    if kind != "multiple" or not choices:
        raise BenchError(f"poll {poll_id} (order 1) is {kind} with {len(choices)} choices")
    return LivePoll(
        int(str(poll_id)),
        [int(str(row[0])) for row in choices],
        max(int(str(max_choices)), 1),
        str(token),
    )


def count_ballots(poll_id: int) -> int:
    return int(str(query("SELECT count(*) FROM polls_ballot WHERE poll_id = %s", poll_id)[0][0]))


# The installation and its servers -----------------------------------------------------------


def scaleout_env(var_dir: Path) -> dict[str, str]:
    return plenum_env(var_dir) | {"DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL}


def install(var_dir: Path) -> Installation:
    return common_install(var_dir, scaleout_env(var_dir))


def server(installation: Installation, name: str, work_dir: Path) -> PlenumServer:
    # Unpinned: two processes on one core would measure the core, not the scale-out.
    process = PlenumServer(
        installation, port=free_port(), log_path=work_dir / f"{name}.log", pinned=False
    )
    process.name = f"Plenum server {name}"
    process.env = scaleout_env(installation.var_dir)
    return process


# Phones ------------------------------------------------------------------------------------


def join_phones(installation: Installation, count: int) -> list[str]:
    """`count` participants of the demo seminar, inserted with SQL; their cookies, signed
    with the installation's secret key as the app signs them. (Joining over HTTP, a
    request per phone, exhausts PostgreSQL's connections: see the module's docstring.)"""
    from django.core import signing

    from seminar.participants import COOKIE_NAME, COOKIE_SALT

    secret = (installation.var_dir / "secret_key").read_text().strip()
    rows = query(
        "INSERT INTO seminar_participant (seminar_id, nickname, side, joined_at, admission) "
        "SELECT s.id, '', 'elected', now(), 'admitted' FROM seminar_seminar s, "
        "generate_series(1, %s) WHERE s.slug = %s RETURNING seminar_id, id",
        count,
        installation.slug,
    )
    if len(rows) != count:
        raise BenchError(f"{len(rows)} of {count} participants made")
    return [
        f"{COOKIE_NAME}={signing.dumps({'s': s, 'p': p}, key=secret, salt=COOKIE_SALT)}"
        for s, p in sorted(rows, key=lambda row: int(str(row[1])))
    ]


class SplitFleet(PhoneFleet):
    """A PhoneFleet whose phone i connects to uris[i % len(uris)]."""

    def __init__(self, uris: list[str], count: int, *, cookies: list[str], origin: str) -> None:
        super().__init__(uris[0], count, cookies=cookies, origin=origin)
        self.uris = uris

    async def _connect(self, index: int, semaphore: asyncio.Semaphore, timeout: float) -> None:
        # Read by the handshake below before it yields: the origin is the phone's server.
        self.uri = self.uris[index % len(self.uris)]
        self.origin = Origin("http://" + self.uri.split("/")[2])
        await super()._connect(index, semaphore, timeout)


# The run -----------------------------------------------------------------------------------


async def run(ctx: Context) -> dict[str, str]:
    problem = await asyncio.to_thread(reachable)
    if problem:
        report(f"scaleout: SKIPPED, no figures: {problem}")
        return {}
    started = time.perf_counter()
    await asyncio.to_thread(fresh_database)
    try:
        return await run_installed(ctx, started)
    finally:
        await asyncio.to_thread(drop_database)


async def run_installed(ctx: Context, started: float) -> dict[str, str]:
    installation = await asyncio.to_thread(install, ctx.work_dir / "scaleout-var")
    report(
        f"scaleout: fresh PostgreSQL + Redis installation in {time.perf_counter() - started:.1f} s;"
        f" two servers, {ctx.phones} phones split evenly"
    )
    with (
        server(installation, "A", ctx.work_dir) as a,
        server(installation, "B", ctx.work_dir) as b,
    ):
        try:
            return await measure_both(ctx, installation, a, b)
        except BenchError as error:
            raise BenchError(f"{error}\n{a.log_tail(15)}\n{b.log_tail(15)}") from error


async def measure_both(
    ctx: Context, installation: Installation, a: PlenumServer, b: PlenumServer
) -> dict[str, str]:
    code = installation.join_code
    joined_at = time.perf_counter()
    cookies = await asyncio.to_thread(join_phones, installation, ctx.phones)
    join_s = time.perf_counter() - joined_at

    # Push: phones on A and B, the facilitator on A.
    facilitator = Facilitator(a.base_url, installation.slug)
    await asyncio.to_thread(facilitator.login, installation.username, installation.password)
    fleet = SplitFleet(
        [f"ws://{HOST}:{s.port}/ws/live/phone/{code}/" for s in (a, b)],
        ctx.phones,
        cookies=cookies,
        origin=a.base_url,
    )
    try:
        connect_started = time.perf_counter()
        await fleet.open(concurrency=ctx.concurrency, timeout=ctx.timeout)
        connect_s = time.perf_counter() - connect_started
        await asyncio.sleep(SETTLE_SECONDS)
        steps = SlideSteps(ctx.slide, ctx.slides)

        async def change_slide(revision: int) -> None:
            action = steps.action()
            status = await asyncio.to_thread(facilitator.press, action)
            if status != 200:
                raise BenchError(f"POST console/{action}/ on A answered {status}")

        b_before = cpu_seconds(b.pid)
        measured = await measure(ctx, fleet, change_slide, a.pid, warmup=ctx.warmup)
        b_cpu_ms = (cpu_seconds(b.pid) - b_before) * 1000 / (ctx.changes + ctx.warmup)
        a.check_alive()
        b.check_alive()
    finally:
        await fleet.close()
    push = measured.latencies_ms
    # Which server's phones were last: the last arrival per change, A's half vs B's.
    last_on_b = 0
    for revision in sorted(fleet.arrivals)[-ctx.changes :]:
        arrivals = fleet.arrivals[revision]
        last = max(arrivals, key=lambda index: arrivals[index])
        last_on_b += last % 2
    report(
        f"scaleout: {ctx.phones} phones inserted with SQL in {join_s:.1f} s, connected in "
        f"{connect_s:.1f} s (half on A, half on B)"
    )
    report(
        f"scaleout: push, facilitator on A, last phone of all {ctx.phones}: "
        f"p50 {percentile(push, 50):.1f} ms, p99 {percentile(push, 99):.1f} ms "
        f"(first phone p50 {percentile(measured.first_ms, 50):.1f} ms; the last phone was on "
        f"B in {last_on_b} of {len(push)} changes); server CPU A "
        f"{measured.server_cpu_ms_per_change:.1f} ms/change, B {b_cpu_ms:.1f} ms/change"
    )
    report("scaleout: push every change ms: " + " ".join(f"{x:.1f}" for x in push))

    # Votes: the projector on B, the facilitator opens the poll on A, votes via both.
    poll = await asyncio.to_thread(find_poll, installation.slug)
    stored_before = await asyncio.to_thread(count_ballots, poll.poll_id)
    projector = ProjectorWatch(
        f"ws://{HOST}:{b.port}/ws/live/projector/{poll.projector_token}/", b.base_url, ctx.timeout
    )
    await projector.open()
    status = await asyncio.to_thread(facilitator.poll_action, poll.poll_id, "open")
    if status != 200 or not await projector.wait_answered(0, ctx.timeout):
        await projector.close()
        raise BenchError(
            f"POST polls/{poll.poll_id}/open/ on A answered {status}; "
            f"the projector on B showed {projector.seen[-1:]}"
        )
    try:
        base = projector.answered
        halves = [cookies[0::2], cookies[1::2]]  # phone i joined through ports[i % 2]
        bursts: list[Burst] = await asyncio.gather(
            *(
                vote_burst(
                    s.port,
                    code,
                    poll,
                    half,
                    rate=VOTES_PER_SECOND_EACH,
                    connections=VOTE_CONNECTIONS_EACH,
                    timeout=max(ctx.timeout, 30),
                    seed=11 + number,
                )
                for number, (s, half) in enumerate(zip((a, b), halves, strict=True))
            )
        )
        sent = [
            t
            for burst in bursts
            for t, status in zip(burst.sent, burst.statuses, strict=True)
            if status == 200
        ]
        await projector.wait_answered(base + len(sent), ctx.timeout)
        await asyncio.sleep(SETTLE_SECONDS)
        final = projector.answered - base
    finally:
        await projector.close()
    sent.sort()
    times = projector.first_at_least([base + index + 1 for index in range(len(sent))])
    latencies = [(shown - t) * 1000 for t, shown in zip(sent, times, strict=True) if shown]
    stored = await asyncio.to_thread(count_ballots, poll.poll_id) - stored_before
    total = sum(len(half) for half in halves)
    errors: Counter[str] = Counter()
    for burst in bursts:
        errors.update(burst.errors)
    http = [ms for burst in bursts for ms in burst.response_ms()]
    consistent = stored == len(sent) == final == total
    p99 = percentile(latencies, 99) if latencies else float("inf")
    report(
        f"scaleout: {total} votes in {VOTE_SECONDS:.0f} s ({total // 2} via A, {total - total // 2}"
        f" via B), projector on B: {len(sent)} answered 200, stored {stored}, projector's final "
        f"N {final}: {'consistent' if consistent else 'INCONSISTENT'}; vote -> projector p50 "
        + (f"{percentile(latencies, 50):.0f}" if latencies else "-")
        + f" ms p99 {p99:.0f} ms"
        + (f" ({len(sent) - len(latencies)} never shown)" if len(latencies) < len(sent) else "")
        + f"; HTTP p50 {percentile(http, 50):.0f} ms p99 {percentile(http, 99):.0f} ms"
        + (f"; REFUSED or failed: {dict(errors.most_common(3))}" if errors else "")
    )
    return {
        "scaleout_push_p50_ms": f"{percentile(push, 50):.1f}",
        "scaleout_push_p99_ms": f"{percentile(push, 99):.1f}",
        "scaleout_votes_sent": str(total),
        "scaleout_votes_stored": str(stored),
        "scaleout_vote_projector_p99_ms": f"{p99:.0f}",
    }
