"""`python manage.py createfacilitator USERNAME --name "Kari Nordmann"`: a facilitator's
account, with a first password printed once to hand over."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seminar.services import AccountRefused, create_facilitator


class Command(BaseCommand):
    help = "Make a facilitator's account and print its first password (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="The name the notes and pages show.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user, password = create_facilitator(username=options["username"], name=options["name"])
        except AccountRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"{user.username}: first password {password}")
