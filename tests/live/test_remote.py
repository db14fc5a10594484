"""The facilitator's phone remote: the console's code signs a phone in once, for one
seminar's live room only; the remote drives the room with the console's buttons."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agenda.models import Slide
from live.models import LiveState
from live.screens import render_console
from polls.models import Poll
from seminar.models import Seminar
from seminar.remote import REMOTE_LINK_SECONDS, remote_link_token
from tests.factories import make_poll, make_seminar, make_user

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}


def laptop(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sign_in_url(seminar: Seminar, token: str) -> str:
    return reverse("seminar:remote_sign_in", args=[seminar.slug, token])


def remote_phone(seminar: Seminar, token: str) -> Client:
    phone = Client()
    response = phone.post(sign_in_url(seminar, token))
    assert response.status_code == 302
    assert response["Location"] == reverse("seminar:remote", args=[seminar.slug])
    return phone


def current_slide_title(seminar: Seminar) -> str:
    return LiveState.objects.select_related("slide").get(seminar=seminar).slide.title


def test_the_consoles_code_opens_the_remote_once():
    me = make_user()
    seminar = make_seminar(facilitator=me, items=2)
    console = laptop(me)

    code = console.get(reverse("seminar:remote_link", args=[seminar.slug]), headers=HTMX)
    assert code.status_code == 200
    assert "<svg" in code.text
    assert f"/seminars/{seminar.slug}/remote/" in code.text  # the address to type instead

    token = remote_link_token(user=User.objects.get(pk=me.pk), seminar=seminar)
    opened = Client().get(sign_in_url(seminar, token))
    assert opened.status_code == 200
    assert "Åpne fjernkontrollen" in opened.text  # the one button, pressed by a script

    phone = remote_phone(seminar, token)
    page = phone.get(reverse("seminar:remote", args=[seminar.slug]))
    assert page.status_code == 200
    assert re.findall(r'class="remote__title"[^>]*>([^<]+)<', page.text) == ["Slide 1.1.1"]
    assert "Slide 1.2.1" in page.text  # the next slide's title

    again = Client()
    assert again.get(sign_in_url(seminar, token)).status_code == 410
    spent = again.post(sign_in_url(seminar, token))
    assert spent.status_code == 410
    assert "Denne koden virker ikke lenger" in spent.text
    assert again.get(reverse("seminar:remote", args=[seminar.slug])).status_code == 302


def test_a_code_is_for_its_own_seminar_only():
    me = make_user()
    seminar = make_seminar(facilitator=me)
    other = make_seminar(facilitator=me, municipality="Annen kommune")
    laptop(me)  # signed in on the laptop, as when the console shows the code
    token = remote_link_token(user=User.objects.get(pk=me.pk), seminar=seminar)

    for slug in (other.slug, "no-such-seminar"):
        response = Client().post(reverse("seminar:remote_sign_in", args=[slug, token]))
        assert response.status_code == 410
        assert "Annen kommune" not in response.text and "Testvik" not in response.text
    remote_phone(seminar, token)  # still unspent: the refusals did not use it up


def test_an_old_a_changed_or_a_former_facilitators_code_signs_nobody_in():
    me = make_user()
    seminar = make_seminar(facilitator=me)
    laptop(me)
    token = remote_link_token(user=User.objects.get(pk=me.pk), seminar=seminar)

    with time_machine.travel(timezone.now() + timedelta(seconds=REMOTE_LINK_SECONDS + 1)):
        assert Client().post(sign_in_url(seminar, token)).status_code == 410
    changed = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert Client().post(sign_in_url(seminar, changed)).status_code == 410

    seminar.facilitators.remove(me)
    assert Client().post(sign_in_url(seminar, token)).status_code == 410


def test_the_remote_drives_its_seminar_and_nothing_else():
    me = make_user()
    seminar = make_seminar(facilitator=me, items=2)
    other = make_seminar(facilitator=me, municipality="Annen kommune", items=2)
    poll = make_poll(seminar, state="draft")
    Poll.objects.filter(pk=poll.pk).update(
        slide=Slide.objects.filter(item__day__seminar=seminar).first()
    )
    laptop(me)
    phone = remote_phone(
        seminar, remote_link_token(user=User.objects.get(pk=me.pk), seminar=seminar)
    )

    shown = phone.post(reverse("polls:control", args=[seminar.slug, poll.pk, "open"]), headers=HTMX)
    assert shown.status_code == 200
    assert Poll.objects.get(pk=poll.pk).state == "open"
    moved = phone.post(reverse("seminar:control", args=[seminar.slug, "next"]), headers=HTMX)
    assert moved.status_code == 200
    assert 'id="remote-now"' in moved.text
    assert current_slide_title(seminar) == "Slide 1.2.1"

    # Anywhere else the phone is signed out: a facilitator's page sends it to the login.
    for url in (
        reverse("seminar:my_seminars"),
        reverse("seminar:console", args=[seminar.slug]),
        reverse("agenda:programme", args=[seminar.slug]),
        reverse("seminar:notes", args=[seminar.slug]),
        reverse("seminar:remote", args=[other.slug]),
    ):
        response = phone.get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/login/"), url
    refused = phone.post(reverse("seminar:control", args=[other.slug, "next"]), headers=HTMX)
    assert refused.status_code == 302
    assert current_slide_title(other) == "Slide 1.1.1"
    assert Client().get("/").status_code == phone.get("/").status_code == 200


def test_a_password_typed_on_the_remote_phone_signs_in_fully():
    me = make_user()
    seminar = make_seminar(facilitator=me)
    laptop(me)
    phone = remote_phone(
        seminar, remote_link_token(user=User.objects.get(pk=me.pk), seminar=seminar)
    )
    assert phone.get(reverse("seminar:my_seminars")).status_code == 302

    logged_in = phone.post(
        reverse("login"), {"username": me.username, "password": "secret-pass-123"}
    )

    assert logged_in.status_code == 302
    assert phone.get(reverse("seminar:my_seminars")).status_code == 200


def test_a_password_sign_in_on_the_phone_also_opens_the_remote():
    me = make_user()
    seminar = make_seminar(facilitator=me)
    phone = Client()
    phone.post(reverse("login"), {"username": me.username, "password": "secret-pass-123"})

    assert phone.get(reverse("seminar:remote", args=[seminar.slug])).status_code == 200
    assert Client().get(reverse("seminar:remote", args=[seminar.slug])).status_code == 302


def test_the_consoles_updates_carry_the_remotes_panel():
    me = make_user()
    seminar = make_seminar(facilitator=me, items=2, slides_per_item=2)

    html = render_console(seminar.pk)

    panel = html[html.index('id="remote-now"') :]
    assert re.findall(r'class="remote__title"[^>]*>([^<]+)<', panel) == ["Slide 1.1.1"]
    assert re.findall(r'class="remote__next"[^>]*>.*?</span> ([^<]+)<', panel) == ["Slide 1.1.2"]


@pytest.mark.parametrize("polls", [1, 5])
def test_the_remote_page_runs_fixed_queries(django_assert_num_queries, polls: int):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    slide = Slide.objects.filter(item__day__seminar=seminar).first()
    for number in range(polls):
        Poll.objects.filter(pk=make_poll(seminar, question=f"Spørsmål {number}").pk).update(
            slide=slide
        )
    phone = laptop(me)

    with django_assert_num_queries(11):
        page = phone.get(reverse("seminar:remote", args=[seminar.slug]))

    assert re.findall(r"Spørsmål \d", page.text) == [f"Spørsmål {n}" for n in range(polls)]
