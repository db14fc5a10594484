"""The speaking queue: only party groups with an elected member in the room, in the order
the facilitator sets; party groups are for elected members."""

from __future__ import annotations

import itertools

import pytest
from django.utils import translation

from exercises import services
from exercises.models import Exercise
from exercises.queries import exercise_board
from live import activities
from live.models import LiveState
from seminar.groupings import GroupRefused, add_groups, assign_at_random, put_in_group
from seminar.models import Group, Membership, Participant
from tests.factories import make_exercise, make_seminar, seat

pytestmark = pytest.mark.django_db

PARTIES = ["Ap", "Sp", "H", "Frp"]


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def parties(seminar) -> dict[str, Group]:
    return {g.name: g for g in add_groups(seminar=seminar, kind=Group.Kind.PARTY, names=PARTIES)}


def queue(speech: Exercise) -> list[tuple[str, str]]:
    speech.refresh_from_db()
    return [(entry.sheet.group.name, entry.state) for entry in exercise_board(speech).queue]


def speaking(speech: Exercise) -> str | None:
    speech.refresh_from_db()
    return speech.speaking_group.name if speech.speaking_group else None


def test_the_queue_holds_only_parties_with_an_elected_member_in_the_room():
    seminar = make_seminar()
    party = parties(seminar)
    speech = make_exercise(seminar, kind="speech", grouping="party")
    put_in_group(participant=seat(seminar), group=party["Sp"])
    put_in_group(participant=seat(seminar), group=party["Frp"])
    waiting = seat(seminar)
    put_in_group(participant=waiting, group=party["H"])
    Participant.objects.filter(pk=waiting.pk).update(admission=Participant.Admission.WAITING)

    assert queue(speech) == [
        ("Sp", "waiting"),
        ("Frp", "waiting"),
        ("Ap", "absent"),
        ("H", "absent"),  # its one member is not let in yet
    ]
    spoken = []
    for _ in range(3):
        activities.next_speaker(exercise=speech)
        spoken.append(speaking(speech))
    assert spoken == ["Sp", "Frp", None]  # it starts with the first party present
    assert queue(speech) == [("Sp", "spoken"), ("Frp", "spoken"), ("Ap", "absent"), ("H", "absent")]


def test_the_facilitator_reorders_the_queue_and_calls_a_party_next():
    seminar = make_seminar()
    party = parties(seminar)
    speech = make_exercise(seminar, kind="speech", grouping="party")
    for name in PARTIES:
        put_in_group(participant=seat(seminar), group=party[name])

    activities.move_in_queue(exercise=speech, group_id=party["H"].pk, by=-1)
    assert [name for name, _state in queue(speech)] == ["Ap", "H", "Sp", "Frp"]
    activities.move_in_queue(exercise=speech, group_id=party["Ap"].pk, by=1)
    assert [name for name, _state in queue(speech)] == ["H", "Ap", "Sp", "Frp"]
    activities.call_next(exercise=speech, group_id=party["Frp"].pk)
    assert [name for name, _state in queue(speech)] == ["Frp", "H", "Ap", "Sp"]

    activities.next_speaker(exercise=speech)
    assert speaking(speech) == "Frp"
    with pytest.raises(services.ContributionRefused) as first:
        activities.move_in_queue(exercise=speech, group_id=party["H"].pk, by=-1)
    assert str(first.value) == "That party is already first in the queue."
    with pytest.raises(services.ContributionRefused) as speaking_now:
        activities.move_in_queue(exercise=speech, group_id=party["Frp"].pk, by=1)
    assert str(speaking_now.value) == "That party is not waiting in the speaking queue."


def test_a_skipped_party_goes_to_the_end_and_a_skipped_speaker_gives_the_floor_on():
    seminar = make_seminar()
    party = parties(seminar)
    speech = make_exercise(seminar, kind="speech", grouping="party")
    for name in ("Ap", "Sp", "H"):
        put_in_group(participant=seat(seminar), group=party[name])

    activities.skip_speaker(exercise=speech, group_id=party["Ap"].pk)
    assert queue(speech) == [
        ("Sp", "waiting"),
        ("H", "waiting"),
        ("Ap", "skipped"),
        ("Frp", "absent"),
    ]

    activities.next_speaker(exercise=speech)
    LiveState.objects.filter(seminar=seminar).update(timer_state="stopped")
    activities.skip_speaker(exercise=speech, group_id=party["Sp"].pk)  # not ready after all
    assert speaking(speech) == "H"
    live = LiveState.objects.get(seminar=seminar)
    assert (live.timer_state, live.timer_total_seconds) == ("running", 120)
    assert queue(speech) == [
        ("H", "speaking"),
        ("Ap", "skipped"),
        ("Sp", "skipped"),
        ("Frp", "absent"),
    ]

    for _ in range(3):
        activities.next_speaker(exercise=speech)
    assert queue(speech)[:3] == [("H", "spoken"), ("Ap", "spoken"), ("Sp", "spoken")]
    assert speaking(speech) is None
    with pytest.raises(services.ContributionRefused):
        activities.skip_speaker(exercise=speech, group_id=party["Frp"].pk)  # not in the queue


def test_an_administration_participant_is_refused_a_party_group_and_never_placed_in_one():
    seminar = make_seminar()
    party = parties(seminar)
    staff = seat(seminar, side="administration")

    with pytest.raises(GroupRefused) as refused:
        put_in_group(participant=staff, group=party["Ap"])
    assert str(refused.value) == (
        "Party groups are for elected members; the administration is not in one."
    )

    elected = [seat(seminar) for _ in range(3)]
    sizes = assign_at_random(seminar=seminar, kind=Group.Kind.PARTY)
    placed = set(
        Membership.objects.filter(kind=Group.Kind.PARTY).values_list("participant_id", flat=True)
    )
    assert placed == {person.pk for person in elected}
    assert sum(sizes.values()) == 3


def test_each_change_to_the_queue_is_one_new_revision_of_the_room(
    django_capture_on_commit_callbacks,
):
    seminar = make_seminar()
    party = parties(seminar)
    speech = make_exercise(seminar, kind="speech", grouping="party")
    for name in ("Ap", "Sp", "H"):
        put_in_group(participant=seat(seminar), group=party[name])
    activities.show_exercise(exercise=speech)

    revisions = []
    for change in (
        lambda: activities.move_in_queue(exercise=speech, group_id=party["H"].pk, by=-1),
        lambda: activities.call_next(exercise=speech, group_id=party["Sp"].pk),
        lambda: activities.skip_speaker(exercise=speech, group_id=party["Ap"].pk),
        lambda: activities.next_speaker(exercise=speech),
    ):
        with django_capture_on_commit_callbacks() as broadcasts:
            change()
        revisions.append(LiveState.objects.get(seminar=seminar).revision)
        assert len(broadcasts) == 1
    assert [b - a for a, b in itertools.pairwise(revisions)] == [1, 1, 1]
    assert queue(speech)[:3] == [("Sp", "speaking"), ("H", "waiting"), ("Ap", "skipped")]


def test_two_quick_clicks_each_see_the_others_change():
    """Two requests load the exercise before either has changed it: the second still
    moves the floor on, and never gives it back to a party that has spoken."""
    seminar = make_seminar()
    party = parties(seminar)
    speech = make_exercise(seminar, kind="speech", grouping="party")
    for name in ("Ap", "Sp", "H"):
        put_in_group(participant=seat(seminar), group=party[name])
    first_click = Exercise.objects.get(pk=speech.pk)
    second_click = Exercise.objects.get(pk=speech.pk)

    activities.next_speaker(exercise=first_click)
    activities.next_speaker(exercise=Exercise.objects.get(pk=speech.pk))
    activities.next_speaker(exercise=second_click)  # loaded before both

    assert speaking(speech) == "H"
    assert queue(speech)[:2] == [("Ap", "spoken"), ("Sp", "spoken")]


def test_after_the_last_party_the_speech_timer_stops():
    seminar = make_seminar()
    party = parties(seminar)
    speech = make_exercise(seminar, kind="speech", grouping="party")
    put_in_group(participant=seat(seminar), group=party["Ap"])
    activities.show_exercise(exercise=speech)

    activities.next_speaker(exercise=speech)
    timing = LiveState.objects.get(seminar=seminar).timer_state
    activities.next_speaker(exercise=speech)

    assert (timing, speaking(speech)) == ("running", None)
    assert LiveState.objects.get(seminar=seminar).timer_state == "idle"
