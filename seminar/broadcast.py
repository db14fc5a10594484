"""Publishing a change: after the transaction commits, render once, send to everyone."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from seminar.groups import seminar_group
from seminar.screens import render_screens


def publish(seminar_id: int) -> None:
    message = render_screens(seminar_id)
    layer = get_channel_layer()
    assert layer is not None
    async_to_sync(layer.group_send)(seminar_group(seminar_id), message)


def broadcast_on_commit(seminar_id: int) -> None:
    """Screens must never show what a rolled-back transaction wrote."""
    transaction.on_commit(lambda: publish(seminar_id))
