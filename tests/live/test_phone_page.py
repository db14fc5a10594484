"""The phone's page while a slide is up: the shared screen from the cache, the phone's
own header around it, in a few small queries however many groups it is in."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from seminar.models import Group, Membership
from seminar.participants import COOKIE_NAME, cookie_value
from tests.factories import make_seminar, make_tables, seat

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("in_a_party", [False, True])
def test_the_phone_page_with_a_slide_runs_fixed_queries(
    django_assert_num_queries, in_a_party: bool
):
    seminar = make_seminar()
    table = make_tables(seminar, count=1)[0]
    participant = seat(seminar, table)
    chosen = [table]
    if in_a_party:
        party = Group.objects.create(seminar=seminar, kind=Group.Kind.PARTY, name="Senterpartiet")
        Membership.objects.create(participant=participant, group=party, kind=Group.Kind.PARTY)
        chosen.append(party)
    phone = Client()
    phone.cookies[COOKIE_NAME] = cookie_value(participant)
    phone.get(f"/j/{seminar.join_code}/")  # the shared screen is rendered and cached

    # The participant, what is on screen (a small query, not the room's whole state),
    # and the phone's groups.
    with django_assert_num_queries(3):
        page = phone.get(f"/j/{seminar.join_code}/")

    assert page.status_code == 200
    me = re.search(r'<p class="phone__me">([^<]*)</p>', page.text)
    assert me is not None
    assert sorted(me[1].split(" · ")[: len(chosen)]) == sorted(group.name for group in chosen)
    assert 'id="phone-screen"' in page.text


def test_phones_of_either_side_share_the_cached_page_each_with_its_own_bits():
    seminar = make_seminar()
    table = make_tables(seminar, count=1)[0]
    elected = seat(seminar, table)
    officer = seat(seminar, table, side="administration")
    officer.nickname = "Kari"
    officer.save(update_fields=["nickname"])
    pages = {}
    for name, participant in (("elected", elected), ("officer", officer)):
        for _twice in range(2):  # the second from the cache
            phone = Client()
            phone.cookies[COOKIE_NAME] = cookie_value(participant)
            pages[name] = phone.get(f"/j/{seminar.join_code}/").text

    me = {
        name: re.findall(r'<p class="phone__me">([^<]*)</p>', html) for name, html in pages.items()
    }
    sides = {
        name: re.findall(r'<body class="phone phone--(\w+)"', html) for name, html in pages.items()
    }
    assert me == {"elected": ["Bord 1 · Folkevalgt"], "officer": ["Bord 1 · Administrasjon · Kari"]}
    assert sides == {"elected": ["elected"], "officer": ["administration"]}
