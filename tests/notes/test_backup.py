"""A live seminar, its photos and drawings included, survives backup and restore."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from exercises.models import Card, Contribution
from seminar.models import Seminar
from seminar.notes import export_notes

pytestmark = pytest.mark.django_db(transaction=True)


def notes_without_date(seminar: Seminar) -> list[str]:
    markdown = export_notes(seminar=seminar, format="md").data.decode()
    return [line for line in markdown.splitlines() if not line.startswith("_Laget ")]


def pictures() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_backup_and_restore_give_back_the_same_seminar_and_pictures(seminar, tmp_path, capsys):
    before_notes, before_pictures = notes_without_date(seminar), pictures()
    photo = Contribution.objects.exclude(photo="").first().photo.name
    archive = tmp_path / "plenum.zip"

    call_command("backup", "--out", str(archive))
    call_command("flush", "--no-input", verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    call_command("restore", str(archive))

    restored = Seminar.objects.get(slug=seminar.slug)
    assert notes_without_date(restored) == before_notes
    assert pictures() == before_pictures
    assert (
        Path(Contribution.objects.get(photo=photo).photo.path).read_bytes()
        == before_pictures[photo]
    )
    assert Card.objects.exclude(drawing="").count() == 1
    assert capsys.readouterr().out.splitlines()[-1] == "Restored 1 seminars and 3 pictures."


def test_restore_refuses_an_installation_that_already_has_seminars(seminar, tmp_path):
    archive = tmp_path / "plenum.zip"
    call_command("backup", "--out", str(archive))

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))

    assert str(refused.value) == (
        "This installation already has seminars; restore into an empty one."
    )
