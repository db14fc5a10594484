import gc
import os
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from programmes.demo import ensure_demo_seminar
from seminar.lan import lan_addresses


class Command(BaseCommand):
    help = "Serve Plenum with uvicorn for a venue and print where to find everything."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="0.0.0.0")  # noqa: S104  (phones must reach it)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--log-level", default="warning")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        addresses = lan_addresses()
        public_url = os.environ.get("PLENUM_PUBLIC_URL") or (
            f"http://{addresses[0] if addresses else 'localhost'}:{port}"
        )
        # uvicorn serves from this process, whose settings are already loaded; worker
        # processes it might spawn read the environment.
        settings.PUBLIC_URL = public_url
        os.environ["PLENUM_PUBLIC_URL"] = public_url

        demo = ensure_demo_seminar()
        seminar = demo.seminar
        local = f"http://localhost:{port}"
        lines = [
            "",
            "Plenum is running.",
            f"  Facilitator login:  {demo.username} / {demo.password}",
            f"  Console:            {local}{reverse('seminar:console', args=[seminar.slug])}",
            f"  Projector:          {local}"
            f"{reverse('seminar:projector', args=[seminar.projector_token])}",
            f"  Phones join at:     {public_url}"
            f"{reverse('seminar:join', args=[seminar.join_code])}",
            f"  Join code:          {seminar.join_code}",
            "",
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
