"""Django's deploy checks still judge our middleware, which extends Django's own
(config/checks.py): the settings behind it are checked, and a missing one is said."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import run_checks
from django.test import override_settings


def deploy_check_ids() -> list[str]:
    messages = run_checks(include_deployment_checks=True, tags=["security"])
    return sorted(
        str(message.id) for message in messages if message.id not in settings.SILENCED_SYSTEM_CHECKS
    )


@override_settings(
    DEBUG=False,
    SECURE_HSTS_SECONDS=0,
    SECURE_SSL_REDIRECT=False,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_the_settings_behind_our_security_middleware_are_still_checked():
    assert "config.middleware.SecurityMiddleware" in settings.MIDDLEWARE

    ids = deploy_check_ids()

    assert [i for i in ids if i in ("security.W004", "security.W008")] == [
        "security.W004",
        "security.W008",
    ]
    assert [i for i in ids if i.startswith("config.")] == []


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_a_stack_without_the_security_or_clickjacking_middleware_is_warned():
    without = [
        path
        for path in settings.MIDDLEWARE
        if path
        not in ("config.middleware.SecurityMiddleware", "config.middleware.XFrameOptionsMiddleware")
    ]
    with override_settings(MIDDLEWARE=without):
        ids = deploy_check_ids()

    assert [i for i in ids if i.startswith("config.")] == ["config.W001", "config.W002"]
