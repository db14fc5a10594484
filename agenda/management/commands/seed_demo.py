import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from agenda.demo import ensure_demo_seminar


class Command(BaseCommand):
    help = "Build the Sel kommune demo seminar from the KS basisprogram (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        demo = ensure_demo_seminar()
        seminar = demo.seminar
        summary = {
            "seminar": {"slug": seminar.slug, "join_code": seminar.join_code},
            "facilitator": {"username": demo.username, "password": demo.password},
            "urls": {
                "console": reverse("seminar:console", args=[seminar.slug]),
                "projector": reverse("seminar:projector", args=[seminar.projector_token]),
                "join": reverse("seminar:join", args=[seminar.join_code]),
            },
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(f"Demo seminar {seminar.slug} ready, join code {seminar.join_code}.")
