import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from programmes.demo import ensure_demo_seminar
from programmes.demo_answers import fill_with_answers


class Command(BaseCommand):
    help = "Build the Sel kommune demo seminar from the KS basisprogram (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--with-answers",
            action="store_true",
            help="Fill the demo with two plausible days of votes and answers (once).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        demo = ensure_demo_seminar()
        seminar = demo.seminar
        if options["with_answers"]:
            filled = fill_with_answers(seminar)
            if not options["json"]:
                self.stdout.write(
                    f"Answers: {filled.participants} participants, {filled.votes} votes, "
                    f"{filled.contributions} contributions"
                    if filled.participants
                    else "The demo already has participants: answers left as they are."
                )
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
