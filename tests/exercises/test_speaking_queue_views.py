"""The speaking queue on the console and the projector, the party groups on the phones, and
the party list on the groups page: what people see, and at what cost."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from exercises.models import Exercise
from live import activities
from live.audiences import PROJECTOR
from live.screens import render_screens
from seminar.groupings import add_groups, put_in_group
from seminar.models import Group, Membership, Seminar
from tests.factories import make_exercise, make_seminar, make_user, seat

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PARTIES = ["Ap", "Sp", "H", "Frp", "SV", "KrF"]


def in_english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def facilitator(seminar) -> Client:
    user = make_user()
    seminar.facilitators.add(user)
    client = Client()
    client.force_login(user)
    return in_english(client)


def text_of(html: str, css_class: str) -> list[str]:
    found = re.findall(rf'class="{css_class}"[^>]*>(.*?)</', html, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in found]


def speech_in_room(parties: int) -> tuple[Seminar, Exercise, list[Group]]:
    """A speech shown, `parties` party groups; every other one has an elected member in
    the room (the first always), the rest only an administration person or nobody."""
    seminar = make_seminar()
    # The screens are drawn in the seminar's language: the queue's words are new, in English.
    Seminar.objects.filter(pk=seminar.pk).update(language="en")
    seminar.refresh_from_db()
    groups = add_groups(seminar=seminar, kind=Group.Kind.PARTY, names=PARTIES[:parties])
    for index, group in enumerate(groups):
        if index % 2 == 0:
            put_in_group(participant=seat(seminar), group=group)
    if parties > 1:  # an administration person in a party, from before the rule
        Membership.objects.create(
            participant=seat(seminar, side="administration"), group=groups[1], kind="party"
        )
    speech = make_exercise(seminar, kind="speech", grouping="party")
    activities.show_exercise(exercise=speech)
    return seminar, speech, groups


@pytest.mark.parametrize("parties", [1, 6])
def test_the_consoles_queue_lists_only_parties_present_and_says_why_the_others_are_not(
    django_assert_num_queries, parties: int
):
    seminar, _speech, _groups = speech_in_room(parties)
    console = facilitator(seminar)

    # The console's own, the board's seven (a speech names its presenters), the agenda's.
    with django_assert_num_queries(18):
        response = console.get(f"/seminars/{seminar.slug}/console/")

    present = PARTIES[:parties:2]
    assert text_of(response.text, "queue__name") == present
    absent = re.findall(r'<ul class="queue__absent">(.*?)</ul>', response.text, re.S)
    assert re.findall(r"<li>([^<]+)</li>", "".join(absent)) == (
        []
        if parties == 1
        else [
            "Sp: no elected member in the room",
            "Frp: no members present",
            "KrF: no members present",
        ]
    )


@pytest.mark.parametrize("parties", [1, 6])
def test_the_consoles_speech_controls_change_the_queue_in_fixed_queries(
    django_assert_num_queries, parties: int
):
    seminar, speech, groups = speech_in_room(parties)
    console = facilitator(seminar)
    url = f"/seminars/{seminar.slug}/exercises/{speech.pk}"

    # The change (the live state and the exercise locked, the queue's two), then the
    # console's screen rendered afresh.
    with django_assert_num_queries(29):
        response = console.post(f"{url}/queue-skip/", {"group": groups[0].pk}, **HTMX)

    speech.refresh_from_db()
    assert speech.skipped_groups == [groups[0].pk]
    names = ["H", "SV", "Ap"] if parties == 6 else ["Ap"]
    assert text_of(response.text, "queue__name") == names
    assert text_of(response.text, "queue__state")[-1] == "skipped"

    # One more: the speech's timer starts again, and a timer looks up its agenda item.
    with django_assert_num_queries(30):
        console.post(f"{url}/next-speaker/", **HTMX)
    speech.refresh_from_db()
    assert speech.speaking_group == groups[2 if parties == 6 else 0]

    if parties == 6:
        plain = console.post(f"{url}/queue-up/", {"group": groups[0].pk})
        assert plain.status_code == 302  # a plain form: back to the console
        projector = render_screens(seminar.pk)["screens"][PROJECTOR]
        rows = re.findall(r'<li class="speakers__group[^"]*"[^>]*>(.*?)</li>', projector, re.S)
        assert [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows] == [
            "H speaking now The group chooses who presents.",
            "Ap skipped The group chooses who presents.",
            "SV The group chooses who presents.",
        ]


def test_a_party_not_waiting_is_refused_in_the_consoles_message_line():
    seminar, speech, groups = speech_in_room(6)
    console = facilitator(seminar)

    response = console.post(
        f"/seminars/{seminar.slug}/exercises/{speech.pk}/queue-next/",
        {"group": groups[1].pk},  # no elected member in the room
        **HTMX,
    )

    assert "That party is not waiting in the speaking queue." in response.text
    speech.refresh_from_db()
    assert speech.speaking_order == []


def test_an_administration_phone_is_not_offered_a_party_group_and_is_refused_one():
    seminar = make_seminar()
    (ap,) = add_groups(seminar=seminar, kind=Group.Kind.PARTY, names=["Ap"])
    speech = make_exercise(seminar, kind="speech", grouping="party")
    activities.show_exercise(exercise=speech)
    staff, elected = in_english(Client()), in_english(Client())
    staff.post(f"/j/{seminar.join_code}/", {"side": "administration"})
    elected.post(f"/j/{seminar.join_code}/", {"side": "elected"})

    staff_page = staff.get(f"/j/{seminar.join_code}/").text
    elected_page = elected.get(f"/j/{seminar.join_code}/").text
    refused = staff.post(
        f"/j/{seminar.join_code}/exercises/{speech.pk}/group/", {"group": ap.pk}, **HTMX
    )

    assert 'class="phone phone--administration"' in staff_page
    assert 'name="group"' not in staff_page
    assert text_of(staff_page, "choose-group__not-offered") == [
        "Party groups are for elected members. Follow the parties' speeches on the big screen."
    ]
    assert f'name="group" value="{ap.pk}"' in elected_page
    assert refused.status_code == 400
    assert text_of(refused.text, "entry__error") == [
        "Party groups are for elected members; the administration is not in one."
    ]
    assert not Membership.objects.filter(kind="party").exists()


# The party list on the groups page ------------------------------------------------------


@pytest.mark.parametrize("parties", [1, 6])
def test_the_groups_page_with_its_party_editor_runs_fixed_queries(
    django_assert_num_queries, parties: int
):
    seminar, _speech, _groups = speech_in_room(parties)
    console = facilitator(seminar)

    with django_assert_num_queries(6):
        response = console.get(f"/seminars/{seminar.slug}/groups/")

    party_section = response.text.split('id="grouping-party"')[1].split("</section>")[0]
    assert len(re.findall(r'name="action" value="rename"', party_section)) == parties
    assert len(re.findall(r'name="direction" value="up"', party_section)) == parties - 1
    assert len(re.findall(r'name="confirm"', party_section)) == (parties + 1) // 2 + (parties > 1)


def test_the_facilitator_renames_reorders_and_deletes_party_groups():
    seminar = make_seminar()
    ap, sp, h = add_groups(seminar=seminar, kind=Group.Kind.PARTY, names=["Ap", "Sp", "H"])
    put_in_group(participant=seat(seminar), group=h)
    console = facilitator(seminar)
    url = f"/seminars/{seminar.slug}/groups/"

    def parties() -> list[str]:
        return list(
            seminar.groups.filter(kind="party").order_by("order").values_list("name", flat=True)
        )

    def refusal(data: dict[str, object]) -> list[str]:
        response = console.post(url, data)
        assert response.status_code == 400
        found = re.findall(r'class="error-summary" role="alert">([^<]+)<', response.text)
        return [html.unescape(text) for text in found]

    assert (
        console.post(
            url, {"action": "rename", "group": ap.pk, "name": "  Arbeiderpartiet "}
        ).status_code
        == 302
    )
    assert refusal({"action": "rename", "group": sp.pk, "name": "arbeiderpartiet"}) == [
        "There is already a group called “arbeiderpartiet”."
    ]
    assert refusal({"action": "rename", "group": sp.pk, "name": "   "}) == [
        "Write the group's name."
    ]
    assert refusal({"action": "rename", "group": sp.pk, "name": "x" * 81}) == [
        "A group name can be at most 80 characters long."
    ]
    console.post(url, {"action": "reorder", "group": h.pk, "direction": "up"})
    assert parties() == ["Arbeiderpartiet", "H", "Sp"]
    assert refusal({"action": "reorder", "group": ap.pk, "direction": "up"}) == [
        "“Arbeiderpartiet” is already first."
    ]
    assert refusal({"action": "reorder", "group": ap.pk, "direction": "sideways"}) == [
        "Choose up or down."
    ]
    assert refusal({"action": "delete", "group": h.pk}) == [
        "“H” has 1 member: tick the box to confirm that they leave it."
    ]
    console.post(url, {"action": "delete", "group": h.pk, "confirm": "on"})
    console.post(url, {"action": "delete", "group": sp.pk})
    assert parties() == ["Arbeiderpartiet"]
    assert not Membership.objects.filter(kind="party").exists()

    seat(seminar, side="administration")  # not missing from a party: there is none for them
    page = console.get(url).text
    party_section = page.split('id="grouping-party"')[1].split("</section>")[0]
    assert "1 person is in no group of this kind." in party_section  # the elected one
    assert "in no group of this kind" in page.split('id="grouping-table"')[1].split("</section>")[0]
