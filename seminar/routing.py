from django.urls import re_path

from seminar.consumers import LiveConsumer

websocket_urlpatterns = [
    re_path(
        r"^ws/live/(?P<role>projector|console|phone)/(?P<key>[\w-]+)/$", LiveConsumer.as_asgi()
    ),
]
