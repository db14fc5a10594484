"""Under ASGI the middleware's hooks run on the event loop (config/middleware.py): a
login through the async path still stores its session, a POST without its CSRF token is
still refused, and every response carries the same security headers as on the sync path."""

from __future__ import annotations

import re

import pytest
from asgiref.sync import sync_to_async
from django.contrib.sessions.models import Session
from django.test import AsyncClient, Client
from django.urls import reverse

from tests.factories import make_seminar, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-pass-123"  # tests.factories.make_user's
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Language",
)


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found is not None
    return found[1]


async def test_a_login_over_the_async_path_stores_its_session_and_opens_the_pages():
    user = await sync_to_async(make_user)("kari")
    await sync_to_async(make_seminar)(facilitator=user, municipality="Dovre kommune")
    client = AsyncClient(enforce_csrf_checks=True)
    login_page = await client.get(reverse("login"))

    answer = await client.post(
        reverse("login"),
        {
            "username": "kari",
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(login_page.content.decode()),
        },
    )

    assert (answer.status_code, answer["Location"]) == (302, reverse("seminar:my_seminars"))
    assert await Session.objects.acount() == 1
    mine = await client.get(reverse("seminar:my_seminars"))
    assert mine.status_code == 200
    assert "Dovre kommune" in mine.content.decode()


async def test_a_post_without_its_csrf_token_is_refused_over_the_async_path():
    await sync_to_async(make_user)("kari")
    client = AsyncClient(enforce_csrf_checks=True)
    await client.get(reverse("login"))

    answer = await client.post(reverse("login"), {"username": "kari", "password": PASSWORD})

    assert answer.status_code == 403
    assert await Session.objects.acount() == 0


async def test_a_page_that_reads_no_session_sets_no_cookie_and_writes_nothing():
    answer = await AsyncClient().get(reverse("seminar:clock"))

    assert answer.status_code == 200
    assert answer.cookies == {}
    assert await Session.objects.acount() == 0


@pytest.mark.parametrize("path", ["/", "/clock/", "/no-such-page/"])
async def test_the_async_path_sends_the_same_security_headers_as_the_sync_one(path):
    on_the_loop = await AsyncClient().get(path)
    in_a_thread = await sync_to_async(Client().get)(path)

    assert on_the_loop.status_code == in_a_thread.status_code
    assert {name: on_the_loop.get(name) for name in SECURITY_HEADERS} == {
        name: in_a_thread.get(name) for name in SECURITY_HEADERS
    }
    assert "default-src 'self'" in on_the_loop["Content-Security-Policy"]
    assert on_the_loop["X-Frame-Options"] == "DENY"
