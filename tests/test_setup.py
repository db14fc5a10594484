"""The settings only read; `python -m config.setup` makes what an installation keeps, once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PLENUM_")}
    return (
        env | {"PLENUM_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "config.settings"} | extra
    )


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )


def set_up(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "config.setup"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_loading_the_settings_writes_nothing_and_names_the_setup_step(tmp_path):
    var_dir = tmp_path / "var"

    loaded = load_settings(environment(var_dir))

    assert loaded.returncode == 1
    assert (
        f"{var_dir / 'secret_key'} is missing: run `python -m config.setup` first" in loaded.stderr
    )
    assert not var_dir.exists()


def test_the_setup_step_makes_the_folders_and_a_private_key_once(tmp_path):
    var_dir = tmp_path / "var"
    env = environment(var_dir)

    first = set_up(env)
    key = (var_dir / "secret_key").read_text()
    second = set_up(env)

    assert first.splitlines() == [
        f"made {var_dir}",
        f"made {var_dir / 'static'}",
        f"made {var_dir / 'secret_key'}",
    ]
    assert second == ""
    assert (var_dir / "secret_key").read_text() == key
    assert len(key) >= 50
    assert (var_dir / "secret_key").stat().st_mode & 0o777 == 0o600
    assert load_settings(env).stdout.strip() == "False"


def test_a_secret_key_from_the_environment_needs_no_file(tmp_path):
    env = environment(tmp_path / "var", PLENUM_SECRET_KEY="k" * 60)

    set_up(env)

    assert not (tmp_path / "var" / "secret_key").exists()
    assert load_settings(env).stdout.strip() == "False"


def test_a_switch_that_is_neither_on_nor_off_stops_the_start_and_names_the_variable(tmp_path):
    env = environment(tmp_path / "var", PLENUM_SECRET_KEY="k" * 60, PLENUM_HTTPS="ture")

    loaded = load_settings(env)

    assert loaded.returncode == 1
    assert (
        "PLENUM_HTTPS='ture' is neither on nor off: use 1 or 0 (or true/false, yes/no, on/off)."
        in loaded.stderr
    )


def test_a_switch_said_plainly_is_read_either_way(tmp_path):
    on = environment(tmp_path / "var", PLENUM_SECRET_KEY="k" * 60, PLENUM_DEBUG=" Yes ")
    off = environment(tmp_path / "var", PLENUM_SECRET_KEY="k" * 60, PLENUM_DEBUG="0")

    assert (load_settings(on).stdout.strip(), load_settings(off).stdout.strip()) == (
        "True",
        "False",
    )


FIND_PYTHON = ROOT / "config" / "find-python.sh"
NOT_SELECTED = None  # a pyenv shim for a version pyenv has but has not selected


def find_python(
    tmp_path: Path, versions: dict[str, tuple[int, int] | None], *named: str
) -> subprocess.CompletedProcess[str]:
    """The finder on a PATH holding only commands that answer its question as those Pythons
    would: print major.minor, and fail below 3.11."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, version in versions.items():
        if version is NOT_SELECTED:
            body = f"echo 'pyenv: {name}: command not found' >&2\nexit 127\n"
        else:
            body = f"echo {version[0]}.{version[1]}\nexit {int(version < (3, 11))}\n"
        (bin_dir / name).write_text("#!/bin/sh\n" + body)
        (bin_dir / name).chmod(0o755)
    return subprocess.run(
        ["/bin/sh", str(FIND_PYTHON), *named],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
    )


INSTALL_ONE = [
    "  Ubuntu 24.04:  sudo apt install python3.12 python3.12-venv",
    "  Debian 13:     sudo apt install python3.13 python3.13-venv",
    "  macOS:         brew install python@3.13",
    "or name one that is already installed: make run PYTHON=/path/to/python3.11-or-newer",
]


def test_the_newest_python_from_3_11_up_makes_the_venv(tmp_path):
    found = find_python(
        tmp_path,
        {
            "python3.13": NOT_SELECTED,
            "python3.12": (3, 12),
            "python3.11": (3, 11),
            "python3": (3, 11),
        },
    )

    assert (found.returncode, found.stdout, found.stderr) == (0, "python3.12\n", "")


def test_a_plain_python3_newer_than_the_named_versions_is_taken(tmp_path):
    found = find_python(tmp_path, {"python3.11": (3, 11), "python3": (3, 14)})

    assert found.stdout == "python3\n"


def test_on_a_tie_the_named_version_is_taken(tmp_path):
    found = find_python(tmp_path, {"python3": (3, 13), "python3.13": (3, 13)})

    assert found.stdout == "python3.13\n"


def test_without_python_3_11_or_newer_the_finder_says_what_to_install(tmp_path):
    found = find_python(tmp_path, {"python3.13": NOT_SELECTED, "python3": (3, 10)})

    assert (found.returncode, found.stdout) == (1, "")
    assert found.stderr.splitlines() == [
        "Plenum needs Python 3.11 or newer, and found none (python3.13 does not run;"
        " no python3.12; no python3.11; python3 is 3.10). Install one:",
        *INSTALL_ONE,
    ]


def test_a_python_named_by_hand_is_checked_too(tmp_path):
    found = find_python(tmp_path, {"python3.10": (3, 10), "python3.12": (3, 12)}, "python3.10")

    assert found.returncode == 1
    assert found.stderr.splitlines() == [
        "Plenum needs Python 3.11 or newer, and found none (python3.10 is 3.10). Install one:",
        *INSTALL_ONE,
    ]
