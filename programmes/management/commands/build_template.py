"""`python manage.py build_template`: rewrite programmes/data/ks-basisprogram.zip from the
authored programme (programmes/ks_basisprogram.py), after changing the programme."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from programmes.programme_file import TEMPLATE_PATH, template_from_spec


class Command(BaseCommand):
    help = "Write the KS basisprogram as a programme file (the demo is built from it)."

    def handle(self, *args: Any, **options: Any) -> None:
        data = template_from_spec()
        TEMPLATE_PATH.write_bytes(data)
        self.stdout.write(f"{TEMPLATE_PATH} ({len(data) // 1024} KB)")
