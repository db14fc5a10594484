"""`python manage.py import_deck <slug> FILE [--into-item N]`: a deck's pages as slides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agenda.deck_import import DeckRefused, import_deck
from agenda.models import AgendaItem
from seminar.models import Seminar


class Command(BaseCommand):
    help = (
        "Append a deck's pages as slides of an agenda item: a PDF (PowerPoint saved as PDF) "
        "or a .pptx, whose slides become pictures with their text when LibreOffice is "
        "installed, and text alone without it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--into-item",
            type=int,
            help="the agenda item's number, counting through both days from 1 (default: the last)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seminar = Seminar.objects.filter(slug=options["slug"]).first()
        if seminar is None:
            raise CommandError(f"No seminar has the slug {options['slug']!r}.")
        items = list(
            AgendaItem.objects.filter(day__seminar=seminar).order_by("day__number", "order")
        )
        number = options["into_item"] or len(items)
        if not 1 <= number <= len(items):
            raise CommandError(f"The seminar's agenda items are numbered 1 to {len(items)}.")
        item = items[number - 1]
        try:
            imported = import_deck(item=item, data=options["file"].read_bytes())
        except DeckRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"{len(imported.slides)} slides added to “{item.title}”.")
        if imported.message:  # how a .pptx was imported: as pictures, or as text and why
            self.stdout.write(imported.message)
