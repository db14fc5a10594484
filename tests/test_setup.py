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
