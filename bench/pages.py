"""Pages: how fast the phone's and the console's pages come, and what joining costs.

- The participant page (``GET /j/<code>/`` with a participant cookie) and the console
  (``GET /seminars/<slug>/console/`` logged in), each requested 400 times by 20 clients
  at once (keep-alive connections from this process): p50/p99 response time.
- The bytes a phone receives to join and cast its first vote, as a browser would: the
  join page, every static asset it references (``<script src>``, stylesheet and icon
  ``<link href>``; with ``Accept-Encoding: gzip, br`` as browsers send it), the join form
  POST and its redirect, the phone page (and any asset it adds), the vote POST. Counted
  as received: status lines, headers and bodies (compressed where the server
  compressed). The target is 30 KB or less.

For scale, /clock/ (a JSON view that does no work) is loaded the same way: what is left
for Django's request path and the server when the view costs nothing; and, as its floor
in the same run, the same view in Django with no middleware under the same uvicorn
(bench/bare_django.py). Targets: /clock/ at least 0.5 of the floor's requests per second,
the participant page at least 0.3.
"""

from __future__ import annotations

import asyncio
import time
import urllib.parse

from bench.bare_django import BareDjangoServer
from bench.common import (
    BenchError,
    Context,
    Facilitator,
    PlenumServer,
    free_port,
    participant_cookies,
    percentile,
    report,
)
from bench.votes import csrf_token, find_live_poll
from bench.wire import FORM_HEADERS, Connection, Response, form_body, parse_page

CLIENTS = 20
REQUESTS = 400
CLOCK_REQUESTS = 3000  # a second or more at the floor's rate
# Its rate is a target too: 400 pages were one second, and one pause decided it (0.29 to
# 0.78 of the floor in three runs of 2026-12-02).
PHONE_REQUESTS = 2000
TARGET_CLOCK_SHARE = 0.5  # of the floor's requests per second
TARGET_PHONE_SHARE = 0.3
TARGET_JOIN_KB = 30.0
BROWSER = {
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    "Accept-Encoding": "gzip, br",
    "Accept-Language": "nb-NO,nb;q=0.9",
}


async def load(
    port: int, path: str, headers: dict[str, str], *, timeout: float, requests: int = REQUESTS
) -> tuple[list[float], float]:
    """`requests` GETs of `path` by CLIENTS clients at once; (ms per request, wall s)."""
    remaining = list(range(requests))
    times: list[float] = []
    failures: list[str] = []

    async def client() -> None:
        connection = Connection(port, timeout=timeout)
        try:
            for _request in range(requests):
                if not remaining:
                    return
                remaining.pop()
                started = time.perf_counter()
                response = await connection.request("GET", path, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
                if response.status != 200:
                    failures.append(f"{response.status} {response.text[:200]!r}")
        finally:
            await connection.close()

    started = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(client() for _ in range(CLIENTS))), 120)
    wall = time.perf_counter() - started
    if failures:
        raise BenchError(f"GET {path}: {len(failures)} of {requests} failed, e.g. {failures[0]}")
    return times, wall


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


async def join_and_vote(ctx: Context, server: PlenumServer, poll_id: int) -> tuple[int, list[str]]:
    """A new phone joins and votes; (bytes received, one line per request)."""
    code = ctx.installation.join_code
    connection = Connection(server.port, timeout=ctx.timeout)
    jar: dict[str, str] = {}
    fetched: set[str] = set()
    total = 0
    lines: list[str] = []

    async def get(path: str, **extra: str) -> Response:
        nonlocal total
        headers = {**BROWSER, **extra}
        if jar:
            headers["Cookie"] = cookie_header(jar)
        response = await connection.request("GET", path, headers=headers)
        jar.update(response.set_cookies)
        total += response.wire_bytes
        encoding = response.headers.get("content-encoding", "identity")
        lines.append(
            f"GET {path}: {response.status}, {response.wire_bytes} B "
            f"(body {len(response.body)} B, {encoding})"
        )
        return response

    async def post(path: str, fields: list[tuple[str, str]], **extra: str) -> Response:
        nonlocal total
        headers = {**BROWSER, **FORM_HEADERS, "Cookie": cookie_header(jar), **extra}
        response = await connection.request("POST", path, headers=headers, body=form_body(fields))
        jar.update(response.set_cookies)
        total += response.wire_bytes
        lines.append(
            f"POST {path}: {response.status}, {response.wire_bytes} B (body {len(response.body)} B)"
        )
        return response

    async def assets(html: str) -> None:
        for src in parse_page(html).assets:
            path = urllib.parse.urlsplit(src).path
            if path and path not in fetched:  # a browser has it cached after the first time
                fetched.add(path)
                response = await get(path, Accept="*/*")
                if response.status != 200:
                    raise BenchError(f"GET {path} answered {response.status}")

    try:
        page = await get(f"/j/{code}/")
        if page.status != 200 or "csrftoken" not in jar:
            raise BenchError(f"GET /j/{code}/ answered {page.status}; cookies {sorted(jar)}")
        await assets(page.text)
        fields = parse_page(page.text).fields
        joined = await post(f"/j/{code}/", fields)
        if joined.status != 302 or not any(name.startswith("plenum") for name in jar):
            raise BenchError(
                f"POST /j/{code}/ with {fields} answered {joined.status}: {joined.text[:300]!r}"
            )
        phone = await get(f"/j/{code}/")
        if phone.status != 200:
            raise BenchError(f"the phone page answered {phone.status}")
        await assets(phone.text)
        parsed = find_choice(phone.text)
        token = jar["csrftoken"]
        vote = await post(
            f"/j/{code}/polls/{poll_id}/vote/",
            [
                ("choice", parsed),
                ("client_id", "00000000-0000-4000-8000-000000000001"),
                ("csrfmiddlewaretoken", token),
            ],
            **{"HX-Request": "true", "X-CSRFToken": token},
        )
        if vote.status != 200:
            raise BenchError(f"the vote answered {vote.status}: {vote.text[:300]!r}")
    finally:
        await connection.close()
    return total, lines


def find_choice(html: str) -> str:
    """The first choice a phone page offers (a checkbox or radio named "choice")."""
    marker = 'name="choice"'
    at = html.find(marker)
    if at < 0:
        raise BenchError("the phone page shows no poll choices")
    tag_start = html.rfind("<", 0, at)
    tag_end = html.find(">", at)
    tag = html[tag_start:tag_end]
    value_at = tag.find('value="')
    if value_at < 0:
        raise BenchError(f"a choice without a value: {tag!r}")
    return tag[value_at + 7 : tag.find('"', value_at + 7)]


async def run(ctx: Context) -> dict[str, str]:
    installation = ctx.installation
    poll = await asyncio.to_thread(find_live_poll, installation)
    cookie = (await asyncio.to_thread(participant_cookies, installation, 1))[0]
    report(
        f"pages: {PHONE_REQUESTS} phone pages, {REQUESTS} consoles and {CLOCK_REQUESTS} /clock/, "
        f"each by {CLIENTS} clients at once; then one phone joins and votes"
    )
    port = free_port()
    with PlenumServer(installation, port=port, log_path=ctx.work_dir / "pages.log") as server:
        facilitator = Facilitator(server.base_url, installation.slug)
        await asyncio.to_thread(facilitator.login, installation.username, installation.password)
        status = await asyncio.to_thread(facilitator.poll_action, poll.poll_id, "open")
        if status != 200:
            raise BenchError(f"POST polls/{poll.poll_id}/open/ answered {status}")
        token = csrf_token()
        phone_ms, phone_wall = await load(
            port,
            f"/j/{installation.join_code}/",
            {**BROWSER, "Cookie": f"{cookie}; csrftoken={token}"},
            timeout=ctx.timeout,
            requests=PHONE_REQUESTS,
        )
        session = facilitator.cookie("sessionid")
        console_ms, console_wall = await load(
            port,
            f"/seminars/{installation.slug}/console/",
            {
                **BROWSER,
                "Cookie": f"sessionid={session}; csrftoken={facilitator.cookie('csrftoken')}",
            },
            timeout=ctx.timeout,
        )
        # What Django's request path costs here: a view that does nothing.
        clock_ms, clock_wall = await load(
            port, "/clock/", BROWSER, timeout=ctx.timeout, requests=CLOCK_REQUESTS
        )
        join_bytes, lines = await join_and_vote(ctx, server, poll.poll_id)
        server.check_alive()
    # The floor, in the same run: the same view in Django with no middleware.
    floor_port = free_port()
    floor_log = ctx.work_dir / "bare-django.log"
    with BareDjangoServer(port=floor_port, log_path=floor_log, env=installation.env()):
        floor_ms, floor_wall = await load(
            floor_port, "/clock/", BROWSER, timeout=ctx.timeout, requests=CLOCK_REQUESTS
        )
    pages = (
        ("participant page", phone_ms, phone_wall),
        ("console", console_ms, console_wall),
        ("/clock/ (a view that does nothing)", clock_ms, clock_wall),
        ("floor: /clock/ in Django without middleware", floor_ms, floor_wall),
    )
    rates = {label: len(ms) / wall for label, ms, wall in pages}
    for label, ms, wall in pages:
        report(
            f"pages: {label}: p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms "
            f"({len(ms) / wall:.0f} pages/s)"
        )
    clock_rps, floor_rps = rates[pages[2][0]], rates[pages[3][0]]
    phone_rps = rates[pages[0][0]]
    for label, rps, share in (
        ("/clock/", clock_rps, TARGET_CLOCK_SHARE),
        ("participant page", phone_rps, TARGET_PHONE_SHARE),
    ):
        verdict = "met" if rps >= share * floor_rps else "MISSED"
        report(
            f"pages: {label} {rps:.0f}/s = {rps / floor_rps:.2f} of the floor's "
            f"{floor_rps:.0f}/s, target >= {share}: {verdict}"
        )
    for line in lines:
        report(f"pages: join and vote: {line}")
    kb = join_bytes / 1024
    verdict = "met" if kb <= TARGET_JOIN_KB else "MISSED"
    report(
        f"pages: join and vote: {kb:.1f} KB received, target <= {TARGET_JOIN_KB:.0f} KB: {verdict}"
    )
    return {
        "clock_rps": f"{clock_rps:.0f}",
        "clock_floor_rps": f"{floor_rps:.0f}",
        "phone_page_rps": f"{phone_rps:.0f}",
        "participant_page_p50_ms": f"{percentile(phone_ms, 50):.1f}",
        "participant_page_p99_ms": f"{percentile(phone_ms, 99):.1f}",
        "console_page_p50_ms": f"{percentile(console_ms, 50):.1f}",
        "console_page_p99_ms": f"{percentile(console_ms, 99):.1f}",
        "join_and_vote_kb": f"{kb:.1f}",
    }
