"""The seminar's own settings and who runs it, changed by its facilitators only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from live.models import LiveState
from seminar.models import Seminar
from tests.factories import make_seminar, make_user

pytestmark = pytest.mark.django_db

FIELD_ERRORS = re.compile(r'<div class="field-errors"[^>]*><ul class="errorlist"[^>]*><li>([^<]+)<')


@pytest.fixture
def mine(client: Client) -> Seminar:
    me = make_user("kari")
    client.force_login(me)
    return make_seminar(facilitator=me)


def settings_url(seminar: Seminar) -> str:
    return f"/seminars/{seminar.slug}/settings/"


def posted_settings(seminar: Seminar, **changes: str) -> dict[str, str]:
    return {
        "action": "settings",
        "title": seminar.title,
        "municipality": seminar.municipality,
        "language": seminar.language,
        "delete_data_after": seminar.delete_data_after.isoformat(),
    } | changes


def test_a_facilitator_changes_the_seminars_settings_and_the_screens_follow(client, mine):
    revision = LiveState.objects.get(seminar=mine).revision
    keep_until = timezone.localdate() + timedelta(days=10)

    response = client.post(
        settings_url(mine),
        posted_settings(
            mine,
            title="Folkevalgtopplæring 2027",
            municipality="\u202eLom kommune",
            language="nn",
            allow_nicknames="on",
            delete_data_after=keep_until.isoformat(),
        ),
    )

    mine.refresh_from_db()
    assert response["Location"] == f"{settings_url(mine)}?saved=settings"
    assert (mine.title, mine.municipality, mine.language, mine.allow_nicknames) == (
        "Folkevalgtopplæring 2027",
        "Lom kommune",
        "nn",
        True,
    )
    assert mine.delete_data_after == keep_until
    assert LiveState.objects.get(seminar=mine).revision == revision + 1
    page = client.get(response["Location"])
    assert "Innstillingene er lagret." in page.text


def test_a_date_in_the_past_or_too_far_ahead_is_refused_and_what_was_typed_stays(client, mine):
    before = Seminar.objects.get(pk=mine.pk)
    yesterday = timezone.localdate() - timedelta(days=1)
    far = mine.last_date + timedelta(days=366)

    past = client.post(
        settings_url(mine),
        posted_settings(mine, title="Nytt navn", delete_data_after=yesterday.isoformat()),
    )
    ahead = client.post(
        settings_url(mine), posted_settings(mine, delete_data_after=far.isoformat())
    )

    assert past.status_code == 400
    assert FIELD_ERRORS.findall(past.text) == [
        "Velg i dag eller en senere dag; for å slette dataene nå, bruk notatsiden."
    ]
    assert 'value="Nytt navn"' in past.text
    assert f"<h1>Innstillinger: {mine.municipality}</h1>" in past.text
    assert ahead.status_code == 400
    assert len(FIELD_ERRORS.findall(ahead.text)) == 1
    assert Seminar.objects.get(pk=mine.pk).title == before.title


def test_a_colleague_is_added_and_then_removed_but_never_the_last(client, mine):
    colleague = make_user("ola")

    added = client.post(settings_url(mine), {"action": "add", "username": "ola"})
    removed = client.post(settings_url(mine), {"action": "remove", "user": str(colleague.pk)})
    last = client.post(
        settings_url(mine), {"action": "remove", "user": str(mine.facilitators.get().pk)}
    )

    assert added["Location"] == f"{settings_url(mine)}?saved=people"
    assert removed["Location"] == f"{settings_url(mine)}?saved=people"
    assert last.status_code == 400
    assert re.findall(r'<p class="error-summary" role="alert">([^<]+)</p>', last.text) == [
        "Et seminar trenger en prosessveileder: legg til en kollega før du forlater det."
    ]
    assert list(mine.facilitators.values_list("username", flat=True)) == ["kari"]


def test_an_unknown_user_name_or_a_facilitator_already_there_is_said_next_to_the_field(
    client, mine
):
    unknown = client.post(settings_url(mine), {"action": "add", "username": "nobody"})
    again = client.post(settings_url(mine), {"action": "add", "username": "kari"})

    assert FIELD_ERRORS.findall(unknown.text) == ["Ingen har brukernavnet «nobody» her."]
    assert FIELD_ERRORS.findall(again.text) == ["kari leder allerede dette seminaret."]
    assert 'value="nobody"' in unknown.text
    assert mine.facilitators.count() == 1


def test_a_facilitator_who_leaves_goes_to_their_seminars_and_no_longer_sees_it(client, mine):
    me = mine.facilitators.get()
    mine.facilitators.add(make_user("ola"))

    left = client.post(settings_url(mine), {"action": "remove", "user": str(me.pk)})

    assert left["Location"] == "/seminars/"
    assert client.get(settings_url(mine)).status_code == 404


def test_only_the_seminars_own_facilitators_reach_its_settings(client, mine):
    other = Client()
    other.force_login(make_user("annen"))
    phone = Client()
    phone.post(f"/j/{mine.join_code}/", {"side": "elected"})
    before = (Seminar.objects.get(pk=mine.pk).title, mine.facilitators.count())

    answers = [
        other.get(settings_url(mine)).status_code,
        other.post(settings_url(mine), posted_settings(mine, title="Kapret")).status_code,
        other.post(settings_url(mine), {"action": "add", "username": "annen"}).status_code,
        phone.post(settings_url(mine), posted_settings(mine, title="Kapret")).status_code,
        Client().get(settings_url(mine)).status_code,
    ]

    assert answers == [404, 404, 404, 302, 302]
    assert (Seminar.objects.get(pk=mine.pk).title, mine.facilitators.count()) == before


@pytest.mark.parametrize("colleagues", [0, 5])
def test_the_settings_page_runs_fixed_queries(
    client, mine, django_assert_num_queries, colleagues: int
):
    for number in range(colleagues):
        mine.facilitators.add(User.objects.create_user(f"kollega{number}"))

    # session, user, the seminar, its last day, its facilitators
    with django_assert_num_queries(5):
        response = client.get(settings_url(mine))

    assert len(re.findall(r'class="facilitator-list__person"', response.text)) == colleagues + 1
