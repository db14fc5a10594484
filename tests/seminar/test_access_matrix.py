"""Every address that shows or changes a seminar, tried by every kind of visitor: only
the right ones get through, and a refused request changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from exercises import services as exercise_services
from exercises.models import Card, Contribution, Exercise
from live.models import LiveState
from polls.models import Ballot, Poll
from seminar.models import Membership, Participant, Seminar
from tests.factories import make_exercise, make_poll, make_seminar, make_tables, make_user, seat

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "participant",
    "participant elsewhere",
    "facilitator elsewhere",
    "facilitator",
    "staff",
]


@dataclass
class Room:
    seminar: Seminar
    clients: dict[str, Client]
    urls: dict[str, tuple[str, str, dict[str, object]]]


def fingerprint(seminar: Seminar) -> tuple[object, ...]:
    """Everything a request could change, in one comparable value."""
    live = LiveState.objects.get(seminar=seminar)
    return (
        live.revision,
        live.slide_id,
        live.poll_id,
        live.exercise_id,
        live.blank,
        live.timer_state,
        tuple(Poll.objects.filter(seminar=seminar).values_list("state", "revealed")),
        tuple(Exercise.objects.filter(seminar=seminar).values_list("state", "focus_group")),
        Ballot.objects.filter(poll__seminar=seminar).count(),
        tuple(Contribution.objects.filter(exercise__seminar=seminar).values_list("text", "hidden")),
        Card.objects.filter(exercise__seminar=seminar).count(),
        tuple(Membership.objects.filter(group__seminar=seminar).values_list("group_id", "role")),
        tuple(Participant.objects.filter(seminar=seminar).values_list("admission", flat=True)),
        Seminar.objects.filter(pk=seminar.pk).values_list("admission_closed", flat=True).get(),
        seminar.groups.count(),
    )


@pytest.fixture
def room() -> Room:
    owner, other_owner = make_user("eier"), make_user("annen")
    staff = User.objects.create_user("drift", password="secret-pass-123", is_staff=True)
    seminar = make_seminar(facilitator=owner)
    elsewhere = make_seminar(facilitator=other_owner, municipality="Annen kommune")
    (table,) = make_tables(seminar, 1)
    (elsewhere_table,) = make_tables(elsewhere, 1)
    poll = make_poll(seminar, labels=("Ja", "Nei"))
    exercise = make_exercise(seminar)
    card = make_exercise(seminar, kind="card", grouping="individual", title="Visittkort")
    written = exercise_services.contribute(
        exercise_id=exercise.pk,
        participant=seat(seminar, table),
        entry=exercise_services.Entry(text="Skrevet før"),
    )

    clients = {role: Client() for role in ROLES}
    clients["participant"].post(f"/j/{seminar.join_code}/", {"side": "elected", "group": table.pk})
    clients["participant elsewhere"].post(
        f"/j/{elsewhere.join_code}/", {"side": "elected", "group": elsewhere_table.pk}
    )
    clients["facilitator"].force_login(owner)
    clients["facilitator elsewhere"].force_login(other_owner)
    clients["staff"].force_login(staff)
    yes = poll.choices.get(label="Ja")
    waiting = str(
        Participant.objects.create(seminar=seminar, side="elected", admission="waiting").pk
    )
    code, slug = seminar.join_code, seminar.slug
    urls: dict[str, tuple[str, str, dict[str, object]]] = {
        "console": ("get", f"/seminars/{slug}/console/", {}),
        "console screen": ("get", f"/seminars/{slug}/console/screen/", {}),
        "next slide": ("post", f"/seminars/{slug}/console/next/", {}),
        "blank": ("post", f"/seminars/{slug}/console/blank/", {}),
        "close admission": ("post", f"/seminars/{slug}/console/admission-close/", {}),
        "turn away": ("post", f"/seminars/{slug}/console/turn-away/", {"participant": waiting}),
        "programme": ("get", f"/seminars/{slug}/programme/", {}),
        "groups": ("get", f"/seminars/{slug}/groups/", {}),
        "add tables": ("post", f"/seminars/{slug}/groups/", {"action": "add-tables", "count": "2"}),
        "notes": ("get", f"/seminars/{slug}/notes/", {}),
        "notes download": ("get", f"/seminars/{slug}/notes/md/", {}),
        "delete now": ("post", f"/seminars/{slug}/notes/", {"confirm": "yes"}),
        "close poll": ("post", f"/seminars/{slug}/polls/{poll.pk}/close/", {}),
        "close exercise": ("post", f"/seminars/{slug}/exercises/{exercise.pk}/close/", {}),
        "hide contribution": ("post", f"/seminars/{slug}/contributions/{written.pk}/hide/", {}),
        "vote": ("post", f"/j/{code}/polls/{poll.pk}/vote/", {"choice": str(yes.pk)}),
        "write": ("post", f"/j/{code}/exercises/{exercise.pk}/", {"text": "Nytt svar"}),
        "business card": ("post", f"/j/{code}/exercises/{card.pk}/card/", {"name": "Kari"}),
    }
    return Room(seminar=seminar, clients=clients, urls=urls)


FACILITATOR_ONLY = [
    "console",
    "console screen",
    "next slide",
    "blank",
    "close admission",
    "turn away",
    "programme",
    "groups",
    "add tables",
    "notes",
    "notes download",
    "delete now",
    "close poll",
    "close exercise",
    "hide contribution",
]
PHONE_ONLY = ["vote", "write", "business card"]
WRITES = {
    "next slide",
    "blank",
    "close admission",
    "turn away",
    "add tables",
    "delete now",
    "close poll",
    "close exercise",
    "hide contribution",
    "vote",
    "write",
    "business card",
}


def outcome(room: Room, role: str, name: str) -> tuple[int, bool]:
    method, url, data = room.urls[name]
    before = fingerprint(room.seminar)
    client = room.clients[role]
    response = client.post(url, data) if method == "post" else client.get(url)
    return response.status_code, fingerprint(room.seminar) != before


@pytest.mark.parametrize("name", FACILITATOR_ONLY)
def test_facilitator_addresses_let_only_the_seminars_facilitators_through(room: Room, name: str):
    seen = {role: outcome(room, role, name) for role in ROLES}

    denied = {role: result for role, result in seen.items() if role != "facilitator"}
    assert denied == {
        "anonymous": (302, False),  # to log in
        "participant": (302, False),
        "participant elsewhere": (302, False),
        "facilitator elsewhere": (404, False),
        "staff": (404, False),
    }
    status, changed = seen["facilitator"]
    assert status in {200, 302}
    assert changed == (name in WRITES)


@pytest.mark.parametrize("name", PHONE_ONLY)
def test_phone_addresses_let_only_this_seminars_phones_write(room: Room, name: str):
    seen = {role: outcome(room, role, name) for role in ROLES}

    denied = {role: result for role, result in seen.items() if role != "participant"}
    assert denied == {
        "anonymous": (302, False),  # to the join form
        "participant elsewhere": (302, False),
        "facilitator elsewhere": (302, False),
        "facilitator": (302, False),
        "staff": (302, False),
    }
    assert seen["participant"] == (302, True)  # stored, then back to the phone's page


def test_a_phone_waiting_to_be_let_in_can_neither_write_nor_watch(room: Room):
    room.seminar.admission_closed = True
    room.seminar.save(update_fields=["admission_closed"])
    waiting = Client()
    waiting.post(f"/j/{room.seminar.join_code}/", {"side": "elected"})
    room.clients["waiting"] = waiting

    seen = {name: outcome(room, "waiting", name) for name in PHONE_ONLY}
    screen = waiting.get(f"/j/{room.seminar.join_code}/screen/")

    assert seen == {name: (302, False) for name in PHONE_ONLY}
    assert screen.status_code == 403


def test_the_projector_needs_its_token_and_the_admin_needs_staff(room: Room):
    token = room.seminar.projector_token

    projector = {role: room.clients[role].get(f"/p/{token}/").status_code for role in ROLES}
    wrong = token[:-1] + ("y" if token.endswith("x") else "x")  # one character off
    guessed = room.clients["facilitator"].get(f"/p/{wrong}/").status_code
    admin = {role: room.clients[role].get("/admin/").status_code for role in ROLES}

    assert set(projector.values()) == {200}
    assert guessed == 404
    assert admin == {
        "anonymous": 302,
        "participant": 302,
        "participant elsewhere": 302,
        "facilitator elsewhere": 302,
        "facilitator": 302,
        "staff": 200,
    }


def test_every_change_needs_the_pages_csrf_token_htmx_included(room: Room):
    owner = room.seminar.facilitators.get()
    console = Client(enforce_csrf_checks=True)
    console.force_login(owner)
    page = console.get(f"/seminars/{room.seminar.slug}/console/")
    token = re.findall(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page.text)[0]
    before = fingerprint(room.seminar)

    forged = console.post(f"/seminars/{room.seminar.slug}/console/next/", HTTP_HX_REQUEST="true")
    unchanged = fingerprint(room.seminar) == before
    genuine = console.post(
        f"/seminars/{room.seminar.slug}/console/next/",
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )

    assert (forged.status_code, unchanged) == (403, True)
    assert genuine.status_code == 200
    assert fingerprint(room.seminar) != before
