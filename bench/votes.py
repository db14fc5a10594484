"""Votes: phones vote on the live multiple-choice poll; how soon the projector shows it.

`votes` (scenario): 1000 freshly joined phones each cast one vote within 5 seconds,
spread evenly (a vote every 5 ms), over at most 50 keep-alive HTTP connections from this
process, as htmx does (``POST /j/<code>/polls/<id>/vote/`` with HX-Request). The
projector is a websocket client in this process; every message it gets is stamped and
its "N av M har svart" read. For vote i (in send order) the vote -> projector latency is
the time from sending it until the first projector message with N >= i + 1 (plus the
answers the poll had before). Also measured: the HTTP response time (until the phone's
confirmation), and that ballots stored == votes sent == the projector's final N.

Then the HTTP path's ceiling (`http_vote_rps`): 2000 votes from the same phones in a
closed loop of 20 connections, each vote sent as soon as the one before it is answered.

`knee` (scenario): the same, in bursts of two seconds at rising rates (50, 100, 200,
500, ... 4000 votes/s), each burst from phones that have not voted yet, until the server
no longer keeps up with the offered rate (its last answer comes more than 10% of the
burst + 100 ms after the last vote was due). Two figures: the highest rate kept up with
(`vote_keepup_per_s`) and the highest rate that also kept vote -> projector p99 within
250 ms, at it and every lower rate (`vote_knee_per_s`; 0 if even the lowest misses).
HTTP response times are from sending (`sent`); the send lag (`sent` after `scheduled`,
all connections busy) shows the client-side queue when the server falls behind.
"""

from __future__ import annotations

import asyncio
import random
import re
import string
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from bench.common import (
    HOST,
    BenchError,
    Context,
    Facilitator,
    Installation,
    PlenumServer,
    cpu_seconds,
    free_port,
    machine_busy_seconds,
    participant_cookies,
    percentile,
    report,
    setup_django,
)
from bench.wire import FORM_HEADERS, Connection, form_body

VOTES = 1000
VOTE_SECONDS = 5.0
VOTE_CONNECTIONS = 50
TARGET_PROJECTOR_P99_MS = 250.0
KNEE_RATES = (50, 100, 200, 500, 1000, 2000, 3000, 4000)
KNEE_BURST_SECONDS = 2.0
KNEE_CONNECTIONS = 100
CLOSED_LOOP_CONNECTIONS = 20
CLOSED_LOOP_VOTES = 2000
TARGET_HTTP_VOTES_PER_S = 300
# The server keeps up when its last answer comes at most this long after the last vote
# was due (a backlog of more than 10% of the burst means it answers slower than offered).
KNEE_DRAIN_SECONDS = 0.1 * KNEE_BURST_SECONDS + 0.1
SETTLE_SECONDS = 1.0  # after a burst: the coalesced results update is due

ANSWERED_RE = re.compile(r"(\d+) (?:av|of) (\d+) (?:har svart|has answered|have answered)")
COUNT_RE = re.compile(r'<td class="result-row__count">(\d+)</td>')


def csrf_token() -> str:
    """What Django accepts as an unmasked CSRF secret: 32 letters and digits."""
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(32))  # noqa: S311  (not a secret)


# The installation's side (Django, in a worker thread: the ORM refuses the event loop) -----


@dataclass(frozen=True)
class LivePoll:
    poll_id: int
    choice_ids: list[int]
    max_choices: int
    projector_token: str


def find_live_poll(installation: Installation) -> LivePoll:
    """The demo seminar's multiple-choice poll (results shown live)."""
    setup_django(installation)
    from django.db import connections

    from polls.models import Poll
    from seminar.models import Seminar

    try:
        seminar = Seminar.objects.get(slug=installation.slug)
        poll = Poll.objects.get(seminar=seminar, order=1)
        choice_ids = list(poll.choices.order_by("order").values_list("pk", flat=True))
        if poll.kind != Poll.Kind.MULTIPLE or not choice_ids:
            raise BenchError(
                f"poll {poll.pk} (order 1) is {poll.kind} with {len(choice_ids)} choices"
            )
        return LivePoll(poll.pk, choice_ids, max(poll.max_choices, 1), seminar.projector_token)
    finally:
        connections.close_all()


def count_ballots(installation: Installation, poll_id: int) -> int:
    setup_django(installation)
    from django.db import connections

    from polls.models import Ballot

    try:
        return Ballot.objects.filter(poll_id=poll_id).count()
    finally:
        connections.close_all()


# The projector ----------------------------------------------------------------------------


@dataclass
class ProjectorWatch:
    """The projector's websocket: every message's arrival time and "N av M har svart"."""

    uri: str
    origin: str
    timeout: float
    seen: list[tuple[float, int, int, list[int]]] = field(default_factory=list)
    connection: ClientConnection | None = None
    reader: asyncio.Task[None] | None = None
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def open(self) -> None:
        self.connection = await connect(
            self.uri,
            origin=Origin(self.origin),
            compression=None,
            max_size=None,
            ping_interval=None,
            proxy=None,
            open_timeout=self.timeout,
            close_timeout=5,
        )
        self.reader = asyncio.create_task(self._read(self.connection))

    async def _read(self, connection: ClientConnection) -> None:
        try:
            async for message in connection:
                now = time.perf_counter()
                text = message if isinstance(message, str) else message.decode(errors="replace")
                match = ANSWERED_RE.search(text)
                if match is None:
                    continue
                counts = [int(c) for c in COUNT_RE.findall(text)]
                self.seen.append((now, int(match.group(1)), int(match.group(2)), counts))
                self.changed.set()
        except ConnectionClosed:
            pass

    @property
    def answered(self) -> int:
        return self.seen[-1][1] if self.seen else -1

    async def wait_answered(self, at_least: int, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        for _round in range(10_000):
            if self.answered >= at_least:
                return True
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                return self.answered >= at_least
        return False

    def first_at_least(self, targets: list[int]) -> list[float | None]:
        """For each target (ascending), when the first message with N >= it came."""
        result: list[float | None] = []
        best, index = -1, 0
        for target in targets:
            while best < target and index < len(self.seen):
                best = max(best, self.seen[index][1])
                index += 1
            result.append(self.seen[index - 1][0] if best >= target and index else None)
        return result

    async def close(self) -> None:
        if self.connection is not None:
            try:
                await asyncio.wait_for(self.connection.close(), 5)
            except TimeoutError:
                self.connection.transport.abort()
        if self.reader is not None:
            self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)


# The phones' votes ------------------------------------------------------------------------


@dataclass
class Burst:
    rate: float
    started: float
    scheduled: list[float]
    sent: list[float]
    answered: list[float]
    statuses: list[int]
    errors: Counter[str]

    @property
    def ok(self) -> int:
        return sum(1 for status in self.statuses if status == 200)

    def response_ms(self) -> list[float]:
        return [
            (a - s) * 1000
            for a, s, st in zip(self.answered, self.sent, self.statuses, strict=True)
            if st
        ]

    def send_lag_ms(self) -> list[float]:
        return [(s - c) * 1000 for s, c in zip(self.sent, self.scheduled, strict=True)]

    def achieved_rate(self) -> float:
        """Votes answered per second, from the first scheduled send to the last answer."""
        span = max(self.answered) - self.started
        return self.ok / span if span > 0 else 0.0

    def drain_seconds(self) -> float:
        """From when the last vote was due until the last answer came."""
        return max(self.answered) - max(self.scheduled)


async def vote_burst(
    port: int,
    join_code: str,
    poll: LivePoll,
    cookies: list[str],
    *,
    rate: float,
    connections: int,
    timeout: float,
    seed: int,
) -> Burst:
    """One vote per cookie, sent at `rate` per second (evenly spaced) over at most
    `connections` keep-alive connections; a vote waits for a free connection if all are
    busy (and `sent` then lags `scheduled`)."""
    count = len(cookies)
    rng = random.Random(seed)  # noqa: S311  (which choices, not a secret)
    path = f"/j/{join_code}/polls/{poll.poll_id}/vote/"
    bodies, headers = [], []
    for cookie in cookies:
        token = csrf_token()
        picks = rng.sample(
            poll.choice_ids, rng.randint(1, min(poll.max_choices, len(poll.choice_ids)))
        )
        fields = [("choice", str(pk)) for pk in picks]
        fields += [("client_id", str(uuid.uuid4())), ("csrfmiddlewaretoken", token)]
        bodies.append(form_body(fields))
        headers.append(
            {**FORM_HEADERS, "HX-Request": "true", "Cookie": f"{cookie}; csrftoken={token}"}
        )
    started = time.perf_counter() + 0.05
    scheduled = [started + index / rate for index in range(count)]
    sent = [0.0] * count
    answered = [0.0] * count
    statuses = [0] * count
    errors: Counter[str] = Counter()
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(count):
        queue.put_nowait(index)

    async def worker() -> None:
        connection = Connection(port, timeout=timeout)
        try:
            for _vote in range(count):
                try:
                    index = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                delay = scheduled[index] - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                sent[index] = time.perf_counter()
                try:
                    response = await connection.request(
                        "POST", path, headers=headers[index], body=bodies[index]
                    )
                except BenchError as error:
                    answered[index] = time.perf_counter()
                    errors[str(error)[:200]] += 1
                    continue
                answered[index] = time.perf_counter()
                statuses[index] = response.status
                if response.status != 200:
                    body = " ".join(response.text.split())[:300]
                    errors[f"{response.status}: {body}"] += 1
        finally:
            await connection.close()

    workers = [asyncio.create_task(worker()) for _ in range(min(connections, count))]
    try:
        await asyncio.wait_for(asyncio.gather(*workers), count / rate + timeout + 30)
    except TimeoutError as error:
        raise BenchError(f"{count} votes at {rate:.0f}/s were not all answered in time") from error
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    return Burst(rate, started, scheduled, sent, answered, statuses, errors)


@dataclass(frozen=True)
class BurstFigures:
    rate: float
    votes: int
    ok: int
    projector_ms: list[float]
    missing: int  # votes no projector message ever covered
    response_ms: list[float]
    send_lag_p99_ms: float
    achieved_rate: float
    drain_s: float
    final_answered: int
    server_cpu_s: float
    other_cores: float  # what other processes on the machine used meanwhile

    @property
    def projector_p99(self) -> float:
        return percentile(self.projector_ms, 99) if self.projector_ms else float("inf")

    def describe(self, label: str) -> str:
        p50 = percentile(self.projector_ms, 50) if self.projector_ms else float("nan")
        return (
            f"{label}: {self.votes} votes at {self.rate:.0f}/s: {self.ok} answered 200, "
            f"{self.achieved_rate:.0f}/s achieved, last answer {self.drain_s * 1000:.0f} ms "
            f"after the last vote was due; vote -> projector p50 {p50:.0f} ms "
            f"p99 {self.projector_p99:.0f} ms"
            + (f" ({self.missing} never shown)" if self.missing else "")
            + f"; HTTP response p50 {percentile(self.response_ms, 50):.0f} ms "
            f"p99 {percentile(self.response_ms, 99):.0f} ms; send lag p99 "
            f"{self.send_lag_p99_ms:.0f} ms; server CPU {self.server_cpu_s:.1f} s "
            f"({self.server_cpu_s * 1000 / max(self.ok, 1):.1f} ms/vote); other processes "
            f"{self.other_cores:.2f} cores"
        )


async def measured_burst(
    server: PlenumServer,
    ctx: Context,
    poll: LivePoll,
    projector: ProjectorWatch,
    cookies: list[str],
    *,
    rate: float,
    connections: int,
    seed: int,
) -> tuple[BurstFigures, Burst]:
    base = projector.answered
    cpu_before = cpu_seconds(server.pid)
    client_before, machine_before = time.process_time(), machine_busy_seconds()
    wall_before = time.perf_counter()
    burst = await vote_burst(
        server.port,
        ctx.installation.join_code,
        poll,
        cookies,
        rate=rate,
        connections=connections,
        timeout=max(ctx.timeout, 30),
        seed=seed,
    )
    await projector.wait_answered(base + burst.ok, ctx.timeout)
    await asyncio.sleep(SETTLE_SECONDS)  # any later update (there should be none)
    server.check_alive()
    cpu = cpu_seconds(server.pid) - cpu_before
    client = time.process_time() - client_before
    others = machine_busy_seconds() - machine_before - cpu - client
    other_cores = max(0.0, others) / (time.perf_counter() - wall_before)
    times = projector.first_at_least([base + index + 1 for index in range(burst.ok)])
    # Vote i in send order is covered once the projector counts base + i + 1 answers.
    order = sorted(range(len(cookies)), key=lambda i: burst.sent[i])
    latencies = []
    for rank, index in enumerate(order[: burst.ok]):
        shown = times[rank]
        if shown is not None:
            latencies.append((shown - burst.sent[index]) * 1000)
    figures = BurstFigures(
        rate=rate,
        votes=len(cookies),
        ok=burst.ok,
        projector_ms=latencies,
        missing=burst.ok - len(latencies),
        response_ms=burst.response_ms(),
        send_lag_p99_ms=percentile(burst.send_lag_ms(), 99),
        achieved_rate=burst.achieved_rate(),
        drain_s=burst.drain_seconds(),
        final_answered=projector.answered - base,
        server_cpu_s=cpu,
        other_cores=other_cores,
    )
    return figures, burst


async def open_poll_on_projector(
    ctx: Context, server: PlenumServer, poll: LivePoll
) -> tuple[Facilitator, ProjectorWatch]:
    installation = ctx.installation
    facilitator = Facilitator(server.base_url, installation.slug)
    await asyncio.to_thread(facilitator.login, installation.username, installation.password)
    projector = ProjectorWatch(
        f"ws://{HOST}:{server.port}/ws/live/projector/{poll.projector_token}/",
        server.base_url,
        ctx.timeout,
    )
    await projector.open()
    status = await asyncio.to_thread(facilitator.poll_action, poll.poll_id, "open")
    if status != 200:
        await projector.close()
        raise BenchError(f"POST polls/{poll.poll_id}/open/ answered {status}")
    for _wait in range(int(ctx.timeout / 0.05)):
        if projector.seen:
            break
        await asyncio.sleep(0.05)
    else:
        await projector.close()
        raise BenchError("the projector never showed the poll's answered count")
    return facilitator, projector


async def closed_loop(
    port: int, join_code: str, poll: LivePoll, cookies: list[str], *, timeout: float
) -> tuple[int, float, Counter[str]]:
    """CLOSED_LOOP_CONNECTIONS connections, each sending its next vote as soon as the last
    is answered, CLOSED_LOOP_VOTES votes in all (from the phones in turn: a phone's later
    vote changes its ballot); (votes answered 200, wall seconds, failures)."""
    rng = random.Random(9)  # noqa: S311  (which choices, not a secret)
    path = f"/j/{join_code}/polls/{poll.poll_id}/vote/"
    remaining = list(range(CLOSED_LOOP_VOTES))
    ok = 0
    errors: Counter[str] = Counter()

    async def client() -> None:
        nonlocal ok
        connection = Connection(port, timeout=timeout)
        try:
            while remaining:
                vote = remaining.pop()
                token = csrf_token()
                picks = rng.sample(poll.choice_ids, rng.randint(1, min(poll.max_choices, 3)))
                fields = [("choice", str(pk)) for pk in picks]
                fields += [("client_id", str(uuid.uuid4())), ("csrfmiddlewaretoken", token)]
                cookie = cookies[vote % len(cookies)]
                headers = {
                    **FORM_HEADERS,
                    "HX-Request": "true",
                    "Cookie": f"{cookie}; csrftoken={token}",
                }
                response = await connection.request(
                    "POST", path, headers=headers, body=form_body(fields)
                )
                if response.status == 200:
                    ok += 1
                else:
                    errors[f"{response.status}: {' '.join(response.text.split())[:200]}"] += 1
        finally:
            await connection.close()

    started = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(client() for _ in range(CLOSED_LOOP_CONNECTIONS))), 300)
    return ok, time.perf_counter() - started, errors


def describe_errors(burst: Burst) -> str:
    return "; ".join(f"{n} x {kind}" for kind, n in burst.errors.most_common(3))


async def run(ctx: Context) -> dict[str, str]:
    """1000 votes in 5 seconds; the fields of the final `bench:` line."""
    installation = ctx.installation
    poll = await asyncio.to_thread(find_live_poll, installation)
    cookies = await asyncio.to_thread(participant_cookies, installation, VOTES)
    report(
        f"votes: {VOTES} phones vote on poll {poll.poll_id} ({len(poll.choice_ids)} choices, "
        f"up to {poll.max_choices}) within {VOTE_SECONDS:.0f} s over {VOTE_CONNECTIONS} connections"
    )
    stored_before = await asyncio.to_thread(count_ballots, installation, poll.poll_id)
    port = free_port()
    with PlenumServer(installation, port=port, log_path=ctx.work_dir / "votes.log") as server:
        _facilitator, projector = await open_poll_on_projector(ctx, server, poll)
        try:
            figures, burst = await measured_burst(
                server,
                ctx,
                poll,
                projector,
                cookies,
                rate=VOTES / VOTE_SECONDS,
                connections=VOTE_CONNECTIONS,
                seed=1,
            )
            updates = len(projector.seen)
            last_counts = projector.seen[-1][3]
            # The HTTP path as a fallback's ceiling: a closed loop, votes back to back.
            loop_ok, loop_wall, loop_errors = await closed_loop(
                port, installation.join_code, poll, cookies, timeout=ctx.timeout
            )
        finally:
            await projector.close()
    stored = await asyncio.to_thread(count_ballots, installation, poll.poll_id) - stored_before
    report(figures.describe("votes"))
    if burst.errors:
        report(f"votes: REFUSED or failed: {describe_errors(burst)}")
    consistent = stored == figures.ok == figures.final_answered == VOTES
    report(
        f"votes: sent {VOTES}, answered 200 {figures.ok}, stored {stored}, projector's final "
        f"N {figures.final_answered} ({updates} projector updates; final counts per choice "
        f"{last_counts}): {'consistent' if consistent else 'INCONSISTENT'}"
    )
    verdict = "met" if figures.projector_p99 <= TARGET_PROJECTOR_P99_MS else "MISSED"
    report(
        f"votes: vote -> projector p99 {figures.projector_p99:.0f} ms, "
        f"target <= {TARGET_PROJECTOR_P99_MS:.0f} ms: {verdict}"
    )
    http_rps = loop_ok / loop_wall
    report(
        f"votes: over HTTP in a closed loop of {CLOSED_LOOP_CONNECTIONS} connections: "
        f"{loop_ok} of {CLOSED_LOOP_VOTES} answered 200 in {loop_wall:.1f} s, "
        f"{http_rps:.0f} votes/s, target >= {TARGET_HTTP_VOTES_PER_S}: "
        + ("met" if http_rps >= TARGET_HTTP_VOTES_PER_S else "MISSED")
        + (f"; failed: {dict(loop_errors.most_common(3))}" if loop_errors else "")
    )
    if figures.ok == 0:
        raise BenchError(f"no vote was accepted: {describe_errors(burst)}")
    return {
        "http_vote_rps": f"{http_rps:.0f}",
        "votes_sent": str(VOTES),
        "votes_stored": str(stored),
        "votes_projector_final": str(figures.final_answered),
        "vote_projector_p50_ms": f"{percentile(figures.projector_ms, 50):.0f}",
        "vote_projector_p99_ms": f"{figures.projector_p99:.0f}",
        "vote_http_p50_ms": f"{percentile(figures.response_ms, 50):.0f}",
        "vote_http_p99_ms": f"{percentile(figures.response_ms, 99):.0f}",
    }


async def run_knee(ctx: Context) -> dict[str, str]:
    """Rising vote rates until the projector or the server falls behind."""
    installation = ctx.installation
    poll = await asyncio.to_thread(find_live_poll, installation)
    sizes = [round(rate * KNEE_BURST_SECONDS) for rate in KNEE_RATES]
    cookies = await asyncio.to_thread(participant_cookies, installation, sum(sizes))
    report(
        f"knee: bursts of {KNEE_BURST_SECONDS:.0f} s at "
        + ", ".join(str(rate) for rate in KNEE_RATES)
        + f" votes/s (fresh phones each), up to {KNEE_CONNECTIONS} connections"
    )
    knee = keepup = 0
    limit = latency_limit = ""
    port = free_port()
    with PlenumServer(installation, port=port, log_path=ctx.work_dir / "knee.log") as server:
        _facilitator, projector = await open_poll_on_projector(ctx, server, poll)
        try:
            offset = 0
            for step, (rate, size) in enumerate(zip(KNEE_RATES, sizes, strict=True)):
                figures, burst = await measured_burst(
                    server,
                    ctx,
                    poll,
                    projector,
                    cookies[offset : offset + size],
                    rate=rate,
                    connections=KNEE_CONNECTIONS,
                    seed=100 + step,
                )
                offset += size
                report(figures.describe(f"knee[{rate}/s]"))
                if burst.errors:
                    report(f"knee[{rate}/s]: REFUSED or failed: {describe_errors(burst)}")
                if figures.ok < size:
                    limit = f"{size - figures.ok} of {size} votes failed at {rate}/s"
                elif figures.drain_s > KNEE_DRAIN_SECONDS:
                    limit = (
                        f"at {rate}/s the server answered {figures.achieved_rate:.0f}/s, "
                        f"its last answer {figures.drain_s:.1f} s late "
                        f"(HTTP p99 {percentile(figures.response_ms, 99):.0f} ms)"
                    )
                if limit:
                    break
                keepup = rate
                if figures.projector_p99 > TARGET_PROJECTOR_P99_MS or figures.missing:
                    latency_limit = latency_limit or (
                        f"vote -> projector p99 {figures.projector_p99:.0f} ms at {rate}/s"
                    )
                elif not latency_limit:
                    knee = rate
        finally:
            await projector.close()
    limit = limit or f"kept up to {KNEE_RATES[-1]}/s"
    verdict = "met" if knee >= 3000 else "MISSED"
    report(
        f"knee: kept up with {keepup or '<' + str(KNEE_RATES[0])} votes/s ({limit}); "
        f"within the projector target: {knee or '<' + str(KNEE_RATES[0])} votes/s"
        + (f" ({latency_limit})" if latency_limit else "")
        + f"; target >= 3000/s: {verdict}"
    )
    return {"vote_knee_per_s": str(knee), "vote_keepup_per_s": str(keepup)}
