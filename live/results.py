"""Live results: many votes a second, a few screen updates a second, exact in the end.

Each stored vote marks the seminar's results as changed (polls and exercises say so by
their signals, live/receivers.py). When the work came from an event loop that has a hub
(a server process; a test that opened sockets), the hub coalesces the marks and
publishes at most one update per interval, the last one after the last vote, so the
totals on the screens end exact. Otherwise (a management command, a plain thread) the
update is published at once.
"""

from __future__ import annotations

from django.db import transaction

from live.broadcast import send
from live.hub import call_in_hub
from live.screens import count_change, render_results


def publish_results(seminar_id: int) -> None:
    send(render_results(seminar_id))


def results_changed(seminar_id: int) -> None:
    if not call_in_hub(lambda hub: hub.mark_results_changed(seminar_id)):
        publish_results(seminar_id)


def count_vote(seminar_id: int) -> None:
    """Number each stored vote, in the cache that every server process shares.

    A results update reads this number before it counts the votes, so an update with a
    higher number has counted at least every vote numbered before it. Screens keep the
    highest number they have shown and ignore older updates, which processes can deliver
    out of order."""
    count_change(seminar_id)


def results_changed_on_commit(seminar_id: int) -> None:
    def after_commit() -> None:
        count_vote(seminar_id)
        results_changed(seminar_id)

    transaction.on_commit(after_commit, robust=True)
