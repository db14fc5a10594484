"""`python manage.py restore FILE.zip`: load a backup into an empty, migrated installation.

The whole file is checked before anything is written. The database is then loaded in one
transaction, and the pictures are written inside it, after the data: if anything fails,
the transaction is rolled back and the pictures written so far are removed, so a bad file
leaves the installation as it was and is answered with one line.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction
from django.db.models import FileField, ImageField
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from programmes.management.commands.backup import DATA, MEDIA
from seminar.models import Seminar

MB = 1024 * 1024
MAX_DATA_BYTES = 512 * MB
MAX_FILE_BYTES = 100 * MB  # a photo is kept at most 15 MB, a deck being imported 50 MB
MAX_TOTAL_BYTES = 20 * 1024 * MB
ENCRYPTED = 0x1  # the zip flag bit of a member that needs a password
# What zipfile and zlib raise for a damaged file, depending on where the damage is.
UNREADABLE = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError)
# What loading data that parses but does not fit the database raises, by database.
NOT_LOADED = (
    DatabaseError,
    DeserializationError,
    ObjectDoesNotExist,
    ValidationError,
    ValueError,
    TypeError,
    OverflowError,
)


@dataclass(frozen=True)
class Checked:
    data: bytes
    files: list[tuple[str, Path]]  # each media member and where it goes


class Command(BaseCommand):
    help = "Load a backup made by `backup` into an empty installation (run migrate first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if Seminar.objects.exists():
            raise CommandError(
                _("This installation already has seminars; restore into an empty one.")
            )
        if not path.is_file():
            raise CommandError(_("%(file)s is not a file.") % {"file": path})
        try:
            archive = zipfile.ZipFile(path)
        except UNREADABLE as error:
            raise CommandError(
                _("%(file)s is not a Plenum backup: it is not a zip file, or it is damaged.")
                % {"file": path}
            ) from error
        with archive:
            checked = _check(archive, path, Path(settings.MEDIA_ROOT))
            _restore(archive, checked, path)
        self.stdout.write(
            _("Restored %(seminars)s seminars and %(pictures)s pictures.")
            % {"seminars": Seminar.objects.count(), "pictures": len(checked.files)}
        )


def _refused(message: str, path: Path, **values: object) -> CommandError:
    return CommandError(message % {"file": path, **values})


def _check(archive: zipfile.ZipFile, path: Path, media_root: Path) -> Checked:
    """Everything that can be known before writing: the names, the sizes, every member
    readable, the data well formed, and every picture it refers to there and a picture."""
    members = archive.infolist()
    names = [member.filename for member in members]
    if DATA not in names:
        raise _refused(_("%(file)s is not a Plenum backup: it has no %(name)s."), path, name=DATA)
    if sum(member.file_size for member in members) > MAX_TOTAL_BYTES:
        raise _refused(
            _("%(file)s is not a Plenum backup: it unpacks to more than %(gb)s GB."),
            path,
            gb=MAX_TOTAL_BYTES // (1024 * MB),
        )
    files: list[tuple[str, Path]] = []
    seen: set[str] = set()
    for member in members:
        name = member.filename
        if name in seen:
            raise _refused(
                _("%(file)s is not a Plenum backup: it holds %(name)s twice."), path, name=name
            )
        seen.add(name)
        if name != DATA:
            if not name.startswith(MEDIA) or name.endswith("/"):  # a backup holds no folders
                raise _refused(
                    _("%(file)s is not a Plenum backup: it holds an unexpected file, %(name)s."),
                    path,
                    name=name,
                )
            files.append((name, _target(path, name, media_root)))
        limit = MAX_DATA_BYTES if name == DATA else MAX_FILE_BYTES
        if member.file_size > limit:
            raise _refused(
                _("%(file)s is not a Plenum backup: %(name)s is larger than %(mb)s MB."),
                path,
                name=name,
                mb=limit // MB,
            )
    data = _with_todays_models(_read(archive, path, DATA))
    pictures = _pictures(data, path)
    missing = sorted(pictures - seen)
    if missing:
        name = missing[0]
        raise _refused(
            _("%(file)s is incomplete: the picture %(name)s is missing."), path, name=name
        )
    for name, _target_path in files:
        content = _read(archive, path, name)
        if name in pictures and not _is_image(content):
            raise _refused(_("%(file)s is damaged: %(name)s is not a picture."), path, name=name)
    return Checked(data=data, files=files)


def _target(path: Path, name: str, media_root: Path) -> Path:
    """Where a media member goes; only ever inside the media folder."""
    parts = name[len(MEDIA) :].split("/")
    if any(part in {"", ".", ".."} or "\\" in part or "\0" in part for part in parts):
        raise _refused(
            _("%(file)s is not a Plenum backup: %(name)s points outside the media folder."),
            path,
            name=name,
        )
    return media_root.joinpath(*parts)


def _read(archive: zipfile.ZipFile, path: Path, name: str) -> bytes:
    """A member in full, which also proves its checksum."""
    member = archive.getinfo(name)
    try:
        if member.flag_bits & ENCRYPTED:
            raise zipfile.BadZipFile(name)
        return archive.read(member)
    except UNREADABLE as error:
        raise _refused(
            _("%(file)s is damaged: %(name)s cannot be read."), path, name=name
        ) from error


# Models that moved to another app since a backup may have been made: same table, new label.
MOVED = {"seminar.livestate": "live.livestate"}


def _with_todays_models(data: bytes) -> bytes:
    """A backup of an older Plenum, its records under today's model labels."""
    try:
        objects = json.loads(data)
    except ValueError:
        return data  # said as damaged data below
    if not isinstance(objects, list):
        return data
    moved = False
    for record in objects:
        if isinstance(record, dict) and record.get("model") in MOVED:
            record["model"] = MOVED[record["model"]]
            moved = True
    return json.dumps(objects).encode() if moved else data


def _pictures(data: bytes, path: Path) -> set[str]:
    """The media members the data refers to with an image field."""
    try:
        objects = json.loads(data)
        if not isinstance(objects, list) or not objects:
            raise ValueError(DATA)
        pictures: set[str] = set()
        for record in objects:
            fields = record["fields"]
            for field in apps.get_model(record["model"])._meta.fields:
                value = fields.get(field.name)
                if isinstance(field, FileField) and value:
                    if not isinstance(value, str):
                        raise ValueError(field.name)
                    if isinstance(field, ImageField):
                        pictures.add(MEDIA + value)
    except (ValueError, TypeError, KeyError, LookupError, AttributeError) as error:
        raise _refused(
            _("%(file)s is damaged: %(name)s is not valid backup data."), path, name=DATA
        ) from error
    return pictures


def _is_image(content: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return False
    return True


def _restore(archive: zipfile.ZipFile, checked: Checked, path: Path) -> None:
    created: list[Path] = []  # files and folders, in the order they were made
    done = False
    with tempfile.TemporaryDirectory() as tmp:
        fixture = Path(tmp) / DATA
        fixture.write_bytes(checked.data)
        try:
            with transaction.atomic():
                call_command("loaddata", str(fixture), verbosity=0)
                for name, target in checked.files:
                    _write(archive, name, target, created)
            done = True
        except NOT_LOADED as error:
            reason = " ".join(str(error).replace(str(fixture), DATA).split())
            raise _refused(
                _(
                    "%(file)s could not be loaded into the database, "
                    "and nothing was changed: %(error)s"
                ),
                path,
                error=reason,
            ) from error
        except OSError as error:
            raise CommandError(
                _("Could not write the pictures, and nothing was changed: %(error)s")
                % {"error": error}
            ) from error
        finally:
            if not done:
                for made in reversed(created):
                    with contextlib.suppress(OSError):
                        if made.is_dir():
                            made.rmdir()
                        else:
                            made.unlink()


def _write(archive: zipfile.ZipFile, name: str, target: Path, created: list[Path]) -> None:
    missing = [folder for folder in (target.parent, *target.parent.parents) if not folder.exists()]
    for folder in reversed(missing):  # the outermost first
        folder.mkdir()
        created.append(folder)
    # "x": never over a file that was there before, which removing would then lose.
    with archive.open(name) as source, target.open("xb") as out:
        created.append(target)
        shutil.copyfileobj(source, out)
