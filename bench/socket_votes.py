"""Votes over the phones' open websockets, and the same against the vote floor.

`socket_knee` (scenario): 1000 phones connect once and stay connected. First 1000 votes in
5 s (one from each phone), then bursts of two seconds at rising rates (50 ... 4000
votes/s; at least 500 votes each, so 10 s at 50/s: the p99 of the 100 votes two seconds
hold at 50/s is their slowest, and one pause decided the knee), the poll reset and
opened again before each burst. Vote j of a burst comes from
phone j mod 1000, so from 1000 votes on a burst changes ballots in place, as a hall does
when people change their minds. A vote is the JSON frame of live/consumers.py; its answer
is the fragment with class "vote__confirmation" (or "vote__error"), and a socket's answers
come in the order its votes went. Per burst: answer time (sent -> answer), vote ->
projector for the burst's new ballots (as in bench/votes.py: vote i is shown once the
projector counts i + 1), and whether the server kept up (its last answer at most
10 % of the burst + 100 ms after the last vote was due). The knee is the highest rate kept
up with, with vote -> projector p99 within 250 ms at it and every lower rate.

Then the same phones, rates and measures against the vote floor (bench/vote_floor.py): a
bare `websockets` server that writes the votes to SQLite in batches and answers after
each commit. Both servers are pinned to the same core, this client to the other.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from bench.common import (
    CLIENT_CORE_LIMIT,
    HOST,
    BenchError,
    Context,
    Facilitator,
    PlenumServer,
    client_cpu_seconds,
    cpu_seconds,
    free_port,
    percentile,
    report,
)
from bench.vote_floor import VoteFloorServer
from bench.votes import (
    KNEE_BURST_SECONDS,
    KNEE_DRAIN_SECONDS,
    KNEE_RATES,
    TARGET_PROJECTOR_P99_MS,
    VOTE_SECONDS,
    VOTES,
    LivePoll,
    ProjectorWatch,
    find_live_poll,
)

TARGET_KNEE_PER_S = 2000
LEAST_BURST_VOTES = 500
TARGET_FLOOR_SHARE = 0.5
ANSWER_MARKS = ("vote__confirmation", "vote__error")
FIRST_RATE = VOTES / VOTE_SECONDS  # 1000 votes in 5 s, one from each phone

Frame = Callable[[int, int, int], str]  # (round, vote, phone) -> the frame a phone sends


@dataclass
class Voters:
    """The phones' sockets by index; each socket's answers in arrival order."""

    uris: list[str]
    cookies: list[str] | None
    origin: str | None
    timeout: float
    connections: dict[int, ClientConnection] = field(default_factory=dict)
    readers: list[asyncio.Task[None]] = field(default_factory=list)
    pending: dict[int, deque[int]] = field(default_factory=dict)  # phone -> votes unanswered
    answered: dict[int, float] = field(default_factory=dict)  # vote -> when
    refused: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event)
    expected: int = 0

    async def open(self, concurrency: int) -> None:
        semaphore = asyncio.Semaphore(concurrency)

        async def one(index: int) -> None:
            headers = {"Cookie": self.cookies[index]} if self.cookies else None
            async with semaphore:
                connection = await connect(
                    self.uris[index],
                    origin=Origin(self.origin) if self.origin else None,
                    additional_headers=headers,
                    compression=None,
                    max_size=None,
                    ping_interval=None,
                    proxy=None,
                    open_timeout=self.timeout,
                )
            self.connections[index] = connection
            self.pending[index] = deque()
            self.readers.append(asyncio.create_task(self._read(index, connection)))

        await asyncio.gather(*(one(index) for index in range(len(self.uris))))

    async def _read(self, index: int, connection: ClientConnection) -> None:
        try:
            async for message in connection:
                text = message if isinstance(message, str) else message.decode()
                if "data-revision" in text or not any(m in text for m in ANSWER_MARKS):
                    continue  # a screen for everyone, not this phone's answer
                queue = self.pending[index]
                if not queue:
                    continue
                vote = queue.popleft()
                self.answered[vote] = time.perf_counter()
                self.refused += "vote__error" in text
                if len(self.answered) >= self.expected:
                    self.done.set()
        except ConnectionClosed:
            pass

    async def close(self) -> None:
        await asyncio.gather(
            *(c.close() for c in self.connections.values()), return_exceptions=True
        )
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)


@dataclass(frozen=True)
class Burst:
    rate: float
    votes: int
    answered: int
    refused: int
    answer_ms: list[float]
    projector_ms: list[float]
    drain_s: float
    server_cpu_s: float
    client_share: float

    @property
    def kept_up(self) -> bool:
        return self.answered == self.votes and self.drain_s <= KNEE_DRAIN_SECONDS

    @property
    def projector_p99(self) -> float:
        return percentile(self.projector_ms, 99) if self.projector_ms else float("inf")

    def describe(self, label: str) -> str:
        answers = (
            f"answer p50 {percentile(self.answer_ms, 50):.0f} ms p99 "
            f"{percentile(self.answer_ms, 99):.0f} ms"
            if self.answer_ms
            else "no answers"
        )
        return (
            f"{label}: {self.votes} votes at {self.rate:.0f}/s: {self.answered} answered "
            f"({self.refused} refused), last {self.drain_s * 1000:.0f} ms after the last was "
            f"due; {answers}; vote -> projector p99 {self.projector_p99:.0f} ms; server CPU "
            f"{self.server_cpu_s * 1000 / max(self.votes, 1):.2f} ms/vote; load client "
            f"{self.client_share:.0%} of its core"
            + (" (INVALID: client-bound)" if self.client_share > CLIENT_CORE_LIMIT else "")
        )


async def burst(
    voters: Voters,
    projector: ProjectorWatch,
    frame: Frame,
    *,
    round_number: int,
    rate: float,
    count: int,
    server_pid: int,
    timeout: float,
) -> Burst:
    """`count` votes at `rate`; the projector's watch starts empty (its poll has just been
    reset or is new), so its N counts this burst's new ballots only."""
    phones = len(voters.connections)
    voters.answered = {}
    voters.refused = 0
    voters.expected = count
    voters.done.clear()
    cpu, client = cpu_seconds(server_pid), client_cpu_seconds()
    frames = [frame(round_number, vote, vote % phones) for vote in range(count)]
    started = time.perf_counter() + 0.05
    sent = [0.0] * count
    for vote in range(count):
        delay = started + vote / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        phone = vote % phones
        voters.pending[phone].append(vote)
        sent[vote] = time.perf_counter()
        await voters.connections[phone].send(frames[vote])
    last_due = started + (count - 1) / rate
    with contextlib.suppress(TimeoutError):  # the answers missing are counted below
        await asyncio.wait_for(voters.done.wait(), timeout + count / rate)
    new_ballots = min(count, phones)
    await projector.wait_answered(new_ballots, timeout)
    wall = time.perf_counter() - started
    shown = projector.first_at_least([j + 1 for j in range(new_ballots)])
    return Burst(
        rate=rate,
        votes=count,
        answered=len(voters.answered),
        refused=voters.refused,
        answer_ms=[(at - sent[vote]) * 1000 for vote, at in voters.answered.items()],
        projector_ms=[(t - sent[j]) * 1000 for j, t in enumerate(shown) if t is not None],
        drain_s=max(voters.answered.values(), default=time.perf_counter()) - last_due,
        server_cpu_s=cpu_seconds(server_pid) - cpu,
        client_share=(client_cpu_seconds() - client) / wall,
    )


def vote_frames(poll: LivePoll, seed: int) -> Frame:
    """Plenum's vote frame; the floor reads the same, with the round as its poll."""
    rng = random.Random(seed)  # noqa: S311  (which choices, not a secret)

    def frame(round_number: int, vote: int, phone: int) -> str:
        picks = rng.sample(poll.choice_ids, rng.randint(1, min(poll.max_choices, 3)))
        return json.dumps(
            {
                "type": "vote",
                "poll": poll.poll_id if round_number < 0 else round_number,
                "choices": picks,
                "value": None,
                "text": "",
                "client_id": str(uuid.uuid4()),
            }
        )

    return frame


@dataclass(frozen=True)
class Knee:
    first: Burst  # 1000 votes in 5 s
    bursts: list[Burst]

    @property
    def knee(self) -> int:
        """The highest rate kept up with, within the projector target there and below."""
        best = 0
        for one in self.bursts:
            if not one.kept_up or one.projector_p99 > TARGET_PROJECTOR_P99_MS:
                break
            best = int(one.rate)
        return best


async def run_rates(
    label: str,
    voters: Voters,
    projector: ProjectorWatch,
    frame: Frame,
    *,
    fresh_poll: Callable[[int], Awaitable[int]],
    server_pid: int,
    timeout: float,
) -> Knee:
    """The 1000 votes in 5 s, then the bursts; `fresh_poll(n)` readies round n's poll
    (empty, open, on the projector) and says which poll id the frames carry (-1: Plenum's)."""
    results = []
    rates = [FIRST_RATE, *KNEE_RATES]
    for number, rate in enumerate(rates):
        poll_round = await fresh_poll(number)
        projector.seen.clear()
        count = VOTES if number == 0 else max(round(rate * KNEE_BURST_SECONDS), LEAST_BURST_VOTES)
        one = await burst(
            voters,
            projector,
            frame,
            round_number=poll_round,
            rate=rate,
            count=count,
            server_pid=server_pid,
            timeout=timeout,
        )
        results.append(one)
        report(one.describe(f"{label}[{rate:.0f}/s]"))
        if number > 0 and not one.kept_up:
            break
    return Knee(first=results[0], bursts=results[1:])


async def run_plenum(ctx: Context, poll: LivePoll) -> Knee:
    installation = ctx.installation
    port = free_port()
    with PlenumServer(installation, port=port, log_path=ctx.work_dir / "socket.log") as server:
        facilitator = Facilitator(server.base_url, installation.slug)
        await asyncio.to_thread(facilitator.login, installation.username, installation.password)
        voters = Voters(
            [f"ws://{HOST}:{port}/ws/live/phone/{installation.join_code}/"] * ctx.phones,
            ctx.cookies,
            server.base_url,
            ctx.timeout,
        )
        projector = ProjectorWatch(
            f"ws://{HOST}:{port}/ws/live/projector/{poll.projector_token}/",
            server.base_url,
            ctx.timeout,
        )

        async def fresh_poll(number: int) -> int:
            for action in ("reset", "open"):
                status = await asyncio.to_thread(facilitator.poll_action, poll.poll_id, action)
                if status != 200:
                    raise BenchError(f"POST polls/{poll.poll_id}/{action}/ answered {status}")
            # Until the projector's next message shows the reset poll: 0 answers.
            deadline = time.perf_counter() + ctx.timeout
            while True:
                projector.changed.clear()  # before looking: a message after it sets it
                if projector.seen and projector.answered == 0:
                    return -1
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise BenchError("the projector never showed the reset poll")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(projector.changed.wait(), left)

        try:
            await projector.open()
            await voters.open(ctx.concurrency)
            return await run_rates(
                "socket",
                voters,
                projector,
                vote_frames(poll, seed=5),
                fresh_poll=fresh_poll,
                server_pid=server.pid,
                timeout=ctx.timeout,
            )
        except BenchError as error:
            raise BenchError(f"{error}\n{server.log_tail()}") from error
        finally:
            await voters.close()
            await projector.close()


async def run_floor(ctx: Context, poll: LivePoll) -> Knee:
    port = free_port()
    with VoteFloorServer(
        port=port,
        database=ctx.work_dir / "vote-floor.sqlite3",
        log_path=ctx.work_dir / "vote-floor.log",
        env=ctx.installation.env(),
    ) as server:
        voters = Voters([server.phone_uri(i) for i in range(ctx.phones)], None, None, ctx.timeout)
        projector = ProjectorWatch(server.projector_uri, "http://127.0.0.1", ctx.timeout)

        async def fresh_poll(number: int) -> int:
            return number  # a new poll id each round: no ballots yet

        try:
            await projector.open()
            await voters.open(ctx.concurrency)
            return await run_rates(
                "socket floor",
                voters,
                projector,
                vote_frames(poll, seed=5),
                fresh_poll=fresh_poll,
                server_pid=server.pid,
                timeout=ctx.timeout,
            )
        finally:
            await voters.close()
            await projector.close()


async def run(ctx: Context) -> dict[str, str]:
    poll = await asyncio.to_thread(find_live_poll, ctx.installation)
    report(
        f"socket_knee: {ctx.phones} phones stay connected; {VOTES} votes in {VOTE_SECONDS:.0f} s, "
        f"then bursts of {KNEE_BURST_SECONDS:.0f} s (at least {LEAST_BURST_VOTES} votes) at "
        + ", ".join(str(rate) for rate in KNEE_RATES)
        + " votes/s (ballots changed in place); then the same against the vote floor"
    )
    plenum = await run_plenum(ctx, poll)
    floor = await run_floor(ctx, poll)
    first = plenum.first
    share = plenum.knee / floor.knee if floor.knee else 0.0
    met = (
        plenum.knee >= TARGET_KNEE_PER_S
        and share >= TARGET_FLOOR_SHARE
        and first.projector_p99 <= TARGET_PROJECTOR_P99_MS
    )
    report(
        f"socket_knee: {VOTES} votes in {VOTE_SECONDS:.0f} s: vote -> projector p99 "
        f"{first.projector_p99:.0f} ms (floor {floor.first.projector_p99:.0f} ms); knee "
        f"{plenum.knee}/s, the floor's {floor.knee}/s ({share:.2f} of it); targets "
        f">= {TARGET_KNEE_PER_S}/s, >= {TARGET_FLOOR_SHARE} of the floor, p99 <= "
        f"{TARGET_PROJECTOR_P99_MS:.0f} ms: {'met' if met else 'MISSED'}"
    )
    return {
        "socket_vote_knee_per_s": str(plenum.knee),
        "vote_floor_knee_per_s": str(floor.knee),
        "socket_vote_projector_p99_ms": f"{first.projector_p99:.0f}",
        "socket_votes_answered": str(first.answered),
    }
