import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)  # as get_asgi_application() does, with our handler below

# These need Django set up first.
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.handlers import PlenumASGIHandler  # noqa: E402
from config.routing import websocket_urlpatterns  # noqa: E402
from config.security import SameOriginWebsockets  # noqa: E402
from live.hub import lifespan  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": PlenumASGIHandler(),
        "lifespan": lifespan,
        "websocket": SameOriginWebsockets(URLRouter(websocket_urlpatterns)),
    }
)
