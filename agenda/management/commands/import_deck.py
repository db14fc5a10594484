"""`python manage.py import_deck <slug> FILE [--into-item N]`: a PDF's pages as slides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agenda.deck_import import DeckRefused, import_deck
from agenda.models import AgendaItem
from seminar.models import Seminar


class Command(BaseCommand):
    help = "Append a PDF's pages (PowerPoint saved as PDF) as slides of an agenda item."

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
            slides = import_deck(item=item, data=options["file"].read_bytes()).slides
        except DeckRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"{len(slides)} slides added to “{item.title}”.")
