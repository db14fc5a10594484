"""`make soak` (`python -m bench.soak`): a seminar day compressed into `--minutes` (30).

150 phones (websocket clients with participant cookies, in this process) stay connected
to one Plenum server (the embedded default: SQLite, the in-memory layer) of a fresh
installation, seated at the demo's tables. Every minute runs the same timeline:

- the facilitator changes the slide every 5 s (next, and back at the last slide);
- at 0 s a poll of its own opens (one per minute, made before the server starts); every
  phone votes within 25 s over HTTP as phones do today (`send_vote`), one in ten sends its
  vote again with the same client id (a confirmation lost on the way), one in twenty
  changes its vote; the poll closes at 35 s;
- every third minute (the 2nd, 5th, ...) the demo's brainstorm opens at 35 s, a third of
  the phones write a line or two on their table's flipover (`send_note`), one in ten of
  those is sent twice, and it closes at 55 s;
- a few phones drop (the network gone, or the page closed) and come back within 10 s.

At the end of every minute the server's RSS and CPU are sampled and printed. At the end,
every answer is checked against the database: each phone's last vote on each poll and
every note stored exactly once, with what was sent (`tally`), and every phone on the
current screen. The final line is ``soak: soak_rss_growth_pct=... soak_lost=... ...``;
RSS growth is from the end of minute 5 to the end (from minute 1 for a run under 6
minutes, which has no warm-up of 5). Exit code 1 if an answer is lost, stored twice or
stored unsent, or a phone is not on the current screen.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import random
import re
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench.common import (
    HOST,
    MB,
    REVISION_RE,
    BenchError,
    Facilitator,
    Installation,
    PhoneFleet,
    PlenumServer,
    cpu_seconds,
    free_port,
    install,
    machine_busy_seconds,
    participant_cookies,
    percentile,
    raise_nofile_limit,
    report,
    rss_bytes,
    setup_django,
    slide_position,
)
from bench.push import SlideSteps
from bench.votes import csrf_token
from bench.wire import FORM_HEADERS, Connection, form_body

PHONES = 150
MINUTE = 60.0
SLIDE_EVERY = 5.0
VOTE_WITHIN = 25.0  # seconds after the poll opens
POLL_CLOSES_AT = 35.0
EXERCISE_EVERY = 3  # minutes; the first in the second minute
EXERCISE_OPENS_AT = 35.0
EXERCISE_CLOSES_AT = 55.0
NOTES_WITHIN = 15.0  # seconds after the exercise opens
RESEND_SHARE = 0.1
CHANGE_SHARE = 0.05
DROPS_PER_MINUTE = 5
DROP_WITHIN = 45.0  # seconds into the minute, so every phone is back before it ends
AWAY_SECONDS = (1.0, 10.0)
SENDS_PER_ANSWER = 5  # a phone resends until it is answered, live.js-style; then gives up
WARMUP_MINUTES = 5
TARGET_RSS_GROWTH_PCT = 10.0
CHOICES = ("Økonomien", "Folkehelsa", "Klimaet", "Bosettingen")
MAX_CHOICES = 2
ERROR_RE = re.compile(r"Traceback|ERROR|Exception")


# What was sent, what is stored -------------------------------------------------------------


@dataclass(frozen=True)
class SentVote:
    poll_id: int
    participant_id: int
    client_id: uuid.UUID
    choice_ids: tuple[int, ...]  # sorted


@dataclass(frozen=True)
class SentNote:
    exercise_id: int
    participant_id: int
    client_id: uuid.UUID | None  # None: a note stored without one, which no soak phone sends
    text: str


@dataclass
class Ledger:
    """What the phones sent: the last vote each phone gave each poll (a change replaces
    the earlier one, a resend is the same one) and every note, by client id."""

    votes: dict[tuple[int, int], SentVote] = field(default_factory=dict)
    notes: dict[uuid.UUID | None, SentNote] = field(default_factory=dict)
    posts: int = 0  # requests sent, resends included
    statuses: Counter[int] = field(default_factory=Counter)  # 0: no answer at all

    def vote(self, sent: SentVote) -> None:
        self.votes[(sent.poll_id, sent.participant_id)] = sent

    def note(self, sent: SentNote) -> None:
        self.notes[sent.client_id] = sent


@dataclass(frozen=True)
class Tally:
    votes_sent: int
    votes_stored: int  # as sent: the same client id and the same choices
    notes_sent: int
    notes_stored: int  # once each, with the text sent
    extra: int  # stored though not sent (or stored twice)

    @property
    def lost(self) -> int:
        return self.votes_sent - self.votes_stored + self.notes_sent - self.notes_stored


def tally(ledger: Ledger, ballots: Iterable[SentVote], notes: Iterable[SentNote]) -> Tally:
    """The ballots and notes stored by the soak's phones (on its polls and its exercise),
    against what they sent."""
    stored_votes: dict[tuple[int, int], SentVote] = {}
    extra = 0
    for ballot in ballots:
        key = (ballot.poll_id, ballot.participant_id)
        extra += int(key in stored_votes or key not in ledger.votes)
        stored_votes[key] = ballot
    votes_stored = sum(1 for key, sent in ledger.votes.items() if stored_votes.get(key) == sent)
    copies = Counter(note.client_id for note in notes)
    by_id = {note.client_id: note for note in notes}
    extra += sum(n - 1 for n in copies.values()) + sum(1 for c in copies if c not in ledger.notes)
    notes_stored = sum(
        1
        for client_id, sent in ledger.notes.items()
        if copies[client_id] == 1 and by_id[client_id] == sent
    )
    return Tally(len(ledger.votes), votes_stored, len(ledger.notes), notes_stored, extra)


def rss_growth(rss_by_minute: Sequence[int]) -> tuple[float, int]:
    """(growth in % of the RSS at the end of the warm-up to the last sample, the minute
    it is measured from). Sample n is the one at the end of minute n + 1."""
    if len(rss_by_minute) < 2:
        raise ValueError("RSS growth needs samples from two minutes")
    start = WARMUP_MINUTES if len(rss_by_minute) > WARMUP_MINUTES else 1
    first = rss_by_minute[start - 1]
    return (rss_by_minute[-1] - first) / first * 100, start


# The installation's side (Django in this process, before and after the event loop) --------


@dataclass(frozen=True)
class Plan:
    join_code: str
    slug: str
    participant_ids: list[int]  # one per cookie
    poll_choices: dict[int, list[int]]  # the soak's polls in order: their choice ids
    exercise_id: int


def prepare(installation: Installation, cookies: list[str], minutes: int) -> Plan:
    """Seat the phones at the tables (as the groups page's "at random" does), make one
    poll per minute and find the brainstorm the phones write on."""
    setup_django(installation)
    from django.db import connections

    from agenda.models import Slide
    from exercises.models import Exercise
    from live.screens import slide_sequence
    from polls.models import Poll
    from polls.services import ChoiceDraft, PollDraft, create_poll
    from seminar.groupings import assign_at_random
    from seminar.models import Seminar
    from seminar.participants import ids_from_cookie

    try:
        seminar = Seminar.objects.get(slug=installation.slug)
        participant_ids = []
        for cookie in cookies:
            ids = ids_from_cookie(cookie.partition("=")[2])
            if ids is None:
                raise BenchError(f"not a participant cookie: {cookie[:40]}")
            participant_ids.append(ids[1])
        exercise = (
            Exercise.objects.filter(
                seminar=seminar, kind=Exercise.Kind.BRAINSTORM, grouping=Exercise.Grouping.TABLE
            )
            .order_by("order")
            .first()
        )
        if exercise is None:
            raise BenchError("the demo has no brainstorm at the tables")
        assign_at_random(seminar=seminar, kind=exercise.grouping, rng=random.Random(19))  # noqa: S311
        slide_ids = [ref.id for ref in slide_sequence(seminar.pk)]
        slides = Slide.objects.in_bulk(slide_ids)
        poll_choices = {}
        for minute in range(minutes):
            poll = create_poll(
                slide=slides[slide_ids[minute % len(slide_ids)]],
                draft=PollDraft(
                    kind=Poll.Kind.MULTIPLE,
                    question=f"Minutt {minute + 1}: hva er viktigst for kommunen framover?",
                    choices=tuple(ChoiceDraft(label=label) for label in CHOICES),
                    max_choices=MAX_CHOICES,
                ),
            )
            poll_choices[poll.pk] = list(
                poll.choices.order_by("order").values_list("pk", flat=True)
            )
        return Plan(
            join_code=installation.join_code,
            slug=installation.slug,
            participant_ids=participant_ids,
            poll_choices=poll_choices,
            exercise_id=exercise.pk,
        )
    finally:
        connections.close_all()


def stored_answers(plan: Plan) -> tuple[list[SentVote], list[SentNote], int]:
    """The soak phones' ballots on the soak's polls, their notes on the brainstorm, and the
    room's revision now."""
    from django.db import connections

    from exercises.models import Contribution
    from live.models import LiveState
    from polls.models import Ballot

    try:
        phones = set(plan.participant_ids)
        chosen: dict[int, list[int]] = {}
        for ballot_id, choice_id in Ballot.choices.through.objects.filter(
            ballot__poll_id__in=plan.poll_choices
        ).values_list("ballot_id", "choice_id"):
            chosen.setdefault(ballot_id, []).append(choice_id)
        ballots = [
            SentVote(poll_id, participant_id, client_id, tuple(sorted(chosen.get(pk, []))))
            for pk, poll_id, participant_id, client_id in Ballot.objects.filter(
                poll_id__in=plan.poll_choices
            ).values_list("pk", "poll_id", "participant_id", "client_id")
            if participant_id in phones
        ]
        notes = [
            SentNote(plan.exercise_id, participant_id, client_id, text)
            for participant_id, client_id, text in Contribution.objects.filter(
                exercise_id=plan.exercise_id, participant_id__in=phones
            ).values_list("participant_id", "client_id", "text")
        ]
        revision = LiveState.objects.filter(seminar__slug=plan.slug).values_list(
            "revision", flat=True
        )
        return ballots, notes, revision.get()
    finally:
        connections.close_all()


# The phones ---------------------------------------------------------------------------------


class SoakFleet(PhoneFleet):
    """The fleet, with phones that drop and come back one at a time."""

    def __init__(self, uri: str, cookies: list[str], *, origin: str, timeout: float) -> None:
        super().__init__(uri, len(cookies), cookies=cookies, origin=origin)
        self.timeout = timeout
        self.sockets: dict[int, ClientConnection] = {}
        self.away: set[int] = set()
        self.deliberate = 0  # drops the soak made
        self.unexpected = 0  # sockets the server (or anything but the soak) closed
        self.reconnect_ms: list[float] = []

    async def _read(self, index: int, connection: ClientConnection) -> None:
        self.sockets[index] = connection
        await super()._read(index, connection)
        if not self.closing and self.sockets.get(index) is connection:
            self.unexpected += 1
            del self.sockets[index]

    def is_closing(self) -> bool:
        """(A method: the fleet may start closing during any await.)"""
        return self.closing

    async def drop_and_return(self, index: int, *, after: float, away: float, abort: bool) -> None:
        """Phone `index` loses its socket `after` seconds from now (the network gone, or
        with `abort` False the page closed) and connects again `away` seconds later."""
        await asyncio.sleep(after)
        connection = self.sockets.pop(index, None)
        if connection is None or self.is_closing():
            return
        self.away.add(index)
        self.deliberate += 1
        if abort:
            connection.transport.abort()
        else:
            await connection.close()
        await asyncio.sleep(away)
        started = time.perf_counter()
        for attempt in range(SENDS_PER_ANSWER):
            if self.is_closing():
                return
            try:
                await self._connect(index, asyncio.Semaphore(1), self.timeout)
            except (OSError, TimeoutError, BenchError, InvalidHandshake, ConnectionClosed) as error:
                report(f"soak: phone {index} could not come back ({attempt + 1}): {error}")
                await asyncio.sleep(0.5 * 2**attempt)
            else:
                self.reconnect_ms.append((time.perf_counter() - started) * 1000)
                self.away.discard(index)
                return


@dataclass
class Phone:
    """One phone's HTTP side: its participant, its CSRF cookie, its keep-alive connection
    (one request at a time, as a phone's form sends)."""

    index: int
    participant_id: int
    cookie: str
    http: Connection
    csrf: str = field(default_factory=csrf_token)
    busy: asyncio.Lock = field(default_factory=asyncio.Lock)

    def headers(self) -> dict[str, str]:
        return {
            **FORM_HEADERS,
            "HX-Request": "true",
            "Cookie": f"{self.cookie}; csrftoken={self.csrf}",
        }


async def post_answer(
    phone: Phone, path: str, fields: list[tuple[str, str]], ledger: Ledger
) -> tuple[int, float]:
    """POST one answer the way live.js does: sent again (the same body, so the same client
    id) until the server answers. (status, ms until answered); status 0: never answered."""
    body = form_body([*fields, ("csrfmiddlewaretoken", phone.csrf)])
    started = time.perf_counter()
    status = 0
    async with phone.busy:
        for attempt in range(SENDS_PER_ANSWER):
            ledger.posts += 1
            try:
                response = await phone.http.request(
                    "POST", path, headers=phone.headers(), body=body
                )
            except BenchError:
                await asyncio.sleep(0.5 * 2**attempt)
                continue
            status = response.status
            break
    ledger.statuses[status] += 1
    return status, (time.perf_counter() - started) * 1000


async def send_vote(phone: Phone, vote: SentVote, *, join_code: str, ledger: Ledger) -> float:
    """One vote from one phone, over HTTP; ms until it was answered. The one place a vote
    is sent: a vote over the phone's open socket goes here."""
    ledger.vote(vote)
    fields = [("choice", str(pk)) for pk in vote.choice_ids]
    fields.append(("client_id", str(vote.client_id)))
    _status, ms = await post_answer(
        phone, f"/j/{join_code}/polls/{vote.poll_id}/vote/", fields, ledger
    )
    return ms


async def send_note(phone: Phone, note: SentNote, *, join_code: str, ledger: Ledger) -> float:
    """One line on the group's flipover from one phone, over HTTP; ms until answered."""
    ledger.note(note)
    fields = [("text", note.text), ("client_id", str(note.client_id)), ("seen", "")]
    _status, ms = await post_answer(
        phone, f"/j/{join_code}/exercises/{note.exercise_id}/", fields, ledger
    )
    return ms


def picks(rng: random.Random, choice_ids: list[int]) -> tuple[int, ...]:
    return tuple(sorted(rng.sample(choice_ids, rng.randint(1, MAX_CHOICES))))


async def vote_round(
    phones: list[Phone],
    poll_id: int,
    choice_ids: list[int],
    *,
    plan: Plan,
    ledger: Ledger,
    seed: int,
) -> list[float]:
    """Every phone votes once within VOTE_WITHIN seconds; some send it twice, some change it."""
    rng = random.Random(seed)  # noqa: S311  (who votes when, not a secret)

    async def one(phone: Phone, delay: float, resend: bool, change: float) -> list[float]:
        await asyncio.sleep(delay)
        vote = SentVote(poll_id, phone.participant_id, uuid.uuid4(), picks(rng, choice_ids))
        times = [await send_vote(phone, vote, join_code=plan.join_code, ledger=ledger)]
        if resend:
            times.append(await send_vote(phone, vote, join_code=plan.join_code, ledger=ledger))
        if change:
            await asyncio.sleep(change)
            changed = SentVote(poll_id, phone.participant_id, uuid.uuid4(), picks(rng, choice_ids))
            times.append(await send_vote(phone, changed, join_code=plan.join_code, ledger=ledger))
        return times

    rounds = [
        one(
            phone,
            rng.uniform(0.5, VOTE_WITHIN - 3),
            rng.random() < RESEND_SHARE,
            rng.uniform(1, 3) if rng.random() < CHANGE_SHARE else 0.0,
        )
        for phone in phones
    ]
    return [ms for times in await asyncio.gather(*rounds) for ms in times]


async def note_round(
    phones: list[Phone], *, plan: Plan, ledger: Ledger, minute: int, seed: int
) -> list[float]:
    """A third of the phones write one or two lines within NOTES_WITHIN seconds."""
    rng = random.Random(seed)  # noqa: S311

    async def one(phone: Phone, delays: list[float], resend: bool) -> list[float]:
        times = []
        for line, delay in enumerate(delays):
            await asyncio.sleep(delay)
            text = f"Risiko {minute + 1}.{phone.index}.{line + 1}: for lite planlegging blir dyrt"
            note = SentNote(plan.exercise_id, phone.participant_id, uuid.uuid4(), text)
            times.append(await send_note(phone, note, join_code=plan.join_code, ledger=ledger))
            if resend and line == 0:
                times.append(await send_note(phone, note, join_code=plan.join_code, ledger=ledger))
        return times

    writers = rng.sample(phones, max(1, len(phones) // 3))
    rounds = [
        one(
            phone,
            [rng.uniform(0.5, NOTES_WITHIN / 2) for _line in range(rng.randint(1, 2))],
            rng.random() < RESEND_SHARE,
        )
        for phone in writers
    ]
    return [ms for times in await asyncio.gather(*rounds) for ms in times]


# The facilitator ----------------------------------------------------------------------------


class Console(Facilitator):
    """The facilitator's buttons; each answers with the console's screen, whose
    data-revision is the revision the press made."""

    def act(self, path: str) -> int:
        console = f"/seminars/{self.slug}/console/"
        status, body = self._request(
            path,
            {},
            {
                "X-CSRFToken": self.cookie("csrftoken"),
                "HX-Request": "true",
                "Referer": f"{self.base_url}{console}",
            },
        )
        if status != 200:
            raise BenchError(f"POST {path} answered {status}: {' '.join(body.split())[:200]}")
        match = REVISION_RE.search(body)
        if match is None:
            raise BenchError(f"POST {path} answered without a revision: {body[:200]!r}")
        return int(match.group(1))

    def slide(self, action: str) -> int:
        return self.act(f"/seminars/{self.slug}/console/{action}/")

    def poll(self, poll_id: int, action: str) -> int:
        return self.act(f"/seminars/{self.slug}/polls/{poll_id}/{action}/")

    def exercise(self, exercise_id: int, action: str) -> int:
        return self.act(f"/seminars/{self.slug}/exercises/{exercise_id}/{action}/")


# The day -------------------------------------------------------------------------------------


@dataclass
class Minute:
    """What one minute measured."""

    number: int
    rss: int = 0
    server_cpu_pct: float = 0.0
    client_cpu_pct: float = 0.0
    other_cores: float = 0.0
    changes: list[tuple[int, float]] = field(default_factory=list)  # (revision, pressed at)
    answer_ms: list[float] = field(default_factory=list)
    votes: int = 0
    notes: int = 0
    dropped: set[int] = field(default_factory=set)
    late_s: float = 0.0  # how far the timeline fell behind its clock
    screen_ms: list[float] = field(default_factory=list)
    screens_missed: int = 0

    def measure_screens(self, fleet: SoakFleet) -> None:
        """For each slide change, until the last phone that stayed connected all minute
        showed it (or a newer screen); and how many times such a phone never did."""
        latencies: list[float] = []
        missed = 0
        steady = [i for i in range(fleet.count) if i not in self.dropped]
        for revision, pressed in self.changes:
            newer = [r for r in fleet.arrivals if r >= revision]
            last = 0.0
            for index in steady:
                seen = [fleet.arrivals[r][index] for r in newer if index in fleet.arrivals[r]]
                if seen:
                    last = max(last, min(seen))
                else:
                    missed += 1
            if last:
                latencies.append((last - pressed) * 1000)
        self.screen_ms, self.screens_missed = latencies, missed

    def describe(self, minutes: int) -> str:
        screens, missed = self.screen_ms, self.screens_missed
        figures = [
            f"soak[{self.number}/{minutes}]: server RSS {self.rss / MB:.1f} MB, "
            f"CPU {self.server_cpu_pct:.1f} % of a core; client CPU {self.client_cpu_pct:.1f} %; "
            f"other processes {self.other_cores:.2f} cores"
        ]
        if screens:
            figures.append(
                f"{len(self.changes)} changes, last phone p50 {percentile(screens, 50):.0f} ms "
                f"p99 {percentile(screens, 99):.0f} ms" + (f" ({missed} missed)" if missed else "")
            )
        if self.answer_ms:
            figures.append(
                f"{self.votes} votes and {self.notes} notes sent (resends included), "
                f"answered p50 {percentile(self.answer_ms, 50):.0f} ms "
                f"p99 {percentile(self.answer_ms, 99):.0f} ms"
            )
        figures.append(f"{len(self.dropped)} phones dropped")
        if self.late_s > 0.5:
            figures.append(f"the timeline ran {self.late_s:.1f} s behind")
        return "; ".join(figures)


@dataclass
class Day:
    minutes: list[Minute]
    ledger: Ledger
    latest: dict[int, int]  # each phone's last screen
    final_revision: int
    phones_back: int
    unexpected_drops: int
    server_errors: list[str]  # the server log's lines that say something went wrong
    reconnect_ms: list[float]


async def at(moment: float, minute: Minute) -> None:
    """Until perf_counter reaches `moment`; a timeline already behind goes on at once."""
    delay = moment - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)
    else:
        minute.late_s = max(minute.late_s, -delay)


async def run_day(
    plan: Plan,
    installation: Installation,
    cookies: list[str],
    args: argparse.Namespace,
    work_dir: Path,
) -> Day:
    port = free_port()
    ledger = Ledger()
    minutes: list[Minute] = []
    with PlenumServer(installation, port=port, log_path=work_dir / "soak.log") as server:
        console = Console(server.base_url, plan.slug, timeout=max(args.timeout, 30))
        await asyncio.to_thread(console.login, installation.username, installation.password)
        fleet = SoakFleet(
            f"ws://{HOST}:{port}/ws/live/phone/{plan.join_code}/",
            cookies,
            origin=server.base_url,
            timeout=args.timeout,
        )
        phones = [
            Phone(index, participant_id, cookie, Connection(port, timeout=args.timeout))
            for index, (participant_id, cookie) in enumerate(
                zip(plan.participant_ids, cookies, strict=True)
            )
        ]
        background: set[asyncio.Task[None]] = set()
        try:
            await fleet.open(concurrency=50, timeout=args.timeout)
            position, count = await asyncio.to_thread(slide_position, installation)
            steps = SlideSteps(position, count)
            rng = random.Random(6)  # noqa: S311
            report(
                f"soak: {len(phones)} phones connected, server RSS "
                f"{rss_bytes(server.pid) / MB:.1f} MB; the day begins"
            )
            final_revision = 0
            for number in range(1, args.minutes + 1):
                minute = Minute(number)
                started = time.perf_counter()
                server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
                machine = machine_busy_seconds()
                poll_id, choice_ids = list(plan.poll_choices.items())[number - 1]
                exercise_minute = (number - 2) % EXERCISE_EVERY == 0
                for index in rng.sample(range(len(phones)), min(DROPS_PER_MINUTE, len(phones))):
                    minute.dropped.add(index)
                    task = asyncio.create_task(
                        fleet.drop_and_return(
                            index,
                            after=rng.uniform(1, DROP_WITHIN),
                            away=rng.uniform(*AWAY_SECONDS),
                            abort=rng.random() < 0.5,
                        )
                    )
                    background.add(task)
                    task.add_done_callback(background.discard)
                voting: asyncio.Task[list[float]] | None = None
                writing: asyncio.Task[list[float]] | None = None
                for tick in range(int(MINUTE / SLIDE_EVERY)):
                    second = tick * SLIDE_EVERY
                    await at(started + second, minute)
                    pressed = time.perf_counter()
                    revision = await asyncio.to_thread(console.slide, steps.action())
                    minute.changes.append((revision, pressed))
                    final_revision = revision
                    if second == 0:
                        final_revision = await asyncio.to_thread(console.poll, poll_id, "open")
                        voting = asyncio.create_task(
                            vote_round(
                                phones, poll_id, choice_ids, plan=plan, ledger=ledger, seed=number
                            )
                        )
                    if second == POLL_CLOSES_AT and voting is not None:
                        minute.answer_ms += await asyncio.wait_for(voting, MINUTE)
                        minute.votes = len(minute.answer_ms)
                        final_revision = await asyncio.to_thread(console.poll, poll_id, "close")
                    if second == EXERCISE_OPENS_AT and exercise_minute:
                        final_revision = await asyncio.to_thread(
                            console.exercise, plan.exercise_id, "open"
                        )
                        writing = asyncio.create_task(
                            note_round(
                                phones, plan=plan, ledger=ledger, minute=number, seed=1000 + number
                            )
                        )
                    if second == EXERCISE_CLOSES_AT and writing is not None:
                        notes = await asyncio.wait_for(writing, MINUTE)
                        minute.answer_ms += notes
                        minute.notes = len(notes)
                        final_revision = await asyncio.to_thread(
                            console.exercise, plan.exercise_id, "close"
                        )
                await at(started + MINUTE, minute)
                server.check_alive()
                wall = time.perf_counter() - started
                server_used = cpu_seconds(server.pid) - server_cpu
                client_used = time.process_time() - client_cpu
                others = machine_busy_seconds() - machine - server_used - client_used
                minute.rss = rss_bytes(server.pid)
                minute.server_cpu_pct = server_used / wall * 100
                minute.client_cpu_pct = client_used / wall * 100
                minute.other_cores = max(0.0, others) / wall
                minute.measure_screens(fleet)
                minutes.append(minute)
                report(minute.describe(args.minutes))
            await asyncio.wait_for(asyncio.gather(*background), args.timeout * SENDS_PER_ANSWER)
            with contextlib.suppress(BenchError):
                await fleet.wait_for(final_revision, args.timeout)
            latest = {index: fleet.latest.get(index, 0) for index in range(fleet.count)}
            server.check_alive()
        except BenchError as error:
            raise BenchError(f"{error}\n{server.log_tail()}") from error
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            await fleet.close()
            for phone in phones:
                await phone.http.close()
    log = (work_dir / "soak.log").read_text(errors="replace").splitlines()
    return Day(
        minutes=minutes,
        ledger=ledger,
        latest=latest,
        final_revision=final_revision,
        phones_back=fleet.deliberate - len(fleet.away),
        unexpected_drops=fleet.unexpected,
        reconnect_ms=fleet.reconnect_ms,
        server_errors=[line for line in log if ERROR_RE.search(line)],
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--minutes", type=int, default=30)
    parser.add_argument("--phones", type=int, default=PHONES)
    parser.add_argument("--timeout", type=float, default=10, help="seconds for any one request")
    args = parser.parse_args(argv)
    if not 2 <= args.minutes <= 600 or not 1 <= args.phones <= 2000:
        parser.error("--minutes must be 2..600 and --phones 1..2000")
    return args


def conclude(day: Day, answers: Tally, revision: int, phones: int) -> tuple[dict[str, str], bool]:
    """The final line's fields, and whether the day went as it must."""
    growth, since = rss_growth([minute.rss for minute in day.minutes])
    if since != WARMUP_MINUTES:
        report(f"soak: a run under {WARMUP_MINUTES + 1} minutes: RSS growth is from minute {since}")
    stale = sum(1 for shown in day.latest.values() if shown != revision)
    cpu = [minute.server_cpu_pct for minute in day.minutes]
    screens = [ms for minute in day.minutes for ms in minute.screen_ms]
    missed = sum(minute.screens_missed for minute in day.minutes)
    report(
        f"soak: votes sent {answers.votes_sent} (each phone's last on each poll), stored as sent "
        f"{answers.votes_stored}; notes sent {answers.notes_sent}, stored once "
        f"{answers.notes_stored}; stored but not sent {answers.extra}; "
        f"{day.ledger.posts} requests, answered {dict(sorted(day.ledger.statuses.items()))}"
    )
    report(
        f"soak: {phones - stale} of {phones} phones on the current screen (revision {revision}, "
        f"the console's last {day.final_revision}); {day.phones_back} drops came back"
        + (f" in p99 {percentile(day.reconnect_ms, 99):.0f} ms" if day.reconnect_ms else "")
        + f"; sockets closed by the server {day.unexpected_drops}"
    )
    if day.server_errors:
        report(
            f"soak: the server logged {len(day.server_errors)} errors, the first: "
            + " | ".join(day.server_errors[:3])
        )
    verdict = "met" if growth < TARGET_RSS_GROWTH_PCT else "MISSED"
    report(
        f"soak: RSS {day.minutes[since - 1].rss / MB:.1f} MB at minute {since}, "
        f"{day.minutes[-1].rss / MB:.1f} MB at minute {len(day.minutes)}: "
        f"{growth:+.1f} %, target < {TARGET_RSS_GROWTH_PCT:.0f} %: {verdict}"
    )
    fields = {
        "soak_rss_growth_pct": f"{growth:.1f}",
        "soak_lost": str(answers.lost),
        "soak_extra": str(answers.extra),
        "soak_stale_screens": str(stale),
        "soak_rss_from_minute": str(since),
        "soak_rss_mb": f"{day.minutes[-1].rss / MB:.1f}",
        "soak_cpu_mean_pct": f"{sum(cpu) / len(cpu):.1f}",
        "soak_cpu_max_pct": f"{max(cpu):.1f}",
        "soak_client_cpu_max_pct": f"{max(m.client_cpu_pct for m in day.minutes):.1f}",
        "soak_votes": str(answers.votes_sent),
        "soak_notes": str(answers.notes_sent),
        "soak_screen_p99_ms": f"{percentile(screens, 99):.0f}" if screens else "nan",
        "soak_screens_missed": str(missed),
        "soak_not_200": str(sum(n for status, n in day.ledger.statuses.items() if status != 200)),
        "soak_server_errors": str(len(day.server_errors)),
        "soak_minutes": str(len(day.minutes)),
        "soak_phones": str(phones),
    }
    return fields, answers.lost == 0 and answers.extra == 0 and stale == 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    limit = raise_nofile_limit()
    if limit < 2 * args.phones + 100:
        report(f"soak: open-file limit {limit} is too low for {args.phones} phones")
        return 2
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="plenum-soak-") as tmp:
        work_dir = Path(tmp)
        try:
            installation = install(work_dir / "var")
            cookies = participant_cookies(installation, args.phones)
            plan = prepare(installation, cookies, args.minutes)
        except BenchError as error:
            report(f"soak: failed to set up: {error}")
            return 1
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        report(
            f"soak: {args.phones} phones for {args.minutes} minutes; fresh installation in "
            f"{time.monotonic() - started:.1f} s; {os.cpu_count()} cores, load average {load}"
        )
        gc.collect()
        gc.freeze()
        try:
            day = run_in_loop(run_day(plan, installation, cookies, args, work_dir), args.minutes)
        except BenchError as error:
            report(f"soak: failed: {error}")
            return 1
        except TimeoutError:
            report("soak: failed: the day did not end in time")
            return 1
        except asyncio.CancelledError:
            report("soak: stopped by a signal")
            return 1
        ballots, notes, revision = stored_answers(plan)
    fields, whole = conclude(day, tally(day.ledger, ballots, notes), revision, args.phones)
    report(f"soak: done in {time.monotonic() - started:.1f} s")
    print("soak: " + " ".join(f"{key}={value}" for key, value in fields.items()), flush=True)
    return 0 if whole else 1


def run_in_loop(day: Awaitable[Day], minutes: int) -> Day:
    """The day on uvloop (as make bench runs), within its time; SIGTERM and SIGHUP unwind
    it, so the server is stopped."""

    async def bounded() -> Day:
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, task.cancel)
        return await asyncio.wait_for(day, minutes * MINUTE + 300)

    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it
        runner = asyncio.Runner()
    else:
        runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
    with runner:
        return runner.run(bounded())


if __name__ == "__main__":
    sys.exit(main())
