"""Closing admission: a new phone waits until the facilitator lets it in or turns it
away; the phones already in go on as before."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from live.screens import live_snapshot
from seminar.models import Participant
from tests.factories import make_poll, make_seminar, make_user

pytestmark = pytest.mark.django_db

HEADING = re.compile(r"<h2>([^<]+)</h2>")


@pytest.fixture
def room():
    me = make_user()
    seminar = make_seminar(facilitator=me)
    console = Client()
    console.force_login(me)
    return seminar, console


def close_admission(seminar, console) -> None:
    response = console.post(f"/seminars/{seminar.slug}/console/admission-close/")
    assert response.status_code == 302


def join(seminar, **data) -> Client:
    phone = Client()
    phone.post(f"/j/{seminar.join_code}/", {"side": "elected", **data})
    return phone


def waiting_on_console(seminar, console) -> list[str]:
    screen = console.get(f"/seminars/{seminar.slug}/console/screen/").text
    return re.findall(r'<li class="waiting-list__person">\s*<span>([^<]+)</span>', screen)


def test_after_admission_closes_a_new_phone_waits_and_appears_on_the_console(room):
    seminar, console = room
    already_in = join(seminar)
    close_admission(seminar, console)

    newcomer = join(seminar)
    page = newcomer.get(f"/j/{seminar.join_code}/")

    assert HEADING.findall(page.text) == ["Venter på å bli sluppet inn"]
    assert "Prosessveilederen har stengt for nye deltakere" in page.text
    assert [line.split(" · ")[0] for line in waiting_on_console(seminar, console)] == ["Folkevalgt"]
    assert already_in.get(f"/j/{seminar.join_code}/").status_code == 200
    assert 'class="phone' in already_in.get(f"/j/{seminar.join_code}/").text


def test_a_waiting_phone_cannot_vote_or_watch_until_it_is_let_in(room):
    seminar, console = room
    poll = make_poll(seminar)
    choice = poll.choices.first()
    close_admission(seminar, console)
    newcomer = join(seminar)

    vote = newcomer.post(f"/j/{seminar.join_code}/polls/{poll.pk}/vote/", {"choice": choice.pk})
    screen = newcomer.get(f"/j/{seminar.join_code}/screen/")

    assert (vote.status_code, vote["Location"]) == (302, f"/j/{seminar.join_code}/")
    assert screen.status_code == 403
    assert poll.ballots.count() == 0


def test_a_phone_let_in_goes_to_the_room_and_one_turned_away_is_told(room):
    seminar, console = room
    close_admission(seminar, console)
    let_in, turned_away = join(seminar), join(seminar)
    first, second = Participant.objects.order_by("pk")

    console.post(f"/seminars/{seminar.slug}/console/admit/", {"participant": first.pk})
    console.post(f"/seminars/{seminar.slug}/console/turn-away/", {"participant": second.pk})
    asked = let_in.get(f"/j/{seminar.join_code}/admission/", HTTP_HX_REQUEST="true")
    told = turned_away.get(f"/j/{seminar.join_code}/admission/", HTTP_HX_REQUEST="true")

    assert (asked.status_code, asked["HX-Refresh"]) == (204, "true")
    assert 'class="phone' in let_in.get(f"/j/{seminar.join_code}/").text
    assert told.status_code == 286  # htmx stops asking
    assert HEADING.findall(told.text) == ["Du ble ikke sluppet inn"]
    assert waiting_on_console(seminar, console) == []
    assert live_snapshot(seminar.pk).participants == 1


def test_opening_admission_again_lets_everyone_waiting_in(room):
    seminar, console = room
    close_admission(seminar, console)
    phones = [join(seminar) for _ in range(3)]

    console.post(f"/seminars/{seminar.slug}/console/admission-open/")

    assert {phone.get(f"/j/{seminar.join_code}/").status_code for phone in phones} == {200}
    assert set(Participant.objects.values_list("admission", flat=True)) == {"admitted"}
    join(seminar)
    assert Participant.objects.filter(admission="waiting").count() == 0


def test_letting_in_a_phone_that_is_not_waiting_is_refused_with_a_message(room):
    seminar, console = room
    join(seminar)
    inside = Participant.objects.get()

    response = console.post(
        f"/seminars/{seminar.slug}/console/turn-away/",
        {"participant": inside.pk},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 400
    assert "Den telefonen venter ikke på å bli sluppet inn." in response.text
    assert Participant.objects.get().admission == "admitted"


def test_another_facilitator_cannot_close_admission_or_let_anyone_in(room):
    seminar, console = room
    close_admission(seminar, console)
    join(seminar)
    stranger = Client()
    stranger.force_login(make_user())

    opened = stranger.post(f"/seminars/{seminar.slug}/console/admission-open/")
    admitted = stranger.post(
        f"/seminars/{seminar.slug}/console/admit/", {"participant": Participant.objects.get().pk}
    )

    assert (opened.status_code, admitted.status_code) == (404, 404)
    assert Participant.objects.get().admission == "waiting"


@pytest.mark.parametrize("waiting", [1, 6])
def test_the_console_lists_waiting_phones_in_fixed_queries(
    room, django_assert_num_queries, waiting: int
):
    seminar, console = room
    close_admission(seminar, console)
    for _ in range(waiting):
        join(seminar)
    console.get(f"/seminars/{seminar.slug}/console/")

    with django_assert_num_queries(13):  # the waiting phones: one more than when open
        response = console.get(f"/seminars/{seminar.slug}/console/")

    assert len(re.findall(r'class="waiting-list__person"', response.text)) == waiting


def test_a_phone_turned_away_or_waiting_is_in_no_group_and_no_count(room):
    from polls.queries import poll_results
    from seminar.models import Membership
    from seminar.queries import group_overview

    seminar, console = room
    join(seminar)
    close_admission(seminar, console)
    join(seminar)
    join(seminar)
    inside, turned_away, waiting = Participant.objects.order_by("pk")
    console.post(f"/seminars/{seminar.slug}/console/turn-away/", {"participant": turned_away.pk})

    poll = make_poll(seminar)
    members = {
        person.pk
        for grouping in group_overview(seminar)
        for row in grouping.rows
        for person, _role in row.members
    }

    assert Membership.objects.filter(participant=turned_away).count() == 0
    assert poll_results(poll).joined == 1
    assert members == {inside.pk}
    assert Participant.objects.get(pk=waiting.pk).admission == "waiting"
