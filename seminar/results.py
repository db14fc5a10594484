"""Live results: many votes a second, a few screen updates a second, exact in the end.

Each stored vote marks the seminar's results as changed. In a server process the hub
coalesces the marks and publishes at most one update per interval; the last update
comes after the last vote, so the totals on the screens end exact. Outside a server
(a management command, a test) the update is published at once.
"""

from __future__ import annotations

from django.db import transaction

from seminar.broadcast import send
from seminar.hub import call_in_hub
from seminar.screens import render_results


def publish_results(seminar_id: int) -> None:
    send(render_results(seminar_id))


def results_changed(seminar_id: int) -> None:
    if not call_in_hub(lambda hub: hub.mark_results_changed(seminar_id)):
        publish_results(seminar_id)


def results_changed_on_commit(seminar_id: int) -> None:
    transaction.on_commit(lambda: results_changed(seminar_id))
