"""`python manage.py purge_expired`: run daily (cron, a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from agenda.deck_jobs import sweep_abandoned_files
from notes.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Delete participants, votes, contributions, photos and drawings of every seminar "
        "past its delete-after date. The programmes stay. Also the files left by slide "
        "imports that a restart cut off."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = purge_expired()
        for seminar, deleted in done:
            self.stdout.write(
                f"{seminar.slug}: {deleted.participants} participants, {deleted.votes} votes, "
                f"{deleted.contributions} contributions, {deleted.cards} cards, "
                f"{deleted.files} files deleted"
            )
        swept = sweep_abandoned_files()
        if swept:
            self.stdout.write(f"{swept} files left by interrupted slide imports deleted")
        if not done and not swept:
            self.stdout.write("Nothing to delete.")
