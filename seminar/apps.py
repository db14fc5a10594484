from django.apps import AppConfig
from django.core.signals import request_finished
from django.utils.translation import gettext_lazy as _


class SeminarConfig(AppConfig):
    name = "seminar"
    verbose_name = _("Seminars")

    def ready(self) -> None:
        from seminar.connections import close_request_connections

        request_finished.connect(
            close_request_connections, dispatch_uid="close_request_connections"
        )
