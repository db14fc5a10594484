"""Venues: 50 seminars at once on ONE server process (SQLite, in-memory channel layer).

The demo seminar and 49 more (made here with Django, before the server starts, all run
by the demo facilitator) each get 150 freshly joined phones: 7500 websocket clients in
this process, connected at most `--concurrency` at a time, plus one projector socket per
seminar. The facilitator (one logged-in session, one keep-alive connection per seminar)
opens each seminar's multiple-choice poll. Then, for 24 s, every seminar runs the same
8 s cycle three times, the seminars staggered evenly over one cycle: "open" puts the poll
on every screen (a push), a share of the seminar's phones vote on it (due 0.3 to 3 s
after the open was sent, never before the server answered it; 0.4 vote per phone per
minute, 50 votes/s over the server), and 4 s after the open "next" takes the poll off the
screens and moves to the next slide (a push). So the server gets a change every 80 ms.

- Push: for each POST (open or next), the time from just before it until the LAST of that
  seminar's 150 phones had a message with the new ``data-revision``.
- Vote -> projector: as in bench/votes.py, per seminar: vote i in send order is on the
  projector at the first projector message with N >= (answers before) + i + 1.
- Final totals: once the server is idle, each seminar's poll is put back on its projector
  and the projector must show every stored ballot (`venue_votes_never_shown` counts those
  it does not). Votes that came in just before "next" took the poll off the screen are
  not on the projector while it is up: that is the scenario, not a fault, and the final
  totals are what shows whether any vote was lost to the projector.
- Server CPU (cores used over the timed phase) and RSS.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from bench.common import (
    HOST,
    MB,
    BenchError,
    Context,
    Facilitator,
    Installation,
    PhoneFleet,
    PlenumServer,
    cpu_seconds,
    free_port,
    machine_busy_seconds,
    percentile,
    report,
    rss_bytes,
    setup_django,
)
from bench.votes import LivePoll, ProjectorWatch, csrf_token
from bench.wire import FORM_HEADERS, Connection, form_body

SEMINARS = 50
PHONES_PER_SEMINAR = 150
RUN_SECONDS = 24.0
CYCLE_SECONDS = 8.0  # open ... next ... per seminar
NEXT_AFTER_SECONDS = 4.0  # "next" this long after "open"
VOTE_WINDOW = (0.3, 3.0)  # votes are due this long after "open" (poll on the screen)
VOTES_PER_PHONE_PER_MINUTE = 0.4
VOTE_CONNECTIONS = 50
SETTLE_SECONDS = 1.0


@dataclass
class Venue:
    slug: str
    join_code: str
    poll: LivePoll
    cookies: list[str]
    fleet: PhoneFleet | None = None
    projector: ProjectorWatch | None = None
    connection: Connection | None = None
    revision: int = 0
    opened: int = -1  # the last round whose "open" the server answered
    push_ms: list[float] = field(default_factory=list)
    action_errors: Counter[str] = field(default_factory=Counter)


# Django side (in a worker thread: the ORM refuses the event loop) -------------------------


def make_venues(installation: Installation, seminars: int, phones: int) -> list[Venue]:
    """The demo seminar plus `seminars - 1` new ones, each with `phones` new participants;
    their join codes, polls and phone cookies."""
    setup_django(installation)
    from django.contrib.auth.models import User
    from django.db import connections

    from polls.models import Poll
    from programmes.ks_basisprogram import PROGRAMME
    from programmes.services import create_seminar
    from seminar.models import Participant, Seminar
    from seminar.participants import COOKIE_NAME, cookie_value

    try:
        facilitator = User.objects.get(username=installation.username)
        chosen = [Seminar.objects.get(slug=installation.slug)]
        for number in range(2, seminars + 1):
            chosen.append(
                create_seminar(
                    title=f"Benk {number}",
                    municipality=f"Kommune {number}",
                    language="nb",
                    first_date=PROGRAMME.days[0].date,
                    programme=PROGRAMME,
                    facilitator=facilitator,
                )
            )
        venues = []
        for seminar in chosen:
            poll = Poll.objects.get(seminar=seminar, order=1)
            choice_ids = list(poll.choices.order_by("order").values_list("pk", flat=True))
            if poll.kind != Poll.Kind.MULTIPLE or not choice_ids:
                raise BenchError(f"{seminar.slug}: poll {poll.pk} is {poll.kind}")
            participants = Participant.objects.bulk_create(
                [Participant(seminar=seminar, side=Participant.Side.ELECTED) for _ in range(phones)]
            )
            venues.append(
                Venue(
                    slug=seminar.slug,
                    join_code=seminar.join_code,
                    poll=LivePoll(
                        poll.pk, choice_ids, max(poll.max_choices, 1), seminar.projector_token
                    ),
                    cookies=[f"{COOKIE_NAME}={cookie_value(p)}" for p in participants],
                )
            )
        return venues
    finally:
        connections.close_all()


def ballots_by_poll(installation: Installation, poll_ids: list[int]) -> dict[int, int]:
    setup_django(installation)
    from django.db import connections
    from django.db.models import Count

    from polls.models import Ballot

    try:
        counted = (
            Ballot.objects.filter(poll_id__in=poll_ids)
            .values_list("poll_id")
            .annotate(n=Count("pk"))
        )
        return {poll_id: 0 for poll_id in poll_ids} | dict(counted.values_list("poll_id", "n"))
    finally:
        connections.close_all()


def count_all_ballots(installation: Installation, poll_ids: list[int]) -> int:
    setup_django(installation)
    from django.db import connections

    from polls.models import Ballot

    try:
        return Ballot.objects.filter(poll_id__in=poll_ids).count()
    finally:
        connections.close_all()


# The run ----------------------------------------------------------------------------------


@dataclass
class Vote:
    venue: int
    round: int
    due: float
    body: bytes
    headers: dict[str, str]
    sent: float = 0.0
    status: int = 0


def plan_votes(venues: list[Venue], starts: list[list[float]], seed: int) -> list[Vote]:
    """Each venue's votes, spread evenly over its windows; one vote per phone at most."""
    rng = random.Random(seed)  # noqa: S311  (which choices, not a secret)
    per_venue = round(PHONES_PER_SEMINAR * VOTES_PER_PHONE_PER_MINUTE * RUN_SECONDS / 60)
    votes = []
    for index, venue in enumerate(venues):
        windows = starts[index]
        count = min(per_venue, len(venue.cookies))
        width = VOTE_WINDOW[1] - VOTE_WINDOW[0]
        for number in range(count):
            # number-th vote: which window, and where in it
            position = (number + 0.5) / count * len(windows)
            window = min(int(position), len(windows) - 1)
            due = windows[window] + VOTE_WINDOW[0] + (position - window) * width
            token = csrf_token()
            poll = venue.poll
            picks = rng.sample(
                poll.choice_ids, rng.randint(1, min(poll.max_choices, len(poll.choice_ids)))
            )
            fields = [("choice", str(pk)) for pk in picks]
            fields += [("client_id", str(uuid.uuid4())), ("csrfmiddlewaretoken", token)]
            headers = {
                **FORM_HEADERS,
                "HX-Request": "true",
                "Cookie": f"{venue.cookies[number]}; csrftoken={token}",
            }
            votes.append(Vote(index, window, due, form_body(fields), headers))
    votes.sort(key=lambda vote: vote.due)
    return votes


async def send_votes(
    port: int, venues: list[Venue], votes: list[Vote], timeout: float
) -> Counter[str]:
    """Every vote at its due time, over at most VOTE_CONNECTIONS keep-alive connections."""
    errors: Counter[str] = Counter()
    queue: asyncio.Queue[Vote] = asyncio.Queue()
    for vote in votes:
        queue.put_nowait(vote)

    async def worker() -> None:
        connection = Connection(port, timeout=timeout)
        try:
            for _vote in range(len(votes)):
                try:
                    vote = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                delay = vote.due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                venue = venues[vote.venue]
                # A phone votes once it shows the poll: never before its "open" answered.
                for _wait in range(int(timeout / 0.01)):
                    if venue.opened >= vote.round:
                        break
                    await asyncio.sleep(0.01)
                path = f"/j/{venue.join_code}/polls/{venue.poll.poll_id}/vote/"
                vote.sent = time.perf_counter()
                try:
                    response = await connection.request(
                        "POST", path, headers=vote.headers, body=vote.body
                    )
                except BenchError as error:
                    errors[str(error)[:200]] += 1
                    continue
                vote.status = response.status
                if response.status != 200:
                    errors[f"{response.status}: {' '.join(response.text.split())[:200]}"] += 1
        finally:
            await connection.close()

    workers = [asyncio.create_task(worker()) for _ in range(min(VOTE_CONNECTIONS, len(votes)))]
    try:
        await asyncio.wait_for(asyncio.gather(*workers), RUN_SECONDS + timeout + 30)
    except TimeoutError:
        unanswered = sum(1 for vote in votes if vote.status == 0)
        errors["not answered in time"] += unanswered
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    return errors


def console_headers(venue: Venue, base_url: str, session: dict[str, str]) -> dict[str, str]:
    return {
        "Cookie": f"sessionid={session['sessionid']}; csrftoken={session['csrftoken']}",
        "X-CSRFToken": session["csrftoken"],
        "HX-Request": "true",
        "Referer": f"{base_url}/seminars/{venue.slug}/console/",
        "Content-Type": "application/x-www-form-urlencoded",
    }


async def final_total(
    venue: Venue, base_url: str, session: dict[str, str], stored: int, timeout: float
) -> int:
    """Once the server is idle: the poll back on the projector, and the number of answers
    it shows once it has caught up with the `stored` ballots (or the timeout passed)."""
    assert venue.connection is not None and venue.projector is not None
    path = f"/seminars/{venue.slug}/polls/{venue.poll.poll_id}/show/"
    headers = console_headers(venue, base_url, session)
    response = await venue.connection.request("POST", path, headers=headers, body=b"")
    if response.status != 200:
        raise BenchError(f"POST {path} answered {response.status}")
    await venue.projector.wait_answered(stored, timeout)
    return venue.projector.answered


async def act(
    venue: Venue, base_url: str, session: dict[str, str], path: str, timeout: float, opens: int
) -> None:
    """One facilitator POST; the time until the venue's last phone had the change."""
    assert venue.fleet is not None and venue.connection is not None
    venue.revision += 1
    revision = venue.revision
    headers = console_headers(venue, base_url, session)
    started = time.perf_counter()
    waiting = asyncio.create_task(venue.fleet.wait_for(revision, timeout))
    try:
        response = await venue.connection.request("POST", path, headers=headers, body=b"")
        if response.status != 200:
            raise BenchError(f"POST {path} answered {response.status}")
        venue.opened = max(venue.opened, opens)
        last = await waiting
    except BenchError as error:
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        venue.action_errors[str(error)[:200]] += 1
        # Whatever the phones show now is where the next change starts from.
        venue.revision = max(venue.fleet.latest.values(), default=revision)
        return
    venue.push_ms.append((last - started) * 1000)


async def cycle(
    venue: Venue, base_url: str, session: dict[str, str], starts: list[float], timeout: float
) -> None:
    open_path = f"/seminars/{venue.slug}/polls/{venue.poll.poll_id}/open/"
    next_path = f"/seminars/{venue.slug}/console/next/"
    for number, start in enumerate(starts):
        for due, path, opens in (
            (start, open_path, number),
            (start + NEXT_AFTER_SECONDS, next_path, -1),
        ):
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await act(venue, base_url, session, path, timeout, opens)


def vote_latencies(venue: Venue, votes: list[Vote], base: int) -> tuple[list[float], int]:
    """(vote -> projector ms, votes never shown) for one venue's answered votes."""
    assert venue.projector is not None
    ok = sorted(vote.sent for vote in votes if vote.status == 200)
    times = venue.projector.first_at_least([base + index + 1 for index in range(len(ok))])
    latencies = [(shown - sent) * 1000 for sent, shown in zip(ok, times, strict=True) if shown]
    return latencies, len(ok) - len(latencies)


async def run(ctx: Context) -> dict[str, str]:
    installation = ctx.installation
    started = time.perf_counter()
    venues = await asyncio.to_thread(make_venues, installation, SEMINARS, PHONES_PER_SEMINAR)
    phones = SEMINARS * PHONES_PER_SEMINAR
    report(
        f"venues: {SEMINARS} seminars x {PHONES_PER_SEMINAR} phones made in "
        f"{time.perf_counter() - started:.1f} s; one server; for {RUN_SECONDS:.0f} s each "
        f"seminar opens its poll and goes to the next slide {NEXT_AFTER_SECONDS:.0f} s later, "
        f"every {CYCLE_SECONDS:.0f} s (staggered); {VOTES_PER_PHONE_PER_MINUTE:g} vote per "
        "phone per minute while the poll is up"
    )
    poll_ids = [venue.poll.poll_id for venue in venues]
    stored_before = await asyncio.to_thread(count_all_ballots, installation, poll_ids)
    port = free_port()
    with PlenumServer(installation, port=port, log_path=ctx.work_dir / "venues.log") as server:
        facilitator = Facilitator(server.base_url, installation.slug)
        await asyncio.to_thread(facilitator.login, installation.username, installation.password)
        session = {name: facilitator.cookie(name) for name in ("sessionid", "csrftoken")}
        rss_before = rss_bytes(server.pid)
        try:
            connect_started = time.perf_counter()
            for venue in venues:
                venue.fleet = PhoneFleet(
                    f"ws://{HOST}:{port}/ws/live/phone/{venue.join_code}/",
                    PHONES_PER_SEMINAR,
                    cookies=venue.cookies,
                    origin=server.base_url,
                )
                venue.projector = ProjectorWatch(
                    f"ws://{HOST}:{port}/ws/live/projector/{venue.poll.projector_token}/",
                    server.base_url,
                    ctx.timeout,
                )
                venue.connection = Connection(port, timeout=ctx.timeout)
            # The fleets one after another, each with `concurrency` handshakes at once.
            for venue in venues:
                assert venue.fleet is not None and venue.projector is not None
                await venue.fleet.open(concurrency=ctx.concurrency, timeout=ctx.timeout * 3)
                await venue.projector.open()
            connect_s = time.perf_counter() - connect_started
            await asyncio.sleep(SETTLE_SECONDS)
            rss_connected = rss_bytes(server.pid)
            for venue in venues:
                assert venue.fleet is not None
                venue.revision = venue.fleet.current_revision()
            report(
                f"venues: {phones} phones and {len(venues)} projectors connected in "
                f"{connect_s:.1f} s; server RSS {rss_before / MB:.0f} MB before, "
                f"{rss_connected / MB:.0f} MB connected"
            )

            t0 = time.perf_counter() + 0.5
            stagger = CYCLE_SECONDS / len(venues)
            rounds = int(RUN_SECONDS / CYCLE_SECONDS)
            starts = [
                [t0 + index * stagger + k * CYCLE_SECONDS for k in range(rounds)]
                for index in range(len(venues))
            ]
            votes = plan_votes(venues, starts, seed=7)
            # Before the first open: the answers each projector will count on top of.
            bases = [0] * len(venues)
            cpu_before, machine_before = cpu_seconds(server.pid), machine_busy_seconds()
            client_before, wall_before = time.process_time(), time.perf_counter()
            cycles = [
                asyncio.create_task(cycle(v, server.base_url, session, starts[i], ctx.timeout))
                for i, v in enumerate(venues)
            ]
            voting = asyncio.create_task(send_votes(port, venues, votes, ctx.timeout))
            try:
                await asyncio.wait_for(
                    asyncio.gather(*cycles), RUN_SECONDS + CYCLE_SECONDS + ctx.timeout + 30
                )
                errors = await voting
            finally:
                for task in [*cycles, voting]:
                    task.cancel()
                await asyncio.gather(*cycles, voting, return_exceptions=True)
            wall = time.perf_counter() - wall_before
            server_cpu = cpu_seconds(server.pid) - cpu_before
            client_cpu = time.process_time() - client_before
            others = machine_busy_seconds() - machine_before - server_cpu - client_cpu
            rss_after = rss_bytes(server.pid)
            await asyncio.sleep(SETTLE_SECONDS)
            server.check_alive()
            # Exact totals, whatever the load was: every poll back on its projector.
            stored_by_poll = await asyncio.to_thread(ballots_by_poll, installation, poll_ids)
            final_shown = await asyncio.gather(
                *(
                    final_total(
                        v, server.base_url, session, stored_by_poll[v.poll.poll_id], ctx.timeout
                    )
                    for v in venues
                )
            )
        except BenchError as error:
            raise BenchError(f"{error}\n{server.log_tail()}") from error
        finally:
            closing = [v.fleet.close() for v in venues if v.fleet is not None]
            closing += [v.projector.close() for v in venues if v.projector is not None]
            closing += [v.connection.close() for v in venues if v.connection is not None]
            await asyncio.gather(*closing, return_exceptions=True)
    stored = await asyncio.to_thread(count_all_ballots, installation, poll_ids) - stored_before

    push = [ms for venue in venues for ms in venue.push_ms]
    per_venue_p99 = [percentile(venue.push_ms, 99) for venue in venues if venue.push_ms]
    action_errors: Counter[str] = Counter()
    for venue in venues:
        action_errors.update(venue.action_errors)
    projector_ms: list[float] = []
    missing = 0
    by_venue: list[list[Vote]] = [[] for _ in venues]
    for vote in votes:
        by_venue[vote.venue].append(vote)
    for index, venue in enumerate(venues):
        # The projector's N when the poll first came up this run is the base.
        assert venue.projector is not None
        seen = [n for t, n, _m, _c in venue.projector.seen if t >= starts[index][0]]
        bases[index] = seen[0] if seen else 0
        latencies, never = vote_latencies(venue, by_venue[index], bases[index])
        projector_ms.extend(latencies)
        missing += never
    ok = sum(1 for vote in votes if vote.status == 200)
    never_shown = sum(
        max(0, stored_by_poll[venue.poll.poll_id] - shown)
        for venue, shown in zip(venues, final_shown, strict=True)
    )
    if not push:
        raise BenchError(f"venues: no change reached every phone: {action_errors.most_common(3)}")
    report(
        f"venues: {len(push)} changes (open/next), last phone of the seminar: "
        f"p50 {percentile(push, 50):.0f} ms, p99 {percentile(push, 99):.0f} ms, "
        f"max {max(push):.0f} ms; per-seminar p99: median "
        f"{percentile(per_venue_p99, 50):.0f} ms, worst {max(per_venue_p99):.0f} ms"
        + (f"; FAILED changes: {dict(action_errors.most_common(3))}" if action_errors else "")
    )
    report(
        f"venues: {len(votes)} votes sent ({len(votes) / RUN_SECONDS:.0f}/s), {ok} answered 200, "
        f"{stored} stored; vote -> projector p50 "
        + (f"{percentile(projector_ms, 50):.0f}" if projector_ms else "-")
        + f" ms p99 {percentile(projector_ms, 99) if projector_ms else float('inf'):.0f} ms"
        + (f" ({missing} not shown before the poll left the screen)" if missing else "")
        + (f"; REFUSED or failed: {dict(errors.most_common(3))}" if errors else "")
    )
    report(
        f"venues: final totals, each poll back on its projector once the server was idle: "
        f"{sum(final_shown)} shown of {sum(stored_by_poll.values())} stored; "
        f"{never_shown} never shown"
    )
    report(
        f"venues: server CPU {server_cpu / wall:.2f} cores over {wall:.1f} s, client CPU "
        f"{client_cpu / wall:.2f} cores, other processes {max(0.0, others) / wall:.2f} cores; "
        f"server RSS {rss_after / MB:.0f} MB at the end "
        f"(+{(rss_after - rss_before) / MB:.0f} MB for {phones} phones)"
    )
    return {
        "venues": str(len(venues)),
        "venue_phones": str(phones),
        "venue_connect_s": f"{connect_s:.1f}",
        "venue_push_p50_ms": f"{percentile(push, 50):.0f}",
        "venue_push_p99_ms": f"{percentile(push, 99):.0f}",
        "venue_push_worst_seminar_p99_ms": f"{max(per_venue_p99):.0f}",
        "venue_votes_sent": str(len(votes)),
        "venue_votes_stored": str(stored),
        "venue_votes_never_shown": str(never_shown),
        "venue_vote_projector_p99_ms": (
            f"{percentile(projector_ms, 99):.0f}" if projector_ms else "inf"
        ),
        "venue_server_cpu_cores": f"{server_cpu / wall:.2f}",
        "venue_server_rss_mb": f"{rss_after / MB:.0f}",
    }
