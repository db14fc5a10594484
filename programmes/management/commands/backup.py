"""`python manage.py backup --out FILE.zip`: the whole database as Django data, and every
photo and drawing, in one file that `restore` reads back into an empty installation."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

DATA = "data.json"
MEDIA = "media/"
# Rebuilt by migrate, or not worth keeping: sessions end, permissions are derived.
# Login attempts hold addresses, and matter for a quarter of an hour only.
LEFT_OUT = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class Command(BaseCommand):
    help = "Write the database and the pictures to one zip file (see restore)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        data = io.StringIO()
        call_command(
            "dumpdata",
            exclude=LEFT_OUT,
            natural_foreign=True,
            indent=1,
            stdout=data,
        )
        out: Path = options["out"]
        media_root = Path(settings.MEDIA_ROOT)
        files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        )
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(DATA, data.getvalue())
            for path in files:
                archive.write(path, MEDIA + path.relative_to(media_root).as_posix())
        self.stdout.write(f"{out}: the database and {len(files)} pictures")
