"""Publishing a change: after the transaction commits, render once, send to everyone."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from live.audiences import ScreensMessage, participant_audience, seminar_group
from live.models import LiveState
from live.screens import (
    console_snapshot,
    count_change,
    live_snapshot,
    render_console_screen,
    render_room_screens,
    results_version,
    room_state,
    screen_context,
    screens_message,
)


def send(message: ScreensMessage) -> None:
    layer = get_channel_layer()
    assert layer is not None
    async_to_sync(layer.group_send)(seminar_group(message["seminar"]), message)


def publish(seminar_id: int) -> None:
    # The room's screens go out first: they are quick to render and they are what a
    # hall of people is waiting for. The console's fuller screen follows.
    version = results_version(seminar_id)
    live = room_state(seminar_id)
    room = screen_context(live)  # the poll's counts, once for every audience
    send(screens_message(live, render_room_screens(live, room)))
    snapshot = console_snapshot(live, results_version=version)
    send(screens_message(live, render_console_screen(snapshot, room)))


def publish_console(seminar_id: int) -> None:
    """The console's screen alone, at the revision the room is on: for what only the
    console shows (a phone waiting to be let in). One render, whatever the room."""
    snapshot = live_snapshot(seminar_id)
    screens = render_console_screen(snapshot, screen_context(snapshot.live))
    send(screens_message(snapshot.live, screens))


def console_on_commit(seminar_id: int) -> None:
    def after_commit() -> None:
        count_change(seminar_id)  # the console changed within its revision
        publish_console(seminar_id)

    transaction.on_commit(after_commit, robust=True)


def broadcast_on_commit(seminar_id: int) -> None:
    """Screens must never show what a rolled-back transaction wrote."""
    # robust: a layer that is away (Redis restarting) must not undo the facilitator's
    # action in the response; the hub resends the current screens once it is back.
    transaction.on_commit(lambda: publish(seminar_id), robust=True)


def regroup_phones(seminar_id: int, participant_ids: list[int]) -> None:
    """Tell these people's phones to reconnect: they then follow their new groups."""
    revision = (
        LiveState.objects.filter(seminar_id=seminar_id).values_list("revision", flat=True).first()
    )
    if revision is None or not participant_ids:
        return
    send(
        {
            "type": "live.screens",
            "seminar": seminar_id,
            "revision": revision,
            "screens": {},
            "reconnect": [participant_audience(pk) for pk in participant_ids],
        }
    )


def regroup_phones_on_commit(seminar_id: int, participant_ids: list[int]) -> None:
    transaction.on_commit(lambda: regroup_phones(seminar_id, participant_ids), robust=True)
