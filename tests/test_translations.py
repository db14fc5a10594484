"""The shipped catalogues must match the code: every UI string present and translated."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.tree import APPS, ROOT

SOURCES = ["manage.py", *APPS, "templates", "locale"]


def messages(po: polib.POFile) -> set[tuple[str, str, str]]:
    return {(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "") for entry in po}


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run makemessages on a copy of the code, so the test never touches the tree."""
    copy = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    env = {
        **os.environ,
        "PLENUM_VAR_DIR": str(copy / "var"),
        "PLENUM_SECRET_KEY": "makemessages-needs-no-secret",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nb",
            "-l",
            "nn",
            "-l",
            "en",
            "--add-location",
            "file",
            "--no-obsolete",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    return copy / "locale"


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_catalogue_is_up_to_date_with_the_code(fresh_catalogues: Path, language: str):
    shipped = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    fresh = polib.pofile(str(fresh_catalogues / language / "LC_MESSAGES" / "django.po"))

    missing = sorted(messages(fresh) - messages(shipped))
    stale = sorted(messages(shipped) - messages(fresh))

    assert (missing, stale) == ([], []), "run `make messages` and translate the new strings"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_norwegian_catalogue_translates_every_string(language: str):
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))

    untranslated = [entry.msgid for entry in po if not entry.translated()]

    assert untranslated == []
