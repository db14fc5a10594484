"""`python manage.py purge_expired`: run daily (cron, a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from seminar.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Delete participants, votes, contributions, photos and drawings of every seminar "
        "past its delete-after date. The programmes stay."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = purge_expired()
        for seminar, deleted in done:
            self.stdout.write(
                f"{seminar.slug}: {deleted.participants} participants, {deleted.votes} votes, "
                f"{deleted.contributions} contributions, {deleted.cards} cards, "
                f"{deleted.files} files deleted"
            )
        if not done:
            self.stdout.write("Nothing to delete.")
