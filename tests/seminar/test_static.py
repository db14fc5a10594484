"""What collectstatic gives phones: our scripts without comments, other files as built."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management import call_command

from config import settings as plenum_settings


def test_our_scripts_are_served_without_comments_and_vendored_ones_as_built(
    settings, tmp_path: Path
):
    root = settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = plenum_settings.STORAGES  # as deployed; tests run without a manifest

    call_command("collectstatic", "--noinput", verbosity=0)

    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    served = (root / manifest["js/live.js"]).read_text()
    source = (Path(settings.BASE_DIR) / "static/js/live.js").read_text()
    assert served.startswith('(function(){"use strict";var body=document.body;')
    assert "/*" not in served and "Plenum's few lines" in source
    assert len(served) < 0.7 * len(source)
    vendored = Path(settings.BASE_DIR) / "static/vendor/sortable.min.js"
    assert (root / manifest["vendor/sortable.min.js"]).read_bytes() == vendored.read_bytes()


def test_a_dry_run_keeps_the_manifest_and_links_never_minify_the_source(settings, tmp_path: Path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = plenum_settings.STORAGES
    source = Path(settings.BASE_DIR) / "static/js/live.js"
    before = source.read_text()

    call_command("collectstatic", "--noinput", "--link", verbosity=0)
    call_command("collectstatic", "--noinput", "--dry-run", verbosity=0)

    manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())["paths"]
    assert manifest["js/live.js"].startswith("js/live.")
    assert source.read_text() == before
    assert not (settings.STATIC_ROOT / "js/live.js").is_symlink()
