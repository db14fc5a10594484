from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import LazySettings


@pytest.fixture(autouse=True)
def _test_settings(settings: LazySettings, tmp_path: Path) -> Iterator[None]:
    # The manifest exists only after collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.DEMO_CREDENTIALS_PATH = tmp_path / "demo_facilitator.json"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_URL = ""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
