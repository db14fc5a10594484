import ctypes
import ctypes.util
import gc
import os
import sys
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from programmes.demo import ensure_demo_seminar
from seminar.join_links import join_url
from seminar.lan import server_join_address


class Command(BaseCommand):
    help = "Serve Plenum with uvicorn for a venue and print where to find everything."
    # The system checks took 0.3 s of every start while a hall waited to reconnect; `make
    # run` has run them just before, in `migrate`, and `make test` runs them too.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="0.0.0.0")  # noqa: S104  (phones must reach it)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--log-level", default="warning")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        fewer_malloc_arenas()  # before uvicorn starts the threads that would each want one
        # uvicorn serves from this process, whose settings are already loaded; worker
        # processes it might spawn read the environment. The console decides the join
        # address from these as this command does (seminar.lan.server_join_address).
        settings.LISTEN_HOST, settings.LISTEN_PORT = host, port
        os.environ["PLENUM_LISTEN_HOST"], os.environ["PLENUM_LISTEN_PORT"] = host, str(port)

        demo = ensure_demo_seminar()
        address = server_join_address(chosen=demo.seminar.live.join_host)
        seminar = demo.seminar
        local = f"http://localhost:{port}"
        lines = [
            "",
            "Plenum is running.",
            f"  Facilitator login:  {demo.username} / {demo.password}",
            f"  Console:            {local}{reverse('seminar:console', args=[seminar.slug])}",
            f"  Projector:          {local}"
            f"{reverse('seminar:projector', args=[seminar.projector_token])}",
            f"  {'Phones join at:' if address.phones_can_join else 'This machine only:':<20}"
            f"{join_url(seminar, address.base_url)}",
            f"  Join code:          {seminar.join_code}",
            "",
            # In English, as the lines above; the console says it in the seminar's language.
            # (No @no_translations: uvicorn serves from this process, whose pages do translate.)
            *(f"  ! {translated(warning, 'en')}" for warning in address.warnings),
            *([""] if address.warnings else []),
        ]
        self.stdout.write("\n".join(lines))
        # Everything loaded so far (Django, templates, the app) lives as long as the
        # process: keep it out of the collector's way, so full collections while a hall
        # of phones connects do not stall the broadcasts.
        gc.collect()
        gc.freeze()
        uvicorn.run(
            "config.asgi:application",
            host=host,
            port=port,
            # Per-message deflate costs 2.6x the CPU per push and much memory per socket.
            ws_per_message_deflate=False,
            proxy_headers=True,
            # Nobody needs to know the server software; every phone pays for the bytes.
            server_header=False,
            log_level=options["log_level"],
        )


def translated(text: Promise | str, language: str) -> str:
    with translation.override(language):
        return str(text)


M_ARENA_MAX = -8  # glibc's malloc.h
M_MMAP_THRESHOLD = -3
SERVER_ARENAS = 2
LARGE_ALLOCATION = 128 * 1024  # glibc's starting threshold, kept from moving


def fewer_malloc_arenas() -> bool:
    """Let glibc's malloc keep two arenas, as MALLOC_ARENA_MAX=2 would, and give every
    allocation of 128 KB or more its own mapping, before the server starts its threads.
    Otherwise every thread that renders a page gets an arena of its own (up to eight a
    core), and glibc raises its mapping threshold to the size of the largest block freed,
    so the screens' large strings (a console with a wall of notes) come from the arenas
    and leave them fragmented: a 30-minute `make soak` grew 24 % with glibc's defaults
    and 18 % with two arenas, the Python objects alive staying the same (BENCHMARKS.md,
    issue 19). Python holds the GIL around its allocations, so threads hardly wait for
    the arenas' locks. False where the C library is not glibc (macOS, musl), which is
    left as it is."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    mallopt = getattr(ctypes.CDLL(name), "mallopt", None)
    if mallopt is None:
        return False
    arenas = mallopt(M_ARENA_MAX, SERVER_ARENAS)
    mapped = mallopt(M_MMAP_THRESHOLD, LARGE_ALLOCATION)
    return bool(arenas and mapped)
