"""`python manage.py export_programme <slug> --out FILE`: the programme, no participants' data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programmes.programme_file import export_programme
from seminar.models import Seminar


class Command(BaseCommand):
    help = "Write a seminar's programme (days, slides, polls, exercises, groups) to one file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        seminar = Seminar.objects.filter(slug=options["slug"]).first()
        if seminar is None:
            raise CommandError(f"No seminar has the slug {options['slug']!r}.")
        data = export_programme(seminar)
        options["out"].write_bytes(data)
        self.stdout.write(f"{options['out']} ({len(data) // 1024} KB)")
