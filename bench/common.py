"""What every scenario needs: an installation, a server, a facilitator, phones, figures.

All traffic goes to 127.0.0.1. Every wait here is bounded in time and every loop in
count; every process started here is stopped by the ``with`` block that started it.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import json
import math
import os
import re
import resource
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import psutil
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
MB = 1024 * 1024

REVISION_RE = re.compile(r'data-revision="(\d+)"')

# Variables that would point a run at another database, channel layer or configuration:
# the benchmark measures a fresh default installation (SQLite, in-memory layer).
DROPPED_ENV = ("DATABASE_URL", "REDIS_URL")
DROPPED_ENV_PREFIX = "PLENUM_"


class BenchError(RuntimeError):
    """The benchmark could not measure what it set out to; the message says what it saw."""


# Figures -------------------------------------------------------------------------------


def percentile(samples: Iterable[float], p: float) -> float:
    """The nearest-rank percentile: the smallest sample with at least p% of all samples
    at or below it (rank ``ceil(p/100 * n)``, 1-based). No interpolation, so the result
    is always a measured value; with 20 samples p50 is the 10th smallest and p99 is the
    largest (rank ``ceil(19.8) = 20``)."""
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("percentile of no samples")
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[max(rank, 1) - 1]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far (children excluded)."""
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def machine_busy_seconds() -> float:
    """CPU time all processes on the machine have used so far, summed over cores:
    everything but idle and iowait (Linux already counts guest time in user). Compared
    with our own processes' CPU over the same span, it shows whether something else was
    competing for the cores."""
    times = psutil.cpu_times()
    not_busy = ("idle", "iowait", "guest", "guest_nice")
    return float(sum(times) - sum(getattr(times, name, 0.0) for name in not_busy))


@dataclass(frozen=True)
class Cores:
    """The server's core and the load client's, so that neither competes with the other
    and a client-bound figure shows as such (one core of its own, at most 80 % used)."""

    server: frozenset[int]
    client: frozenset[int]


def split_cores() -> Cores | None:
    """The first core this process may use for the servers, the next for the client;
    None on a one-core machine (nothing is pinned then)."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return None
    return Cores(server=frozenset(cores[:1]), client=frozenset(cores[1:2]))


CORES = split_cores()
CLIENT_CORE_LIMIT = 0.8  # of its own core: above it a figure measures the client


def pin_client() -> None:
    if CORES is not None:
        os.sched_setaffinity(0, CORES.client)


def client_cpu_seconds() -> float:
    """This process's user and system CPU so far (the load client's, all its threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_bytes(pid: int) -> int:
    return int(psutil.Process(pid).memory_info().rss)


def raise_nofile_limit() -> int:
    """Raise this process's open-file limit to its hard limit (children inherit it).

    A thousand websockets are a thousand file descriptors on each side."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
    if soft == resource.RLIM_INFINITY or soft >= target:
        return soft
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, *, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Until something accepts TCP connections on the port; fails early if the process
    that should listen there has exited."""
    deadline = time.monotonic() + timeout
    for _attempt in range(int(timeout / 0.05) + 1):
        if process.poll() is not None:
            raise BenchError(f"server exited with code {process.returncode} before listening")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    raise BenchError(f"nothing listened on {HOST}:{port} within {timeout:.0f} s")


# An installation -----------------------------------------------------------------------


@dataclass(frozen=True)
class Installation:
    """A fresh Plenum installation (database, secret key) in its own directory, with the
    demo seminar and its facilitator."""

    var_dir: Path
    slug: str
    join_code: str
    username: str
    password: str

    def env(self) -> dict[str, str]:
        return plenum_env(self.var_dir)


def plenum_env(var_dir: Path) -> dict[str, str]:
    """This process's environment, pointed at the installation in var_dir with Plenum's
    defaults for everything else (no other database, no Redis, no DEBUG)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in DROPPED_ENV and not name.startswith(DROPPED_ENV_PREFIX)
    }
    env["PLENUM_VAR_DIR"] = str(var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return env


def manage(
    var_dir: Path, *args: str, timeout: float = 300, extra_env: dict[str, str] | None = None
) -> str:
    """Run one manage.py command of the installation; its stdout, or BenchError."""
    command = [sys.executable, "manage.py", *args]
    try:
        done = subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
            command,
            cwd=ROOT,
            env=plenum_env(var_dir) | (extra_env or {}),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"manage.py {' '.join(args)} took over {timeout:.0f} s") from error
    if done.returncode != 0:
        raise BenchError(
            f"manage.py {' '.join(args)} failed with code {done.returncode}:\n{done.stderr[-3000:]}"
        )
    return done.stdout


def install(var_dir: Path, extra_env: dict[str, str] | None = None) -> Installation:
    """migrate, collectstatic and seed_demo into an empty var_dir (and, with `extra_env`,
    into the database it names)."""
    subprocess.run(
        [sys.executable, "-m", "config.setup"],
        cwd=ROOT,
        env=plenum_env(var_dir) | (extra_env or {}),
        check=True,
        capture_output=True,
    )
    manage(var_dir, "migrate", "--verbosity", "0", extra_env=extra_env)
    manage(var_dir, "collectstatic", "--noinput", "--verbosity", "0", extra_env=extra_env)
    seeded = manage(var_dir, "seed_demo", "--json", extra_env=extra_env)
    summary = json.loads(seeded.strip().splitlines()[-1])
    return Installation(
        var_dir=var_dir,
        slug=summary["seminar"]["slug"],
        join_code=summary["seminar"]["join_code"],
        username=summary["facilitator"]["username"],
        password=summary["facilitator"]["password"],
    )


def setup_django(installation: Installation) -> None:
    """Set Django up in THIS process (the client side, never the server) against the
    installation's database. Django is set up once per process, so every call in one
    process must name the same installation. Call it before any event loop runs: the
    ORM refuses to work inside one."""
    for name in list(os.environ):
        if name in DROPPED_ENV or name.startswith(DROPPED_ENV_PREFIX):
            del os.environ[name]
    os.environ["PLENUM_VAR_DIR"] = str(installation.var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    import django
    from django.conf import settings

    django.setup()
    if Path(settings.VAR_DIR) != installation.var_dir:
        raise BenchError(
            f"Django in this process already uses {settings.VAR_DIR}, not {installation.var_dir}"
        )


def participant_cookies(installation: Installation, count: int) -> list[str]:
    """Join `count` phones to the demo seminar; their Cookie headers. (Database
    connections are closed before returning, so the caller may go async.)"""
    setup_django(installation)
    from django.db import connections

    from seminar.models import Participant, Seminar
    from seminar.participants import COOKIE_NAME, cookie_value

    try:
        seminar = Seminar.objects.get(slug=installation.slug)
        participants = Participant.objects.bulk_create(
            [Participant(seminar=seminar, side=Participant.Side.ELECTED) for _ in range(count)]
        )
        if any(participant.pk is None for participant in participants):
            raise BenchError("bulk_create returned participants without primary keys")
        return [f"{COOKIE_NAME}={cookie_value(participant)}" for participant in participants]
    finally:
        connections.close_all()


def slide_position(installation: Installation) -> tuple[int, int]:
    """(1-based position of the live slide, number of slides) of the demo seminar, in
    the order the console's next/previous buttons step through."""
    setup_django(installation)
    from django.db import connections

    from live.models import LiveState
    from live.screens import slide_sequence

    try:
        live = LiveState.objects.get(seminar__slug=installation.slug)
        ids = [ref.id for ref in slide_sequence(live.seminar_id)]
        return (ids.index(live.slide_id) + 1 if live.slide_id in ids else 0), len(ids)
    finally:
        connections.close_all()


# Server processes ----------------------------------------------------------------------


class ServerProcess:
    """A server in its own process for the span of a ``with`` block.

    Output goes to a log file (its tail is shown when the server fails). Leaving the
    block stops the process: SIGTERM, then SIGKILL if it has not exited in time.
    """

    def __init__(
        self,
        name: str,
        command: Sequence[str],
        *,
        port: int,
        env: dict[str, str],
        log_path: Path,
        ready_timeout: float = 60,
        pinned: bool = True,
    ) -> None:
        self.name = name
        self.pinned = pinned  # to the servers' core (see CORES)
        self.command = list(command)
        self.port = port
        self.env = env
        self.log_path = log_path
        self.ready_timeout = ready_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None, "the server is not running"
        return self.process.pid

    def __enter__(self) -> Self:
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603  (our own interpreter)
            self.command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        if self.pinned and CORES is not None:
            # Before it has started any thread: every thread it starts inherits the core.
            os.sched_setaffinity(self.process.pid, CORES.server)
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def wait_ready(self) -> None:
        assert self.process is not None
        try:
            wait_for_port(self.port, process=self.process, timeout=self.ready_timeout)
        except BenchError as error:
            raise BenchError(f"{self.name}: {error}\n{self.log_tail()}") from error

    def check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise BenchError(
                f"{self.name} exited with code {self.process.returncode}\n{self.log_tail()}"
            )

    def stop(self, timeout: float = 15) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- last lines of {self.log_path} ---\n{tail}" if tail else "(server log empty)"


class PlenumServer(ServerProcess):
    """`manage.py serve` (uvicorn, one process) on 127.0.0.1, ready once /clock/ answers."""

    def __init__(
        self, installation: Installation, *, port: int, log_path: Path, pinned: bool = True
    ) -> None:
        super().__init__(
            "Plenum server",
            [
                sys.executable,
                "manage.py",
                "serve",
                "--host",
                HOST,
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            port=port,
            env=installation.env(),
            log_path=log_path,
            pinned=pinned,
        )

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def wait_ready(self) -> None:
        super().wait_ready()
        url = f"{self.base_url}/clock/"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        for _attempt in range(100):
            self.check_alive()
            with contextlib.suppress(OSError), opener.open(url, timeout=5) as response:
                if response.status == 200:
                    return
            time.sleep(0.1)
        raise BenchError(f"GET {url} never answered 200\n{self.log_tail()}")


# The facilitator -----------------------------------------------------------------------


class Facilitator:
    """The facilitator's browser, reduced to a cookie jar: log in, then press console
    buttons the way htmx does (POST with the CSRF header and HX-Request)."""

    def __init__(self, base_url: str, slug: str, *, timeout: float = 30) -> None:
        self.base_url = base_url
        self.slug = slug
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),  # loopback only, whatever the environment says
            urllib.request.HTTPCookieProcessor(self.jar),
        )

    def cookie(self, name: str) -> str:
        for cookie in self.jar:
            if cookie.name == name and cookie.value is not None:
                return cookie.value
        raise BenchError(f"no {name} cookie; cookies are {sorted(c.name for c in self.jar)}")

    def _request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310  (always http://127.0.0.1)
            self.base_url + path, data=body, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return int(response.status), response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return int(error.code), error.read().decode(errors="replace")

    def login(self, username: str, password: str) -> None:
        status, _body = self._request("/login/")
        if status != 200:
            raise BenchError(f"GET /login/ answered {status}")
        status, _body = self._request(
            "/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookie("csrftoken"),
            },
            {"Referer": f"{self.base_url}/login/"},
        )
        if status != 200:
            raise BenchError(f"POST /login/ answered {status}")
        self.cookie("sessionid")  # raises if the login did not take

    def post(self, path: str) -> int:
        """POST one console button (a path under the seminar's) as htmx does; the status."""
        status, _body = self._request(
            path,
            {},
            {
                "X-CSRFToken": self.cookie("csrftoken"),
                "HX-Request": "true",
                "Referer": f"{self.base_url}/seminars/{self.slug}/console/",
            },
        )
        return status

    def poll_action(self, poll_id: int, action: str) -> int:
        """POST one poll control (e.g. "open"); the HTTP status."""
        return self.post(f"/seminars/{self.slug}/polls/{poll_id}/{action}/")

    def press(self, action: str) -> int:
        """POST one console action (e.g. "next"); the HTTP status."""
        return self.post(f"/seminars/{self.slug}/console/{action}/")


# Phones --------------------------------------------------------------------------------


class PhoneFleet:
    """N websocket clients in this process, each with a reader task that stamps every
    message with ``time.perf_counter()`` the moment the event loop hands it over.

    A message counts for revision N when it contains ``data-revision="N"``; the fleet
    remembers, per revision, when each phone first had it.
    """

    def __init__(
        self,
        uri: str,
        count: int,
        *,
        cookies: Sequence[str] | None = None,
        origin: str | None = None,
    ) -> None:
        if cookies is not None and len(cookies) < count:
            raise ValueError("one cookie per phone")
        self.uri = uri
        self.count = count
        self.cookies = cookies
        self.origin = Origin(origin) if origin else None
        self.connections: list[ClientConnection] = []
        self.readers: list[asyncio.Task[None]] = []
        self.arrivals: dict[int, dict[int, float]] = {}
        self.latest: dict[int, int] = {}
        self.sample: dict[int, str] = {}  # one message per revision, as received
        self.unmatched = 0  # messages without a revision marker
        self.unmatched_sample = ""
        self.dropped = 0  # connections that closed while the fleet was open
        self.closing = False
        self._complete: dict[int, asyncio.Event] = {}

    # Connecting

    async def open(self, *, concurrency: int = 100, timeout: float = 10) -> None:
        """Connect every phone (at most `concurrency` handshakes at once) and wait until
        each has its first message (the current screen)."""
        semaphore = asyncio.Semaphore(concurrency)
        results = await asyncio.gather(
            *(self._connect(index, semaphore, timeout) for index in range(self.count)),
            return_exceptions=True,
        )
        failures = [result for result in results if isinstance(result, BaseException)]
        if failures:
            kinds = Counter(f"{type(f).__name__}: {f}" for f in failures)
            raise BenchError(
                f"{len(failures)} of {self.count} phones failed to connect to {self.uri}: "
                + "; ".join(f"{n} x {kind}" for kind, n in kinds.most_common(3))
            )

    async def _connect(self, index: int, semaphore: asyncio.Semaphore, timeout: float) -> None:
        headers = {"Cookie": self.cookies[index]} if self.cookies is not None else None
        async with semaphore:
            connection = await connect(
                self.uri,
                origin=self.origin,
                additional_headers=headers,
                compression=None,
                max_size=None,
                ping_interval=None,  # the servers ping; the phones only answer
                proxy=None,
                open_timeout=timeout,
                close_timeout=5,
            )
            self.connections.append(connection)
            first = await asyncio.wait_for(connection.recv(), timeout)
            self._record(index, first, time.perf_counter())
        self.readers.append(asyncio.create_task(self._read(index, connection)))

    async def _read(self, index: int, connection: ClientConnection) -> None:
        try:
            async for message in connection:
                self._record(index, message, time.perf_counter())
        except ConnectionClosed:
            pass
        if not self.closing:
            self.dropped += 1

    def _record(self, index: int, message: str | bytes, now: float) -> None:
        text = message if isinstance(message, str) else message.decode(errors="replace")
        match = REVISION_RE.search(text)
        if match is None:
            self.unmatched += 1
            self.unmatched_sample = self.unmatched_sample or text[:200]
            return
        revision = int(match.group(1))
        self.latest[index] = max(revision, self.latest.get(index, 0))
        phones = self.arrivals.setdefault(revision, {})
        if index not in phones:
            phones[index] = now
            if len(phones) == 1:
                self.sample[revision] = text
            if len(phones) == self.count:
                self._event(revision).set()

    def _event(self, revision: int) -> asyncio.Event:
        event = self._complete.get(revision)
        if event is None:
            event = self._complete[revision] = asyncio.Event()
            if len(self.arrivals.get(revision, {})) == self.count:
                event.set()
        return event

    # Measuring

    def current_revision(self) -> int:
        """The revision every phone shows now; BenchError if they disagree."""
        shown = Counter(self.latest.get(index, 0) for index in range(self.count))
        if len(shown) != 1:
            raise BenchError(f"phones show different revisions: {dict(shown.most_common(5))}")
        return next(iter(shown))

    async def wait_for(self, revision: int, timeout: float) -> float:
        """Until every phone has had the revision; the perf_counter of the last one."""
        try:
            await asyncio.wait_for(self._event(revision).wait(), timeout)
        except TimeoutError as error:
            raise BenchError(self.describe_shortfall(revision, timeout)) from error
        return max(self.arrivals[revision].values())

    def describe_shortfall(self, revision: int, timeout: float) -> str:
        have = len(self.arrivals.get(revision, {}))
        shown = Counter(self.latest.get(index, 0) for index in range(self.count))
        return (
            f"after {timeout:.0f} s only {have} of {self.count} phones had revision {revision}; "
            f"latest revision per phone: {dict(shown.most_common(5))}; "
            f"messages without a revision: {self.unmatched}"
            + (f" (e.g. {self.unmatched_sample!r})" if self.unmatched_sample else "")
            + f"; connections dropped: {self.dropped}"
        )

    # Closing

    async def close(self, timeout: float = 30) -> None:
        """Close every connection (closing handshake, bounded), then stop the readers."""
        self.closing = True
        connections = list(self.connections)
        try:
            await asyncio.wait_for(
                asyncio.gather(*(c.close() for c in connections), return_exceptions=True),
                timeout,
            )
        except TimeoutError:
            for connection in connections:
                connection.transport.abort()
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)
        self.connections.clear()
        self.readers.clear()


# Scenarios -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What `python -m bench` hands every scenario.

    `cookies` holds one participant cookie per phone and `slide`/`slides` the live
    slide's position and the number of slides, all read before the event loop started
    (Django's ORM refuses to run inside it)."""

    installation: Installation
    work_dir: Path
    cookies: list[str]
    slide: int
    slides: int
    phones: int
    changes: int
    warmup: int
    concurrency: int
    timeout: float
    gap: float


def report(line: str) -> None:
    """One human-readable line, shown at once (make may buffer otherwise)."""
    print(line, flush=True)
