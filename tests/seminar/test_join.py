import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seminar.models import Group, Participant
from seminar.participants import COOKIE_NAME, join_seminar
from tests.factories import make_seminar

pytestmark = pytest.mark.django_db


def test_typing_the_code_on_the_front_page_leads_to_the_seminar(client: Client):
    seminar = make_seminar()
    spaced = f"{seminar.join_code[:3]} {seminar.join_code[3:]}"

    response = client.get("/", {"code": spaced})

    assert response["Location"] == f"/j/{seminar.join_code}/"


def test_a_code_that_is_not_six_digits_gets_a_clear_message(client: Client):
    response = client.get("/", {"code": "12ab"})

    assert re.findall(
        r'<div class="field-errors"[^>]*><ul class="errorlist"[^>]*><li>([^<]+)</li>', response.text
    ) == ["Koden er seks sifre, for eksempel 123 456."]


def test_a_wrong_code_says_no_seminar_has_it(client: Client):
    make_seminar()

    response = client.get("/j/000000/")

    assert response.status_code == 404
    assert re.findall(r'<p class="error-summary" role="alert">([^<]+)</p>', response.text) == [
        "Ingen seminarer har koden 000000. Sjekk koden på lerretet."
    ]


def test_an_expired_code_says_the_seminar_is_over(client: Client):
    seminar = make_seminar()
    seminar.delete_data_after = timezone.localdate() - timedelta(days=1)
    seminar.save()

    response = client.get(f"/j/{seminar.join_code}/")

    assert response.status_code == 410
    assert re.findall(r'<p class="error-summary" role="alert">([^<]+)</p>', response.text) == [
        "Dette seminaret er over, og koden virker ikke lenger."
    ]


def test_joining_is_anonymous_and_binds_this_phone_to_one_participant(client: Client):
    seminar = make_seminar()

    joined = client.post(f"/j/{seminar.join_code}/", {"side": "administration", "nickname": "Kari"})
    page = client.get(f"/j/{seminar.join_code}/")
    again = client.get(f"/j/{seminar.join_code}/")

    participant = Participant.objects.get()
    assert joined["Location"] == f"/j/{seminar.join_code}/"
    assert (participant.seminar, participant.side, participant.nickname) == (
        seminar,
        "administration",
        "",
    )
    assert client.cookies[COOKIE_NAME]["httponly"] is True
    assert Participant.objects.count() == 1
    assert re.findall(r'<p class="phone__me">([^<]+)</p>', page.text) == ["Administrasjon"]
    assert again.text.count('id="phone-screen"') == 1


def test_a_seminar_with_nicknames_on_keeps_the_nickname(client: Client):
    seminar = make_seminar()
    seminar.allow_nicknames = True
    seminar.save()

    client.post(f"/j/{seminar.join_code}/", {"side": "elected", "nickname": "  Kari  "})

    assert Participant.objects.get().nickname == "Kari"


def test_a_nickname_keeps_no_bidirectional_override_or_other_control_character(client: Client):
    seminar = make_seminar()
    seminar.allow_nicknames = True
    seminar.save()

    client.post(
        f"/j/{seminar.join_code}/", {"side": "elected", "nickname": "\u202eirak\u200b\u2066 N"}
    )

    assert Participant.objects.get().nickname == "irak N"


def test_joining_by_the_service_cleans_the_nickname_too():
    seminar = make_seminar()
    seminar.allow_nicknames = True
    seminar.save()

    participant = join_seminar(seminar=seminar, side="elected", nickname="\u202eKari\x00")

    assert participant.nickname == "Kari"


def test_the_phone_picks_its_table_when_the_facilitator_has_made_groups(client: Client):
    seminar = make_seminar()
    tables = [Group.objects.create(seminar=seminar, name=f"Bord {n}", order=n) for n in (1, 2)]

    form = client.get(f"/j/{seminar.join_code}/")
    client.post(f"/j/{seminar.join_code}/", {"side": "elected", "group": tables[1].pk})

    assert re.findall(r'<option value="\d+">([^<]+)</option>', form.text) == ["Bord 1", "Bord 2"]
    participant = Participant.objects.get()
    assert sorted(participant.memberships.values_list("kind", "group__name")) == [
        ("side", "Folkevalgte"),
        ("table", "Bord 2"),
    ]


def test_a_phone_that_does_not_know_its_table_yet_joins_without_one(client: Client):
    seminar = make_seminar()
    Group.objects.create(seminar=seminar, name="Bord 1")

    response = client.post(f"/j/{seminar.join_code}/", {"side": "administration", "group": ""})

    assert response.status_code == 302
    participant = Participant.objects.get()
    assert list(participant.memberships.values_list("group__name", flat=True)) == [
        "Administrasjonen"
    ]


def test_a_table_of_another_seminar_cannot_be_picked(client: Client):
    seminar = make_seminar()
    Group.objects.create(seminar=seminar, name="Bord 1")
    foreign = Group.objects.create(seminar=make_seminar(municipality="Annen"), name="Bord X")

    response = client.post(f"/j/{seminar.join_code}/", {"side": "elected", "group": foreign.pk})

    assert response.status_code == 200
    assert Participant.objects.count() == 0
    assert "Velg et gyldig valg." in response.text


def test_joining_without_saying_who_i_am_explains_and_stores_nothing(client: Client):
    seminar = make_seminar()

    response = client.post(f"/j/{seminar.join_code}/", {})

    assert Participant.objects.count() == 0
    assert "Feltet er påkrevet." in response.text


def test_a_cookie_for_another_seminar_does_not_let_a_phone_in(client: Client):
    seminar = make_seminar()
    other = make_seminar(municipality="Annen")
    client.post(f"/j/{other.join_code}/", {"side": "elected"})

    response = client.get(f"/j/{seminar.join_code}/")

    assert 'id="phone-screen"' not in response.text
    assert re.findall(r"<h1>([^<]+)</h1>", response.text) == ["Testvik kommune"]


@pytest.mark.parametrize("tables", [1, 8])
def test_join_form_runs_fixed_queries(client: Client, django_assert_num_queries, tables: int):
    seminar = make_seminar()
    for n in range(tables):
        Group.objects.create(seminar=seminar, name=f"Bord {n}")

    with django_assert_num_queries(2):
        response = client.get(f"/j/{seminar.join_code}/")

    assert len(re.findall(r'<option value="\d+"', response.text)) == tables


@pytest.mark.parametrize("items", [1, 6])
def test_phone_page_runs_fixed_queries(client: Client, django_assert_num_queries, items: int):
    seminar = make_seminar(items=items)
    client.post(f"/j/{seminar.join_code}/", {"side": "elected"})
    client.get(f"/j/{seminar.join_code}/")  # the screen is now cached

    with django_assert_num_queries(3):
        response = client.get(f"/j/{seminar.join_code}/")

    assert re.findall(r'class="phone-slide__title">([^<]+)<', response.text) == ["Slide 1.1.1"]


def test_a_phone_meets_a_nynorsk_seminar_in_nynorsk_until_it_picks_a_language(client: Client):
    seminar = make_seminar()
    seminar.language = "nn"
    seminar.save()

    form = client.get(f"/j/{seminar.join_code}/")
    client.post("/i18n/setlang/", {"language": "nb", "next": "/"})
    chosen = client.get(f"/j/{seminar.join_code}/")

    assert re.findall(r"<legend>([^<]+)</legend>", form.text) == ["Eg er"]
    assert form.headers["Content-Language"] == "nn"
    assert re.findall(r"<legend>([^<]+)</legend>", chosen.text) == ["Jeg er"]
