"""Websocket consumers: check access on connect, then only relay what the hub sends.

No consumer touches the database on broadcast; the HTML arrives finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from live.audiences import Role, audience_for, group_audience, participant_audience
from live.hub import get_hub
from live.screens import current_screens
from seminar.models import Participant, Seminar
from seminar.participants import COOKIE_NAME, ids_from_cookie
from seminar.queries import seminars_for_facilitator

FORBIDDEN = 4403


def _language(scope: dict[str, Any], seminar_language: str) -> str:
    """The phone's chosen language, else the seminar's (as on the phone's pages)."""
    chosen = scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME, "")
    available = {code for code, _name in settings.LANGUAGES}
    return str(chosen) if chosen in available else seminar_language


@dataclass(frozen=True)
class Access:
    seminar_id: int
    language: str  # the seminar's
    participant_id: int | None = None
    group_ids: tuple[int, ...] = ()


@database_sync_to_async  # type: ignore[untyped-decorator]
def _access(role: Role, key: str, scope: dict[str, Any]) -> Access | None:
    """The seminar this socket may watch, with its language, or None; for a phone, also
    who it is and its groups. One to three queries."""
    if role == "projector":
        found = Seminar.objects.filter(projector_token=key).values_list("pk", "language").first()
        return Access(*found) if found else None
    if role == "console":
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        found = (
            seminars_for_facilitator(user).filter(slug=key).values_list("pk", "language").first()
        )
        return Access(*found) if found else None
    ids = ids_from_cookie(scope.get("cookies", {}).get(COOKIE_NAME))
    if ids is None:
        return None
    seminar_id, participant_id = ids
    memberships = list(
        Participant.objects.filter(
            pk=participant_id,
            seminar_id=seminar_id,
            seminar__join_code=key,
            admission=Participant.Admission.ADMITTED,
        ).values_list("seminar__language", "memberships__group_id")
    )
    if not memberships:
        return None
    language = memberships[0][0]
    groups = tuple(group_id for _language, group_id in memberships if group_id is not None)
    return Access(seminar_id, language, participant_id, groups)


class LiveConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]  # channels ships no types
    # No layer channel per socket: the hub feeds every socket of this process, and a
    # channel each would cost a queue (in memory) or a subscription (Redis) per phone.
    channel_layer_alias = "no layer for sockets"
    seminar_id: int | None = None
    audience: str = ""  # what the socket is: a projector, a console, a phone in a language
    audiences: list[str]  # that, and for a phone its groups and itself

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        role: Role = kwargs["role"]
        access = await _access(role, kwargs["key"], self.scope)
        if access is None:
            await self.close(code=FORBIDDEN)
            return
        self.seminar_id = access.seminar_id
        language = _language(self.scope, access.language)
        self.audience = audience_for(role, language)
        shown = [
            self.audience,
            *(group_audience(group_id, language) for group_id in access.group_ids),
        ]
        self.audiences = shown
        if access.participant_id is not None:
            self.audiences = [*shown, participant_audience(access.participant_id)]
        await self.accept()
        await get_hub().join(self.seminar_id, self.audiences, self)
        revision, screens = await database_sync_to_async(current_screens)(self.seminar_id, shown)
        # A client that already shows this revision (it came with the page) needs nothing
        # but its group's sheet, which changes without a new revision.
        main, *sheets = screens
        if str(revision) != self._client_revision():
            await self.send(text_data=main)
        for html in sheets:
            if html:
                await self.send(text_data=html)

    def _client_revision(self) -> str:
        query = parse_qs(bytes(self.scope.get("query_string", b"")).decode())
        return query.get("revision", [""])[0]

    async def relay(self, event: dict[str, Any]) -> None:
        # Straight to the server's send: the hub writes the same event to every socket of
        # an audience, and the consumer's own send would build it again for each.
        await self.base_send(event)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # Screens only listen: every action is an ordinary POST that also works without
        # the websocket. Anything sent here is ignored.
        return

    async def disconnect(self, code: int) -> None:
        if self.seminar_id is not None:
            await get_hub().leave(self.seminar_id, self.audiences, self)
