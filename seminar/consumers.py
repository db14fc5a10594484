"""Websocket consumers: check access on connect, then only relay what the hub sends.

No consumer touches the database on broadcast; the HTML arrives finished.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from seminar.groups import Role, audience_for
from seminar.hub import get_hub
from seminar.models import Participant, Seminar
from seminar.participants import COOKIE_NAME, participant_id_from_cookie
from seminar.queries import seminars_for_facilitator
from seminar.screens import current_screen

FORBIDDEN = 4403


def _language(scope: dict[str, Any], seminar_language: str) -> str:
    """The phone's chosen language, else the seminar's (as on the phone's pages)."""
    chosen = scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME, "")
    available = {code for code, _name in settings.LANGUAGES}
    return str(chosen) if chosen in available else seminar_language


@database_sync_to_async  # type: ignore[untyped-decorator]
def _seminar_for(role: Role, key: str, scope: dict[str, Any]) -> tuple[int, str] | None:
    """The seminar this socket may watch, with its language, or None. One or two queries."""
    if role == "projector":
        return Seminar.objects.filter(projector_token=key).values_list("pk", "language").first()
    if role == "console":
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        return seminars_for_facilitator(user).filter(slug=key).values_list("pk", "language").first()
    found = Seminar.objects.filter(join_code=key).values_list("pk", "language").first()
    if found is None:
        return None
    seminar_id = found[0]
    participant_id = participant_id_from_cookie(
        scope.get("cookies", {}).get(COOKIE_NAME), seminar_id=seminar_id
    )
    if (
        participant_id is None
        or not Participant.objects.filter(pk=participant_id, seminar_id=seminar_id).exists()
    ):
        return None
    return found


class LiveConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]  # channels ships no types
    # No layer channel per socket: the hub feeds every socket of this process, and a
    # channel each would cost a queue (in memory) or a subscription (Redis) per phone.
    channel_layer_alias = "no layer for sockets"
    seminar_id: int | None = None
    audience: str = ""

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        role: Role = kwargs["role"]
        found = await _seminar_for(role, kwargs["key"], self.scope)
        if found is None:
            await self.close(code=FORBIDDEN)
            return
        self.seminar_id, seminar_language = found
        self.audience = audience_for(role, _language(self.scope, seminar_language))
        await self.accept()
        await get_hub().join(self.seminar_id, self.audience, self)
        revision, html = await database_sync_to_async(current_screen)(
            self.seminar_id, self.audience
        )
        # A client that already shows this revision (it came with the page) needs nothing.
        if str(revision) != self._client_revision():
            await self.send(text_data=html)

    def _client_revision(self) -> str:
        query = parse_qs(bytes(self.scope.get("query_string", b"")).decode())
        return query.get("revision", [""])[0]

    async def relay(self, event: dict[str, str]) -> None:
        # Straight to the server's send: the hub writes the same event to every socket of
        # an audience, and the consumer's own send would build it again for each.
        await self.base_send(event)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # Screens only listen: every action is an ordinary POST that also works without
        # the websocket. Anything sent here is ignored.
        return

    async def disconnect(self, code: int) -> None:
        if self.seminar_id is not None:
            await get_hub().leave(self.seminar_id, self.audience, self)
