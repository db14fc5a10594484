from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.conf import LazySettings
from django.core.cache import cache
from django.db import connections

from seminar import throttle


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests last: they are the slowest, and Playwright's sync API runs an event
    # loop of its own that must be gone before any asyncio test starts.
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(autouse=True)
def _test_settings(settings: LazySettings, tmp_path: Path) -> Iterator[None]:
    # The manifest exists only after collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.DEMO_CREDENTIALS_PATH = tmp_path / "demo_facilitator.json"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_URL = "http://testserver"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test's transaction is seen only in its own thread (seminar/connections.py).
    settings.DATABASE_WORKER_THREADS = 0
    # Rendered screens are cached by seminar id, and ids repeat from test to test.
    cache.clear()
    throttle.forget_all()
    yield


@pytest.fixture(autouse=True)
def _fresh_channel_layer() -> Iterator[None]:
    # Each test runs its own event loop; a layer made in another loop must not be reused.
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
async def close_database_connections() -> AsyncIterator[None]:
    """For tests that talk to consumers: they reach the database from asgiref's worker
    thread, whose connections would otherwise outlive the test database (PostgreSQL
    refuses to drop it)."""
    yield
    await database_sync_to_async(connections.close_all)()
