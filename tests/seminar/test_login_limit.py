"""Failed logins are limited per address and per user name (django-axes): after ten in a
row the right password is refused too, with our own page in the user's language, until a
quarter of an hour has passed or an administrator lifts the block."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from asgiref.sync import async_to_sync
from django.core.management import call_command
from django.db.models import F
from django.http import HttpResponse
from django.test import AsyncClient, Client

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LIMIT = 10
PASSWORD = "secret-pass-123"  # tests.factories.make_user's
ANOTHER_ADDRESS = "10.20.30.40"

LOCKED_OUT_NB = {
    "title": "For mange innloggingsforsøk · Plenum",
    "h1": ["For mange innloggingsforsøk"],
    "p": [
        "Det er prøvd for mange feil passord for dette brukernavnet eller fra dette "
        "nettverket, så innlogging er sperret en stund. Du kan prøve igjen om 15 minutter; "
        "hvert nytt forsøk før det starter ventetiden på nytt.",
        "Kan du ikke vente, kan en administrator oppheve sperren med en gang.",
    ],
}
LOCKED_OUT_EN = {
    "title": "Too many login attempts · Plenum",
    "h1": ["Too many login attempts"],
    "p": [
        "Too many wrong passwords have been tried for this user name or from this network, "
        "so logging in is blocked for a while. You can try again in 15 minutes; each new "
        "attempt before then starts the wait again.",
        "If you cannot wait, an administrator can lift the block at once.",
    ],
}


def squeeze(words: str) -> str:
    return " ".join(words.split())


def page(response: HttpResponse) -> dict[str, object]:
    """The lockout page's words: its title, and the headings and paragraphs of <main>."""
    text = response.content.decode()
    main = re.search(r"<main[^>]*>(.*)</main>", text, re.S)
    assert main is not None
    return {
        "title": squeeze(re.findall(r"<title>([^<]*)</title>", text)[0]),
        "h1": [squeeze(h1) for h1 in re.findall(r"<h1>([^<]*)</h1>", main[1])],
        "p": [squeeze(p) for p in re.findall(r"<p>([^<]*)</p>", main[1])],
    }


def log_in(client: Client, username: str, password: str, path: str = "/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def fail(client: Client, username: str, times: int, path: str = "/login/", **extra) -> list[int]:
    return [log_in(client, username, "wrong", path, **extra).status_code for _ in range(times)]


def logged_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_a_right_password_after_fewer_failures_than_the_limit_logs_in(client: Client):
    user = make_user()

    assert fail(client, user.username, LIMIT - 1) == [200] * (LIMIT - 1)
    response = log_in(client, user.username, PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/seminars/")
    assert logged_in_as(client) == str(user.pk)


def test_after_the_limit_the_right_password_is_refused_with_our_page_in_norwegian(
    client: Client,
):
    user = make_user()

    # The tenth wrong password is the one that locks: it already gets the page.
    assert fail(client, user.username, LIMIT) == [200] * (LIMIT - 1) + [429]
    response = log_in(client, user.username, PASSWORD)

    assert response.status_code == 429
    assert page(response) == LOCKED_OUT_NB
    assert response["Content-Language"] == "nb"
    assert '<html lang="nb">' in response.content.decode()
    assert logged_in_as(client) is None


def test_the_page_is_in_the_language_the_person_chose(client: Client):
    user = make_user()
    client.cookies["django_language"] = "en"

    fail(client, user.username, LIMIT)
    response = log_in(client, user.username, PASSWORD)

    assert response.status_code == 429
    assert page(response) == LOCKED_OUT_EN


def test_the_admin_login_is_limited_the_same_way(client: Client):
    admin = make_user()
    admin.is_staff = True
    admin.is_superuser = True
    admin.save()

    assert fail(client, admin.username, LIMIT, "/admin/login/") == [200] * (LIMIT - 1) + [429]
    response = log_in(client, admin.username, PASSWORD, "/admin/login/")

    assert response.status_code == 429
    assert page(response) == LOCKED_OUT_NB
    assert logged_in_as(client) is None


def test_the_limit_counts_per_address_whatever_the_user_name(client: Client):
    # One guess for each of ten user names, from one address.
    users = [make_user() for _ in range(LIMIT)]
    statuses = [log_in(client, user.username, "wrong").status_code for user in users]
    someone_else = make_user()

    response = log_in(client, someone_else.username, PASSWORD)

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert response.status_code == 429
    assert page(response) == LOCKED_OUT_NB
    assert logged_in_as(client) is None


def test_the_limit_counts_per_user_name_whatever_the_address(client: Client):
    user = make_user()
    fail(client, user.username, LIMIT)

    elsewhere = Client(REMOTE_ADDR=ANOTHER_ADDRESS)
    refused = log_in(elsewhere, user.username, PASSWORD)
    another_user = make_user()
    allowed = log_in(elsewhere, another_user.username, PASSWORD)

    assert refused.status_code == 429
    assert page(refused) == LOCKED_OUT_NB
    # Not the whole site: another person from another address logs in as usual.
    assert allowed.status_code == 302
    assert logged_in_as(elsewhere) == str(another_user.pk)


def test_the_block_ends_by_itself_after_a_quarter_of_an_hour(client: Client):
    from axes.models import AccessAttempt  # axes' own record of the failures and their times

    user = make_user()
    fail(client, user.username, LIMIT)

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    still_refused = log_in(client, user.username, PASSWORD)
    # That attempt started the wait again: fourteen more minutes are not enough either.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    refused_again = log_in(client, user.username, PASSWORD)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=15, seconds=1))
    allowed = log_in(client, user.username, PASSWORD)

    assert (still_refused.status_code, refused_again.status_code) == (429, 429)
    assert (allowed.status_code, allowed["Location"]) == (302, "/seminars/")
    assert logged_in_as(client) == str(user.pk)


def test_an_administrator_lifts_the_block_at_once(client: Client):
    user = make_user()
    fail(client, user.username, LIMIT)

    out = StringIO()
    call_command("axes_reset_username", user.username, stdout=out)
    response = log_in(client, user.username, PASSWORD)

    assert out.getvalue() == "1 attempts removed.\n"
    assert response.status_code == 302
    assert logged_in_as(client) == str(user.pk)


def test_the_block_holds_under_asgi():
    user = make_user()

    async def attempts():
        client = AsyncClient()
        statuses = []
        for _ in range(LIMIT):
            failed = await client.post("/login/", {"username": user.username, "password": "x"})
            statuses.append(failed.status_code)
        right = await client.post("/login/", {"username": user.username, "password": PASSWORD})
        return statuses, right

    statuses, response = async_to_sync(attempts)()

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert response.status_code == 429
    assert page(response) == LOCKED_OUT_NB
