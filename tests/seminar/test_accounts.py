"""Facilitators' accounts: staff make them, facilitators name themselves and change their
password, and the command line does the first part too."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest
from django.test import Client
from django.utils import translation

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = re.compile(r'<strong class="first-password">([^<]+)</strong>')
FIELD_ERRORS = re.compile(r'<div class="field-errors"[^>]*><ul class="errorlist"[^>]*><li>([^<]+)<')


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(User.objects.create_user("drift", is_staff=True))
    return client


def test_staff_make_a_facilitators_account_with_a_first_password_to_hand_over(staff):
    response = staff.post("/accounts/", {"name": "Kari Nordmann", "username": "kari"})

    (password,) = PASSWORD.findall(response.text)
    kari = User.objects.get(username="kari")
    assert (kari.get_full_name(), kari.is_staff) == ("Kari Nordmann", False)
    assert authenticate(HttpRequest(), username="kari", password=password) == kari
    assert "Kari Nordmann (kari)" in response.text
    assert len(password) == 12


def test_a_user_name_that_is_taken_or_not_a_user_name_is_refused_next_to_the_field(staff):
    make_user("kari")

    taken = staff.post("/accounts/", {"name": "Kari N", "username": "KARI"})
    odd = staff.post("/accounts/", {"name": "Ola", "username": "ola nordmann"})

    assert taken.status_code == 400
    assert FIELD_ERRORS.findall(taken.text) == ["Brukernavnet «KARI» er tatt."]
    assert 'value="Kari N"' in taken.text
    assert odd.status_code == 400
    assert len(FIELD_ERRORS.findall(odd.text)) == 1
    assert User.objects.filter(username__iexact="ola nordmann").count() == 0


def test_only_staff_reach_the_accounts_page(client):
    facilitator = Client()
    facilitator.force_login(make_user("kari"))

    answers = [
        facilitator.get("/accounts/").status_code,
        facilitator.post("/accounts/", {"name": "X", "username": "x"}).status_code,
        client.get("/accounts/").status_code,
    ]

    assert answers == [404, 404, 302]
    assert not User.objects.filter(username="x").exists()


def test_a_facilitator_sets_their_name_and_changes_their_password(client):
    me = User.objects.create_user("kari", password="first-password-1")
    client.force_login(me)

    named = client.post("/account/", {"action": "name", "name": "Kari Nordmann"})
    wrong = client.post(
        "/account/",
        {
            "action": "password",
            "old_password": "not it",
            "new_password1": "a-long-new-secret-42",
            "new_password2": "a-long-new-secret-42",
        },
    )
    changed = client.post(
        "/account/",
        {
            "action": "password",
            "old_password": "first-password-1",
            "new_password1": "a-long-new-secret-42",
            "new_password2": "a-long-new-secret-42",
        },
    )

    me.refresh_from_db()
    assert named["Location"] == "/account/?saved=name"
    assert me.get_full_name() == "Kari Nordmann"
    assert wrong.status_code == 400
    assert FIELD_ERRORS.findall(wrong.text) == ["Ditt gamle passord er galt. Vennligst prøv igjen."]
    assert changed["Location"] == "/account/?saved=password"
    assert me.check_password("a-long-new-secret-42")
    assert client.get("/account/").status_code == 200  # still logged in


def test_the_command_makes_an_account_and_prints_its_first_password(capsys):
    call_command("createfacilitator", "ola", "--name", "Ola Nordmann")

    printed = capsys.readouterr().out.strip()
    username, password = re.fullmatch(r"(\w+): first password (\w{12})", printed).groups()
    ola = User.objects.get(username=username)
    assert (ola.first_name, ola.last_name) == ("Ola", "Nordmann")
    assert ola.check_password(password)
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("createfacilitator", "OLA")
    assert str(refused.value) == "The user name “OLA” is taken."


@pytest.mark.parametrize("accounts", [1, 8])
def test_the_accounts_page_runs_fixed_queries(staff, django_assert_num_queries, accounts: int):
    for number in range(accounts):
        make_user(f"kollega{number}")

    with django_assert_num_queries(3):  # session, user, the accounts
        response = staff.get("/accounts/")

    assert len(re.findall(r'class="facilitator-list__person"', response.text)) == accounts + 1
