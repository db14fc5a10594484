from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.core.signals import request_finished
from django.utils.translation import gettext_lazy as _


class SeminarConfig(AppConfig):
    name = "seminar"
    verbose_name = _("Seminars")

    def ready(self) -> None:
        from seminar.connections import close_request_connections
        from seminar.remote import password_login_is_a_full_one

        request_finished.connect(
            close_request_connections, dispatch_uid="close_request_connections"
        )
        user_logged_in.connect(password_login_is_a_full_one, dispatch_uid="remote_scope")
