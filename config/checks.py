"""Django's deploy checks, for middleware that are subclasses of Django's own.

Django finds its security, clickjacking, CSRF and session middleware in MIDDLEWARE by their
dotted paths, and only then checks the settings they act on (HSTS, the SSL redirect,
nosniff, the referrer and opener policies, X-Frame-Options, secure cookies). Ours are
subclasses (config/middleware.py), so Django would say they are missing and skip the
rest. Here the same Django checks run again on MIDDLEWARE as Django would name it: each
subclass by the Django class it extends.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks.security import base, csrf, sessions
from django.test.utils import override_settings
from django.utils.module_loading import import_string

DJANGO_CHECKS: tuple[Callable[..., Sequence[CheckMessage]], ...] = (
    base.check_security_middleware,
    base.check_xframe_options_middleware,
    base.check_sts,
    base.check_sts_include_subdomains,
    base.check_sts_preload,
    base.check_content_type_nosniff,
    base.check_ssl_redirect,
    base.check_xframe_deny,
    base.check_referrer_policy,
    base.check_cross_origin_opener_policy,
    csrf.check_csrf_middleware,
    csrf.check_csrf_cookie_secure,
    sessions.check_session_cookie_secure,
    sessions.check_session_cookie_httponly,
)
# Django's own "not in MIDDLEWARE" warnings, silenced in settings: these checks say it
# again, under config's ids, when the middleware really is missing.
SAID_AGAIN = {
    "security.W001": "config.W001",
    "security.W002": "config.W002",
    "security.W003": "config.W003",
}


def as_django_names_it(path: str) -> str:
    """A subclass of ours by the dotted path of the library class it extends."""
    if not path.startswith("config.middleware."):
        return path
    middleware = import_string(path)
    for cls in getattr(middleware, "__mro__", ())[1:]:
        if cls.__module__.startswith(("django.", "csp.")) and cls.__name__ == middleware.__name__:
            return f"{cls.__module__}.{cls.__qualname__}"
    return path


@register(Tags.security, deploy=True)
def check_our_middleware_as_django_would(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    named = [as_django_names_it(path) for path in settings.MIDDLEWARE]
    # The checks read settings.MIDDLEWARE when called; nothing else runs meanwhile.
    with override_settings(MIDDLEWARE=named):
        messages = [message for check in DJANGO_CHECKS for message in check(app_configs)]
    return [said_again(message) for message in messages]


def said_again(message: CheckMessage) -> CheckMessage:
    # Django's messages are module constants: the copy takes the new id, never the original.
    if message.id not in SAID_AGAIN:
        return message
    renamed = copy.copy(message)
    renamed.id = SAID_AGAIN[message.id]
    return renamed
