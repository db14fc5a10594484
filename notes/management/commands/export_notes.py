"""`python manage.py export_notes <slug> --format docx|pdf|xlsx|md|zip --out PATH`"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from notes.export import FORMATS, export_notes
from seminar.models import Seminar


class Command(BaseCommand):
    help = "Write a seminar's session notes as Word, PDF, Excel, Markdown or a zip of them all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the seminar's slug, as in its console address")
        parser.add_argument("--format", choices=FORMATS, default="docx")
        parser.add_argument("--out", type=Path, help="where to write (default: the file's name)")

    def handle(self, *args: Any, **options: Any) -> None:
        seminar = Seminar.objects.filter(slug=options["slug"]).first()
        if seminar is None:
            raise CommandError(f"No seminar has the slug {options['slug']!r}.")
        export = export_notes(seminar=seminar, format=options["format"])
        out: Path = options["out"] or Path(export.filename)
        out.write_bytes(export.data)
        self.stdout.write(f"{out} ({len(export.data) // 1024} KB)")
