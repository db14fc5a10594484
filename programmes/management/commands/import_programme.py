"""`python manage.py import_programme FILE`: a shared programme as a new seminar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programmes.programme_file import ProgrammeRefused, import_programme


class Command(BaseCommand):
    help = "Make a new seminar from a programme file written by export_programme."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            seminar = import_programme(options["file"].read_bytes())
        except ProgrammeRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Seminar {seminar.slug} made, join code {seminar.join_code}.")
