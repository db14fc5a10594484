"""Static files as phones get them: our own scripts without comments and spaces.

A phone on a venue's Wi-Fi downloads every byte of live.js before it can vote; the source
keeps its comments for the people who read it. Vendored and third-party files are served
as their makers built them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import rjsmin  # type: ignore[import-untyped]
from servestatic.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]

OWN_SCRIPTS = "js/"


class MinifiedStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    def post_process(
        self, paths: dict[str, Any], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str, bool]]:
        if not dry_run:
            for name in paths:
                if name.startswith(OWN_SCRIPTS) and name.endswith(".js"):
                    path = Path(self.path(name))
                    minified = rjsmin.jsmin(path.read_text(encoding="utf-8"))
                    if path.is_symlink():  # collectstatic --link: never write into the source
                        path.unlink()
                    path.write_text(minified, encoding="utf-8")
                    # The hashed copy is made from the collected (minified) file, not the source.
                    paths[name] = (self, name)
        # By keyword: the parents read `dry_run` from their keyword arguments only.
        yield from super().post_process(paths, dry_run=dry_run, **options)
