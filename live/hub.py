"""The process-local side of the live pipeline.

Phones are not channel-layer group members: with the in-memory layer a group_send to N
members costs O(N^2). Instead each process keeps its own sockets here, per seminar and
audience, and holds ONE channel-layer subscription per seminar that has sockets in it.
A published change therefore costs one layer message per process, and the same
finished HTML is written to every local socket of an audience.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import io
import logging
import math
import os
import signal
import time
import uuid
import weakref
from collections import defaultdict
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from typing import Any, Protocol

from asgiref.sync import SyncToAsync, sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from live.audiences import (
    CONSOLE,
    PARTICIPANT_PREFIX,
    PHONE_PREFIX,
    PresenceMessage,
    PresenceRequest,
    ScreensMessage,
    seminar_group,
)
from live.collector import collect_when_quiet, hold_full_collections
from live.screens import (
    current_screens,
    joined_count,
    render_console,
    render_presence,
    render_results,
)
from seminar.background import register_runner

logger = logging.getLogger(__name__)

PRESENCE_DELAY_SECONDS = 0.25
# Results go out at once after a quiet spell; while votes keep coming, at most every
# 0.1 s, and never so often that the renders of all seminars together hold the one
# thread they run in for more than half the time: fifty venues voting at once share it.
# (0.1 s once lost: the renders queued with the vote batches in one database thread. The
# batches now have their own workers, seminar/connections.py; BENCHMARKS.md, issue 19.)
RESULTS_INTERVAL_SECONDS = 0.1
# The phones' list of questions from the room is the same for all but large: it follows
# the projector's counts at most once a second, and never at more than this many bytes a
# second over every phone's socket of the process (make bench, "questions").
PHONE_LIST_SECONDS = 1.0
# The console's panel is read by one person, not by the room: while results pour in it
# follows them at most once a second, the projector every RESULTS_INTERVAL_SECONDS (a
# hall's 200 questions make it the largest render of all, make bench "questions").
CONSOLE_PANEL_SECONDS = 1.0
PHONE_LIST_BYTES_PER_SECOND = 20_000_000
# Written to sockets before the loop is let go (2 MB runs held the votes arriving meanwhile
# up to 190 ms, make bench "questions"); an audience's copies of a screen larger than this
# are written by a task of their own (Hub._write).
RELAY_RUN_BYTES = 250_000
RESULTS_RENDER_SHARE = 0.5
RESULTS_LOAD_WINDOW_SECONDS = 1.0
LAYER_RETRY_SECONDS = 1.0
# How long a revision read from the database serves the sockets that join after it (a
# reconnecting hall comes back within a second or two; then the database is asked again).
KNOWN_REVISION_SECONDS = 2.0
RECONNECT_CODE = 1012  # a close code on which live.js reconnects


class Socket(Protocol):
    async def send(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        pass

    async def relay(self, event: dict[str, Any]) -> None:
        """Write a ready-made ASGI send event: one dict for all the sockets of an audience."""


def _timed_render_results(
    seminar_id: int, phones: bool, console: bool
) -> tuple[ScreensMessage, float]:
    """The results message, and the processor time its render took: not the time from
    the request (queued behind other seminars' renders is the load the interval
    spreads), nor from its start (a render waiting for the interpreter while votes are
    stored and sockets written is their cost, not its own)."""
    started = time.thread_time()
    message = render_results(seminar_id, phones=phones, console=console)
    return message, time.thread_time() - started


def phone_list_interval(screen_bytes: int, phones: int) -> float:
    """How long after one update of the phones' shared list of questions the next may go:
    a second, or longer where every phone's copy adds up to more than the process should
    write in a second (a hall of 1000 phones and 200 questions: a few seconds)."""
    return max(PHONE_LIST_SECONDS, screen_bytes * phones / PHONE_LIST_BYTES_PER_SECOND)


def results_interval(render_seconds: float) -> float:
    """How long after one results update the next may go out, given how long the last
    one took to render."""
    return max(RESULTS_INTERVAL_SECONDS, render_seconds / RESULTS_RENDER_SHARE)


class Hub:
    def __init__(self) -> None:
        self.sockets: defaultdict[int, defaultdict[str, set[Socket]]] = defaultdict(
            lambda: defaultdict(set)
        )
        self.listeners: dict[int, asyncio.Task[None]] = {}
        self.subscribed: dict[int, asyncio.Event] = {}
        self.latest_revision: dict[int, int] = {}
        self.revision_read_at: dict[int, float] = {}  # loop time of the last database read
        self.latest_results: dict[int, int] = {}
        # What each audience was last sent by a results update: a render that finds the
        # same (a vote counted by the update before it) is not written to every socket again.
        self.results_sent: dict[int, dict[str, str]] = {}
        self.presence_pending: set[int] = set()
        self.console_presence_pending: set[int] = set()
        self.process = uuid.uuid4().hex
        # Phones per seminar in every process, this one included (its own message returns).
        self.phones_by_process: defaultdict[int, dict[str, int]] = defaultdict(dict)
        self.results_pending: set[int] = set()
        self.results_published_at: dict[int, float] = {}
        self.results_render_seconds: dict[int, float] = {}  # the last update's render
        # When the next phones' list of questions and console panel may go out, and
        # the seminars whose update that left one out has the next one coming.
        self.phone_list_due: dict[int, float] = {}
        self.console_panel_due: dict[int, float] = {}
        self.left_out_pending: set[int] = set()
        # The seminars whose last results update left the slow parts out: votes are
        # pouring in there.
        self.in_burst: set[int] = set()
        self.tasks: set[asyncio.Task[None]] = set()
        # The audiences a task is writing a large screen to, and what waits to follow it.
        self.writing: dict[tuple[int, str], list[dict[str, Any]]] = {}
        # The loop time of the latest vote or screen: full collections wait for a quiet room.
        self.busy_at = -math.inf

    def phones_connected(self, seminar_id: int) -> int:
        audiences: dict[str, set[Socket]] = self.sockets.get(seminar_id, {})
        return sum(len(s) for key, s in audiences.items() if key.startswith(PHONE_PREFIX))

    async def join(self, seminar_id: int, audiences: Sequence[str], socket: Socket) -> None:
        """Add a socket to its audiences (the first says what it is: a projector, a
        console, a phone in a language)."""
        for audience in audiences:
            self.sockets[seminar_id][audience].add(socket)
            # Its first screen may be older than that update: the next one goes to all.
            self.results_sent.get(seminar_id, {}).pop(audience, None)
        if seminar_id not in self.listeners:
            self.subscribed[seminar_id] = asyncio.Event()
            self.listeners[seminar_id] = asyncio.create_task(self._listen(seminar_id))
        # The caller reads the current screen next: only once this process is subscribed
        # can no change fall between that read and the first update.
        await self.subscribed[seminar_id].wait()
        if audiences[0] == CONSOLE:
            request: PresenceRequest = {"type": "live.presence_request", "seminar": seminar_id}
            await self._publish(seminar_id, request)
        elif audiences[0].startswith(PHONE_PREFIX):
            self._schedule_presence(seminar_id)

    def known_revision(self, seminar_id: int) -> int | None:
        """The seminar's revision as this process knows it while subscribed (every change
        is published, and `deliver` keeps the newest): a socket that joins can be given
        that revision's cached screen without asking the database. Only for a moment
        after a socket read it from the database (saw_revision): a publish that failed or
        a message the layer dropped must not stick. None then, or until known."""
        read_at = self.revision_read_at.get(seminar_id)
        now = asyncio.get_running_loop().time()
        if read_at is None or now - read_at > KNOWN_REVISION_SECONDS:
            return None
        return self.latest_revision.get(seminar_id)

    def saw_revision(self, seminar_id: int, revision: int) -> None:
        """A revision read from the database after joining: what is published after it
        updates it, so it can be told to the sockets that join in the next moment."""
        if seminar_id in self.sockets:
            latest = max(revision, self.latest_revision.get(seminar_id, 0))
            self.latest_revision[seminar_id] = latest
            self.revision_read_at[seminar_id] = asyncio.get_running_loop().time()

    async def leave(self, seminar_id: int, audiences: Sequence[str], socket: Socket) -> None:
        by_audience = self.sockets.get(seminar_id)
        if by_audience is None:
            return
        for audience in audiences:
            by_audience[audience].discard(socket)
            if not by_audience[audience]:
                del by_audience[audience]
        if not by_audience:
            del self.sockets[seminar_id]
            self.subscribed.pop(seminar_id, None)
            self.phones_by_process.pop(seminar_id, None)
            self.latest_revision.pop(seminar_id, None)  # unsubscribed: no longer known
            self.revision_read_at.pop(seminar_id, None)
            self.results_sent.pop(seminar_id, None)
            listener = self.listeners.pop(seminar_id, None)
            if listener is not None:
                listener.cancel()
                # Bounded: after a Redis restart channels_redis's receive can ignore the
                # cancellation for good, and this socket's disconnect (and the server's
                # shutdown) must not wait on it.
                self.tasks.add(listener)
                listener.add_done_callback(self.tasks.discard)
                await asyncio.wait({listener}, timeout=LAYER_RETRY_SECONDS)
        if audiences and audiences[0].startswith(PHONE_PREFIX):
            self._schedule_presence(seminar_id)  # the other processes count this one too

    async def _listen(self, seminar_id: int) -> None:
        """Relay the seminar's published screens to this process's sockets until the last
        socket leaves. A lost layer connection (Redis restarting) is retried, not fatal."""
        layer = get_channel_layer()
        assert layer is not None
        group = seminar_group(seminar_id)
        lost = False
        while True:
            channel = ""
            try:
                channel = await layer.new_channel()
                await layer.group_add(group, channel)
                if event := self.subscribed.get(seminar_id):
                    event.set()
                if lost:
                    # Changes may have been published while the layer was away: send every
                    # local socket what its audience shows now.
                    await self._resync(seminar_id)
                    lost = False
                while True:
                    message = await layer.receive(channel)
                    kind = message.get("type")
                    if kind == "live.screens":
                        await self.deliver(message)
                    elif kind == "live.presence":
                        self.phones_by_process[seminar_id][message["process"]] = message["phones"]
                        self._schedule_console_presence(seminar_id)
                    elif kind == "live.presence_request":
                        self._schedule_presence(seminar_id)
            except asyncio.CancelledError:
                if channel:
                    # Bounded: after Redis restarted this can hang, and then so would the
                    # socket's disconnect and the server's shutdown. A membership left
                    # behind expires with the layer's group expiry.
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(
                            asyncio.shield(layer.group_discard(group, channel)),
                            timeout=LAYER_RETRY_SECONDS,
                        )
                raise
            except Exception:
                logger.exception("lost the live subscription of seminar %s; retrying", seminar_id)
                lost = True
                self.revision_read_at.pop(seminar_id, None)  # changes may now pass unseen
                await asyncio.sleep(LAYER_RETRY_SECONDS)

    async def _resync(self, seminar_id: int) -> None:
        by_audience: dict[str, set[Socket]] = self.sockets.get(seminar_id, {})
        self.results_sent.pop(seminar_id, None)
        audiences = [
            audience
            for audience in by_audience
            if not audience.startswith(PARTICIPANT_PREFIX) and audience != CONSOLE
        ]
        if CONSOLE in by_audience:  # its own screen, by revision and results version
            html = await database_sync_to_async(render_console)(seminar_id)
            await self._write(seminar_id, CONSOLE, {"type": "websocket.send", "text": html})
        if not audiences:
            return
        revision, screens = await database_sync_to_async(current_screens)(seminar_id, audiences)
        self.latest_revision[seminar_id] = revision
        for audience, html in zip(audiences, screens, strict=True):
            if html:
                await self._write(seminar_id, audience, {"type": "websocket.send", "text": html})

    async def deliver(self, message: ScreensMessage) -> None:
        seminar_id = message["seminar"]
        self.busy_at = asyncio.get_running_loop().time()
        # Messages can overtake each other between processes; never show an older screen.
        if message["revision"] < self.latest_revision.get(seminar_id, 0):
            return
        self.latest_revision[seminar_id] = message["revision"]
        sent = self.results_sent.setdefault(seminar_id, {}) if seminar_id in self.sockets else {}
        if "results_version" in message:
            if message["results_version"] < self.latest_results.get(seminar_id, 0):
                return
            self.latest_results[seminar_id] = message["results_version"]
        else:
            sent.clear()  # the screens changed otherwise
        for audience, html in message["screens"].items():
            if "results_version" in message:
                if sent.get(audience) == html:
                    continue
                sent[audience] = html
            await self._write(seminar_id, audience, {"type": "websocket.send", "text": html})
        # "Service restart": the phone reconnects at once and joins its new groups' audiences.
        reconnect = {"type": "websocket.close", "code": RECONNECT_CODE}
        for audience in message.get("reconnect", ()):
            await self._write(seminar_id, audience, reconnect)

    async def _write(self, seminar_id: int, audience: str, event: dict[str, Any]) -> None:
        """Write an event to every socket of an audience, after what that audience was
        sent before. A large one (a hall's list of questions) is written by a task of its
        own: the next messages, and the projector's counts in them, do not wait for a
        thousand copies. A screen waiting there behind it is replaced by a newer one."""
        key = (seminar_id, audience)
        waiting = self.writing.get(key)
        if waiting is not None:
            if event["type"] == "websocket.send":
                waiting[:] = [queued for queued in waiting if queued["type"] != "websocket.send"]
            waiting.append(event)
            return
        sockets = self._audience(seminar_id, audience)
        if len(sockets) * len(event.get("text") or "") <= RELAY_RUN_BYTES:
            await self._relay(sockets, event)
            return
        self.writing[key] = [event]
        self._start(self._write_in_turn(key))

    async def _write_in_turn(self, key: tuple[int, str]) -> None:
        seminar_id, audience = key
        waiting = self.writing[key]
        try:
            while waiting:
                event = waiting.pop(0)
                await self._relay(self._audience(seminar_id, audience), event)
        finally:
            del self.writing[key]

    def _audience(self, seminar_id: int, audience: str) -> set[Socket]:
        by_audience: dict[str, set[Socket]] = self.sockets.get(seminar_id, {})
        return by_audience.get(audience, set())

    async def _relay(self, sockets: Iterable[Socket], event: dict[str, Any]) -> None:
        # A large screen to a hall (the phones' list of questions) is written in runs, the
        # loop let go between them: the votes and upvotes arriving meanwhile are not held
        # up behind a hundred megabytes of copies.
        run = RELAY_RUN_BYTES // max(len(event.get("text") or ""), 1) + 1
        for number, socket in enumerate(list(sockets), start=1):
            try:
                await socket.relay(event)
            except Exception:  # a socket closing mid-send must not stop the others
                logger.debug("send to a closing socket failed", exc_info=True)
            if number % run == 0:
                await asyncio.sleep(0)

    def mark_results_changed(self, seminar_id: int) -> None:
        """Publish the seminar's results at once after a quiet spell, otherwise once per
        interval (results_interval) for however many votes came in it. The interval
        counts the renders of every seminar publishing now: fifty venues voting on one
        process share the render thread's half, where each alone would take half."""
        loop = asyncio.get_running_loop()
        self.busy_at = loop.time()
        if seminar_id in self.results_pending:
            return
        self.results_pending.add(seminar_id)
        last = self.results_published_at.get(seminar_id)
        now = loop.time()
        own = self.results_render_seconds.get(seminar_id, 0.0)
        interval = results_interval(max(own, self.results_render_load(now)))
        delay = 0.0 if last is None else max(0.0, last + interval - now)
        loop.call_later(delay, lambda: self._start(self._publish_results(seminar_id)))

    def results_render_load(self, now: float) -> float:
        """The render time of the latest results update of each seminar that published
        within the last second: what one more round of them holds the render thread."""
        return sum(
            seconds
            for seminar_id, seconds in self.results_render_seconds.items()
            if now - self.results_published_at.get(seminar_id, -math.inf)
            < RESULTS_LOAD_WINDOW_SECONDS
        )

    async def _publish_results(self, seminar_id: int) -> None:
        # Cleared before rendering: a vote stored meanwhile schedules the next update.
        self.results_pending.discard(seminar_id)
        loop = asyncio.get_running_loop()
        now = loop.time()
        self.results_published_at[seminar_id] = now
        phones_due = now >= self.phone_list_due.get(seminar_id, -math.inf)
        console_due = now >= self.console_panel_due.get(seminar_id, -math.inf)
        render = database_sync_to_async(_timed_render_results)
        slow_seconds = 0.0
        if (phones_due or console_due) and seminar_id not in self.in_burst:
            # After a quiet spell: everything at once.
            message, render_seconds = await render(seminar_id, phones_due, console_due)
        else:
            # In a burst, the projector's counts alone, and their render sets the
            # interval. The phones' list and the console's panel, when due, follow in a
            # second render and message: they take several times as long, and the room is
            # watching the counts.
            message, render_seconds = await render(seminar_id, False, False)
            if phones_due or console_due:
                await self._publish(seminar_id, message)
                message, slow_seconds = await render(seminar_id, phones_due, console_due)
        self.results_render_seconds[seminar_id] = render_seconds
        # Their own cadence, slower still where they take long to render.
        slow_interval = results_interval(slow_seconds)
        if console_due:
            self.console_panel_due[seminar_id] = now + max(CONSOLE_PANEL_SECONDS, slow_interval)
        if phones_due and not message.get("phones_left_out"):
            largest = max(
                (
                    len(html)
                    for key, html in message["screens"].items()
                    if key.startswith(PHONE_PREFIX)
                ),
                default=0,
            )
            self.phone_list_due[seminar_id] = now + max(
                phone_list_interval(largest, self.phones_connected(seminar_id)), slow_interval
            )
        left_out = [
            due[seminar_id]
            for flag, due in (
                ("phones_left_out", self.phone_list_due),
                ("console_left_out", self.console_panel_due),
            )
            if message.get(flag)
        ]
        if left_out:
            self._send_left_out_later(seminar_id, min(left_out) - now)
            self.in_burst.add(seminar_id)
        else:
            self.in_burst.discard(seminar_id)
        await self._publish(seminar_id, message)

    def _send_left_out_later(self, seminar_id: int, delay: float) -> None:
        """An update that left the phones' list or the console's panel out is followed by
        one that has it: the last screens of a burst are exact."""
        if seminar_id in self.left_out_pending:
            return
        self.left_out_pending.add(seminar_id)

        def due() -> None:
            self.left_out_pending.discard(seminar_id)
            self.mark_results_changed(seminar_id)

        asyncio.get_running_loop().call_later(max(0.0, delay), due)

    def _start(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self.tasks.add(task)  # hold a reference until it is done
        task.add_done_callback(self.tasks.discard)

    async def _publish(
        self, seminar_id: int, message: PresenceMessage | PresenceRequest | ScreensMessage
    ) -> None:
        layer = get_channel_layer()
        assert layer is not None
        await layer.group_send(seminar_group(seminar_id), message)

    def _schedule_presence(self, seminar_id: int) -> None:
        # A hall of phones joining at once gives one message, not hundreds.
        if seminar_id not in self.presence_pending:
            self.presence_pending.add(seminar_id)
            asyncio.get_running_loop().call_later(
                PRESENCE_DELAY_SECONDS, lambda: self._start(self._publish_presence(seminar_id))
            )

    async def _publish_presence(self, seminar_id: int) -> None:
        """Tell every process (this one too) how many phones this process holds."""
        self.presence_pending.discard(seminar_id)
        message: PresenceMessage = {
            "type": "live.presence",
            "seminar": seminar_id,
            "process": self.process,
            "phones": self.phones_connected(seminar_id),
        }
        await self._publish(seminar_id, message)

    def _schedule_console_presence(self, seminar_id: int) -> None:
        if seminar_id not in self.console_presence_pending:
            self.console_presence_pending.add(seminar_id)
            asyncio.get_running_loop().call_later(
                PRESENCE_DELAY_SECONDS, lambda: self._start(self._send_presence(seminar_id))
            )

    async def _send_presence(self, seminar_id: int) -> None:
        self.console_presence_pending.discard(seminar_id)
        by_audience = self.sockets.get(seminar_id)
        consoles = by_audience.get(CONSOLE, set()) if by_audience is not None else set()
        if not consoles:
            return
        joined = await database_sync_to_async(joined_count)(seminar_id)
        phones = sum(self.phones_by_process[seminar_id].values())
        html = render_presence(joined=joined, phones_connected=phones)
        for socket in list(consoles):
            with contextlib.suppress(Exception):
                await socket.send(text_data=html)


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def get_hub() -> Hub:
    """The hub of the running event loop: one per server process (and one per test loop)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = Hub()
    return hub


def _callers_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop this code runs for: the running one, or the one that handed this
    worker thread its work (a request's or a socket's). asgiref notes it in the thread for
    async_to_sync; without it (a management command, a plain thread) there is none."""
    with contextlib.suppress(RuntimeError):
        return asyncio.get_running_loop()
    local = SyncToAsync.threadlocal
    if getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    loop: asyncio.AbstractEventLoop | None = getattr(local, "main_event_loop", None)
    return loop


def call_in_hub(action: Callable[[Hub], None]) -> bool:
    """Run `action` with the hub of the loop this work came from, from any thread. False
    when that loop has no hub: no server started it and no socket reached it."""
    loop = _callers_loop()
    if loop is None or not loop.is_running() or loop not in _hubs:
        return False
    hub = _hubs[loop]
    # A fresh context: the caller's (a request's worker thread) must not leak into the
    # hub's tasks, or their database calls would be sent to that request's executor.
    loop.call_soon_threadsafe(lambda: action(hub), context=contextvars.Context())
    return True


_background: set[asyncio.Task[None]] = set()


def _runner_for(loop: asyncio.AbstractEventLoop) -> Callable[[Callable[[], None]], bool]:
    """Blocking work (a deck import) in a worker thread of the server loop, from any thread:
    what it broadcasts then reaches the channel layer through this loop, as a request's
    would (the in-memory layer is not safe to call from a thread of its own)."""

    def run(work: Callable[[], None]) -> bool:
        if not loop.is_running():
            return False

        def start() -> None:
            task = loop.create_task(sync_to_async(work, thread_sensitive=False)())
            _background.add(task)  # the loop keeps only weak references to its tasks
            task.add_done_callback(_background.discard)

        loop.call_soon_threadsafe(start, context=contextvars.Context())
        return True

    return run


def _dump_tasks() -> None:
    """`kill -USR1 <pid>`: every task of the event loop and where it waits, to the log."""
    for task in asyncio.all_tasks():
        stack = io.StringIO()
        task.print_stack(file=stack)
        logger.warning("task %s\n%s", task.get_name(), stack.getvalue())


async def lifespan(
    scope: dict[str, Any],
    receive: Callable[[], Awaitable[dict[str, Any]]],
    send: Callable[[dict[str, Any]], Awaitable[None]],
) -> None:
    """ASGI lifespan: make the process's hub when the server starts, so votes are coalesced
    even in a process that no socket has reached yet (phones that can only poll, or a
    worker that only takes HTTP requests)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            hub = get_hub()
            thresholds = hold_full_collections()
            collector = asyncio.create_task(collect_when_quiet(hub))
            register_runner(_runner_for(asyncio.get_running_loop()))
            with contextlib.suppress(NotImplementedError, RuntimeError):
                asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, _dump_tasks)
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            collector.cancel()
            gc.set_threshold(*thresholds)
            await send({"type": "lifespan.shutdown.complete"})
            return
