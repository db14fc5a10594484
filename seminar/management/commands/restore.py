"""`python manage.py restore FILE.zip`: load a backup into an empty, migrated installation."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from seminar.management.commands.backup import DATA, MEDIA
from seminar.models import Seminar


class Command(BaseCommand):
    help = "Load a backup made by `backup` into an empty installation (run migrate first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if Seminar.objects.exists():
            raise CommandError("This installation already has seminars; restore into an empty one.")
        media_root = Path(settings.MEDIA_ROOT)
        with zipfile.ZipFile(options["file"]) as archive:
            names = archive.namelist()
            if DATA not in names:
                raise CommandError(f"{options['file']} is not a Plenum backup (no {DATA}).")
            with tempfile.TemporaryDirectory() as tmp:
                data = Path(tmp) / DATA
                data.write_bytes(archive.read(DATA))
                call_command("loaddata", str(data), verbosity=0)
            pictures = [name for name in names if name.startswith(MEDIA) and not name.endswith("/")]
            for name in pictures:
                relative = PurePosixPath(name[len(MEDIA) :])
                if ".." in relative.parts or relative.is_absolute():
                    raise CommandError(f"Refusing a path outside the media folder: {name}")
                target = media_root.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
        self.stdout.write(
            f"Restored {Seminar.objects.count()} seminars and {len(pictures)} pictures."
        )
