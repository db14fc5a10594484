from channels.auth import AuthMiddlewareStack
from channels.security.websocket import WebsocketDenier
from channels.sessions import CookieMiddleware
from django.urls import re_path

from live.consumers import LiveConsumer

# Only the console needs the facilitator's session and user. Phones and projectors prove
# who they are by a signed cookie or a token: their handshake skips both lookups, which
# counts when a thousand phones come back at once after a restart.
websocket_urlpatterns = [
    re_path(
        r"^ws/live/(?P<role>console)/(?P<key>[\w-]+)/$",
        AuthMiddlewareStack(LiveConsumer.as_asgi()),
    ),
    re_path(
        r"^ws/live/(?P<role>projector|phone)/(?P<key>[\w-]+)/$",
        CookieMiddleware(LiveConsumer.as_asgi()),
    ),
    # Any other path: the handshake is closed before it is accepted (an HTTP 403), where
    # URLRouter would raise "No route found" and the server answer 500 with a traceback.
    re_path(r"", WebsocketDenier.as_asgi()),
]
