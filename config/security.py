"""Guards the ASGI entry points need beyond Django's own."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings

ASGIApp = Any


class SameOriginWebsockets:
    """Websockets only from pages this server served.

    A browser always sends the page's Origin with a websocket, and no other site can
    forge it: a page elsewhere on the venue network cannot read the console's screens
    (answer keys, hidden results) through a facilitator's logged-in browser. The Origin
    must name the host the socket connects to, or be listed in CSRF_TRUSTED_ORIGINS
    (a proxy that rewrites the Host header)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        headers = dict(scope.get("headers", []))
        origin = headers.get(b"origin", b"").decode("latin-1")
        host = headers.get(b"host", b"").decode("latin-1")
        trusted = origin in settings.CSRF_TRUSTED_ORIGINS
        if not trusted and (not origin or not host or urlsplit(origin).netloc != host):
            return await WebsocketDenier()(scope, receive, send)
        return await self.app(scope, receive, send)
