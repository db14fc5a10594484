"""Blocking work a request starts and does not wait for (a deck import, say).

The live layer, when it runs a server loop, registers a runner that takes the work into a
worker thread of that loop, so what the work broadcasts reaches the channel layer as a
request's would. Without one (a management command, a process that serves no socket
yet) the work gets a plain thread of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Runner = Callable[[Callable[[], None]], bool]
_runners: list[Runner] = []


def register_runner(runner: Runner) -> None:
    """`runner(work)` starts `work` and says True, or says False when it cannot."""
    if runner not in _runners:
        _runners.append(runner)


def run_in_background(work: Callable[[], None], *, name: str) -> None:
    if not any(runner(work) for runner in _runners):
        threading.Thread(target=work, name=name, daemon=True).start()
