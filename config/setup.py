"""The files an installation keeps, made once: `python -m config.setup`.

Importing the settings writes nothing; they read what this made. `make run`, `make test`,
`make bench`, CI and the README's server steps run it first. Running it again changes
nothing: the secret key, once made, is kept (sessions and phones' cookies stay valid).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    return Path(os.environ.get("PLENUM_VAR_DIR", BASE_DIR / "var"))


def static_root() -> Path:
    return Path(os.environ.get("PLENUM_STATIC_ROOT", var_dir() / "static"))


def secret_key_path() -> Path:
    return var_dir() / "secret_key"


def set_up() -> list[Path]:
    """Make what is missing; the paths made."""
    made = []
    for folder in (var_dir(), static_root()):
        if not folder.is_dir():
            folder.mkdir(parents=True)
            made.append(folder)
    key = secret_key_path()
    if not os.environ.get("PLENUM_SECRET_KEY") and not key.exists():
        key.write_text(secrets.token_urlsafe(50))
        key.chmod(0o600)
        made.append(key)
    return made


if __name__ == "__main__":
    for path in set_up():
        print(f"made {path}")
