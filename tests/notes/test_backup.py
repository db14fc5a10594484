"""A live seminar, its photos and drawings included, survives backup and restore."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from PIL import Image

from exercises.models import Card, Contribution
from notes.export import export_notes
from seminar.models import Seminar

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
    with translation.override("en"):
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

    message = refusal(archive)

    assert message == "This installation already has seminars; restore into an empty one."


# A damaged or tampered backup is refused before anything is written ------------------------

HUGE = 100 * 1024 * 1024 + 1  # one byte more than a file in a backup may hold


@pytest.fixture
def backup(seminar: Seminar, tmp_path: Path) -> Path:
    """A good backup of the seminar, and the installation emptied as if new."""
    archive = tmp_path / "plenum.zip"
    call_command("backup", "--out", str(archive))
    call_command("flush", "--no-input", verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    return archive


def members(archive: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(archive) as opened:
        return [(name, opened.read(name)) for name in opened.namelist()]


def write_zip(path: Path, contents: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents:
            archive.writestr(name, data)
    return path


def state() -> tuple[dict[str, int], bool, dict[str, bytes]]:
    """Every table's row count, whether the media folder exists, and every file in it."""
    rows = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    return rows, Path(settings.MEDIA_ROOT).exists(), pictures()


def refusal(archive: Path) -> str:
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))
    return str(refused.value)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_restore_refuses_a_truncated_zip_and_changes_nothing(backup, tmp_path):
    data = backup.read_bytes()
    bad = tmp_path / "truncated.zip"
    bad.write_bytes(data[: len(data) // 2])
    before = state()

    message = refusal(bad)

    assert message == f"{bad} is not a Plenum backup: it is not a zip file, or it is damaged."
    assert state() == before


def test_restore_refuses_a_file_that_is_not_a_zip(backup, tmp_path):
    bad = tmp_path / "notes.zip"
    bad.write_text("Session notes, not a backup.\n")
    before = state()

    message = refusal(bad)

    assert message == f"{bad} is not a Plenum backup: it is not a zip file, or it is damaged."
    assert state() == before


def _extra(contents: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], str]:
    return [
        *contents,
        ("notes.txt", b"hello"),
    ], "is not a Plenum backup: it holds an unexpected file, notes.txt."


def _outside(contents: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], str]:
    name = "media/../../evil.png"
    return [
        *contents,
        (name, png()),
    ], f"is not a Plenum backup: {name} points outside the media folder."


def _not_a_picture(contents: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], str]:
    name = contents[-1][0]
    return [*contents[:-1], (name, b"not a picture")], f"is damaged: {name} is not a picture."


def _missing(contents: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], str]:
    name = contents[-1][0]
    return contents[:-1], f"is incomplete: the picture {name} is missing."


def _too_large(contents: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], str]:
    name = "media/exercises/huge.png"
    return [
        *contents,
        (name, b"\0" * HUGE),
    ], f"is not a Plenum backup: {name} is larger than 100 MB."


@pytest.mark.parametrize(
    "damage", [_extra, _outside, _not_a_picture, _missing, _too_large], ids=lambda f: f.__name__
)
def test_restore_refuses_a_bad_member_at_the_end_and_changes_nothing(backup, tmp_path, damage):
    contents, reason = damage(members(backup))
    bad = write_zip(tmp_path / "bad.zip", contents)
    before = state()

    message = refusal(bad)

    assert message == f"{bad} {reason}"
    assert state() == before


def test_restore_refuses_a_member_that_cannot_be_read(backup, tmp_path):
    contents = members(backup)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in contents:
            archive.writestr(name, data)
    last = zipfile.ZipFile(bad).infolist()[-1]
    damaged = bytearray(bad.read_bytes())
    # The last member's bytes, past its local header: one flipped byte fails its checksum.
    damaged[last.header_offset + 30 + len(last.filename) + len(last.extra) + 100] ^= 0xFF
    bad.write_bytes(bytes(damaged))
    before = state()

    message = refusal(bad)

    assert message == f"{bad} is damaged: {last.filename} cannot be read."
    assert state() == before


def _cut(objects_text: str) -> str:
    return objects_text[: len(objects_text) // 2]


def _unknown_model(objects_text: str) -> str:
    objects = json.loads(objects_text)
    return json.dumps([*objects, {"model": "seminar.nosuch", "pk": 1, "fields": {}}])


@pytest.mark.parametrize("damage", [_cut, _unknown_model], ids=lambda f: f.__name__)
def test_restore_refuses_a_damaged_fixture_and_changes_nothing(backup, tmp_path, damage):
    contents = members(backup)
    data = damage(contents[0][1].decode())
    bad = write_zip(tmp_path / "bad.zip", [("data.json", data.encode()), *contents[1:]])
    before = state()

    message = refusal(bad)

    assert message == f"{bad} is damaged: data.json is not valid backup data."
    assert state() == before


def test_restore_loads_nothing_when_the_last_row_does_not_fit(backup, tmp_path):
    contents = members(backup)
    objects = json.loads(contents[0][1])
    objects[-1]["fields"]["participant"] = 999999  # nobody: only the database can tell
    data = json.dumps(objects).encode()
    bad = write_zip(tmp_path / "bad.zip", [("data.json", data), *contents[1:]])
    before = state()

    message = refusal(bad)

    prefix = f"{bad} could not be loaded into the database, and nothing was changed: "
    assert message.startswith(prefix)
    assert "\n" not in message
    assert state() == before


def test_restore_rolls_the_database_back_when_a_picture_cannot_be_written(backup, tmp_path):
    name, _data = members(backup)[-1]
    kept = Path(settings.MEDIA_ROOT) / name.removeprefix("media/")
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"a file that was there before")
    before = state()

    message = refusal(backup)

    assert message == (
        f"Could not write the pictures, and nothing was changed: [Errno 17] File exists: '{kept}'"
    )
    assert state() == before


def test_a_backup_leaves_out_the_addresses_of_failed_logins(seminar, tmp_path):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="fasilitator", ip_address="203.0.113.7", failures_since_start=3
    )
    archive = tmp_path / "plenum.zip"

    call_command("backup", "--out", str(archive))

    data = zipfile.ZipFile(archive).read("data.json").decode()
    assert "203.0.113.7" not in data
    assert {row["model"].split(".")[0] for row in json.loads(data)} >= {"seminar"}


def test_a_backup_from_before_the_live_state_moved_app_still_restores(seminar, tmp_path):
    """Backups made before issue 16 name the live state seminar.livestate."""
    from live.models import LiveState

    slide_before = LiveState.objects.get(seminar=seminar).slide_id
    archive = tmp_path / "plenum.zip"
    call_command("backup", "--out", str(archive))
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(archive) as new, zipfile.ZipFile(old, "w") as rewritten:
        for member in new.infolist():
            content = new.read(member)
            if member.filename == "data.json":
                content = content.replace(
                    b'"model": "live.livestate"', b'"model": "seminar.livestate"'
                )
                assert b'"seminar.livestate"' in content
            rewritten.writestr(member, content)
    call_command("flush", "--no-input", verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)

    with translation.override("en"):
        call_command("restore", str(old))

    restored = Seminar.objects.get(slug=seminar.slug)
    assert LiveState.objects.get(seminar=restored).slide_id == slide_before
