"""A batch of votes (polls.services.cast_votes): the rule of one vote, in seven queries
however many there are (six when every ballot is changed in place)."""

from __future__ import annotations

import uuid

import pytest

from polls.models import Ballot
from polls.services import StoredVote, VoteRefused, VoteToCast, cast_vote, cast_votes
from tests.factories import make_participant, make_poll, make_seminar

pytestmark = pytest.mark.django_db


def chosen_labels(poll_id: int) -> dict[int, list[str]]:
    """Each participant's ballot on the poll: the labels chosen."""
    return {
        ballot.participant_id: sorted(choice.label for choice in ballot.choices.all())
        for ballot in Ballot.objects.filter(poll_id=poll_id).prefetch_related("choices")
    }


def vote_for(participant, poll, labels: tuple[str, ...], client_id=None) -> VoteToCast:
    ids = [choice.pk for choice in poll.choices.all() if choice.label in labels]
    return VoteToCast(
        poll_id=poll.pk,
        participant_id=participant.pk,
        seminar_id=participant.seminar_id,
        choice_ids=ids,
        client_id=client_id,
    )


@pytest.mark.parametrize("phones", [1, 40])
def test_a_batch_stores_every_ballot_in_seven_queries(django_assert_num_queries, phones: int):
    seminar = make_seminar()
    poll = make_poll(seminar, kind="multiple", labels=("Ja", "Nei", "Vet ikke"), max_choices=2)
    people = [make_participant(seminar) for _ in range(phones)]
    votes = [vote_for(person, poll, ("Ja", "Vet ikke")) for person in people]

    # The polls, their choices, the ballots there; the upsert, the ballots read back,
    # their choices cleared and written.
    with django_assert_num_queries(7):
        outcomes = cast_votes(votes=votes)

    assert [type(outcome) for outcome in outcomes] == [StoredVote] * phones
    assert chosen_labels(poll.pk) == {person.pk: ["Ja", "Vet ikke"] for person in people}


@pytest.mark.parametrize("phones", [1, 40])
def test_a_hall_changing_its_answers_is_stored_in_six_queries(
    django_assert_num_queries, phones: int
):
    seminar = make_seminar()
    poll = make_poll(seminar, kind="multiple", labels=("Ja", "Nei", "Vet ikke"), max_choices=2)
    people = [make_participant(seminar) for _ in range(phones)]
    cast_votes(votes=[vote_for(person, poll, ("Ja",), uuid.uuid4()) for person in people])
    stored_ids = dict(Ballot.objects.values_list("participant_id", "pk"))

    changes = [vote_for(person, poll, ("Nei", "Vet ikke"), uuid.uuid4()) for person in people]

    # The polls, their choices, the ballots there (locked); the upsert, the choices
    # cleared and written: no ballot to read back.
    with django_assert_num_queries(6):
        outcomes = cast_votes(votes=changes)

    assert [
        (o.ballot.pk, [c.label for c in o.chosen]) for o in outcomes if isinstance(o, StoredVote)
    ] == [(stored_ids[person.pk], ["Nei", "Vet ikke"]) for person in people]
    assert chosen_labels(poll.pk) == {person.pk: ["Nei", "Vet ikke"] for person in people}


def test_a_changed_vote_replaces_the_ballot_and_a_resend_changes_nothing():
    seminar = make_seminar()
    poll = make_poll(seminar)
    kari, ola = make_participant(seminar), make_participant(seminar)
    first, again = uuid.uuid4(), uuid.uuid4()
    cast_votes(votes=[vote_for(kari, poll, ("Ja",), first), vote_for(ola, poll, ("Ja",))])
    stored_ids = dict(Ballot.objects.values_list("participant_id", "pk"))

    outcomes = cast_votes(
        votes=[vote_for(kari, poll, ("Ja",), first), vote_for(ola, poll, ("Nei",), again)]
    )

    assert chosen_labels(poll.pk) == {kari.pk: ["Ja"], ola.pk: ["Nei"]}
    assert dict(Ballot.objects.values_list("participant_id", "pk")) == stored_ids
    assert [[c.label for c in o.chosen] for o in outcomes if isinstance(o, StoredVote)] == [
        ["Ja"],
        ["Nei"],
    ]


def test_refusals_are_in_their_place_and_the_rest_is_stored():
    seminar, other = make_seminar(), make_seminar()
    poll = make_poll(seminar, kind="multiple", labels=("A", "B", "C"), max_choices=2)
    elsewhere = make_poll(other)
    kari, ola, per = (make_participant(seminar) for _ in range(3))
    too_many = vote_for(ola, poll, ("A", "B", "C"))
    not_ours = VoteToCast(poll_id=elsewhere.pk, participant_id=per.pk, seminar_id=seminar.pk)

    outcomes = cast_votes(votes=[too_many, vote_for(kari, poll, ("B",)), not_ours])

    assert [str(o) if isinstance(o, VoteRefused) else "stored" for o in outcomes] == [
        "Velg høyst 2 svar.",
        "stored",
        "Denne avstemningen hører ikke til seminaret ditt.",
    ]
    assert chosen_labels(poll.pk) == {kari.pk: ["B"]}
    assert Ballot.objects.filter(poll=elsewhere).count() == 0


def test_a_closed_poll_refuses_the_whole_batch():
    seminar = make_seminar()
    poll = make_poll(seminar, state="closed")
    people = [make_participant(seminar) for _ in range(3)]

    outcomes = cast_votes(votes=[vote_for(person, poll, ("Ja",)) for person in people])

    assert [str(o) for o in outcomes] == [
        "Denne avstemningen er stengt. Svaret ditt ble ikke lagret."
    ] * 3
    assert Ballot.objects.count() == 0


def test_the_same_phone_twice_in_a_batch_keeps_its_later_vote():
    seminar = make_seminar()
    poll = make_poll(seminar)
    kari = make_participant(seminar)

    outcomes = cast_votes(votes=[vote_for(kari, poll, ("Ja",)), vote_for(kari, poll, ("Nei",))])

    assert chosen_labels(poll.pk) == {kari.pk: ["Nei"]}
    assert [[c.label for c in o.chosen] for o in outcomes if isinstance(o, StoredVote)] == [
        ["Nei"],
        ["Nei"],
    ]


def test_a_batch_and_one_vote_at_a_time_store_the_same():
    seminar = make_seminar()
    scale = make_poll(seminar, kind="scale", labels=())
    text = make_poll(seminar, kind="open_text", labels=())
    kari, ola = make_participant(seminar), make_participant(seminar)

    cast_votes(
        votes=[
            VoteToCast(poll_id=scale.pk, participant_id=kari.pk, seminar_id=seminar.pk, value=4),
            VoteToCast(
                poll_id=text.pk, participant_id=kari.pk, seminar_id=seminar.pk, text="  Mer  tid "
            ),
        ]
    )
    cast_vote(poll_id=scale.pk, participant=ola, value=4)
    cast_vote(poll_id=text.pk, participant=ola, text="  Mer  tid ")

    stored = {(b.poll_id, b.participant_id): (b.value, b.text) for b in Ballot.objects.all()}
    assert stored == {
        (scale.pk, kari.pk): (4, ""),
        (scale.pk, ola.pk): (4, ""),
        (text.pk, kari.pk): (None, "Mer tid"),
        (text.pk, ola.pk): (None, "Mer tid"),
    }


def test_a_choice_polls_ballot_keeps_no_text_however_long_the_text_sent():
    """A text sent with a choice vote is not the poll's to keep: were it stored, a long one
    would fail the database's length on PostgreSQL, and with it the whole batch."""
    seminar = make_seminar()
    poll = make_poll(seminar)
    kari, ola = make_participant(seminar), make_participant(seminar)
    long_text = VoteToCast(
        poll_id=poll.pk,
        participant_id=kari.pk,
        seminar_id=seminar.pk,
        choice_ids=[poll.choices.get(label="Ja").pk],
        text="x" * 1000,
        value=3,
    )

    outcomes = cast_votes(votes=[long_text, vote_for(ola, poll, ("Nei",))])

    assert [type(outcome) for outcome in outcomes] == [StoredVote, StoredVote]
    assert sorted(Ballot.objects.values_list("participant_id", "text", "value")) == [
        (kari.pk, "", None),
        (ola.pk, "", None),
    ]
    assert chosen_labels(poll.pk) == {kari.pk: ["Ja"], ola.pk: ["Nei"]}


def test_the_same_client_id_with_another_answer_is_written_not_taken_for_a_resend():
    """A form changed while its first send was still out, posted with the same id: the
    latest answer stands, and the confirmation says what is stored."""
    seminar = make_seminar()
    poll = make_poll(seminar)
    kari = make_participant(seminar)
    sent_as = uuid.uuid4()
    cast_votes(votes=[vote_for(kari, poll, ("Ja",), sent_as)])

    [outcome] = cast_votes(votes=[vote_for(kari, poll, ("Nei",), sent_as)])

    assert isinstance(outcome, StoredVote)
    assert [choice.label for choice in outcome.chosen] == ["Nei"]
    assert chosen_labels(poll.pk) == {kari.pk: ["Nei"]}


def test_a_ballot_changed_in_place_keeps_when_it_was_first_answered():
    seminar = make_seminar()
    poll = make_poll(seminar, kind="scale")
    kari = make_participant(seminar)
    first, second = uuid.uuid4(), uuid.uuid4()
    cast_votes(votes=[VoteToCast(poll.pk, kari.pk, seminar.pk, value=2, client_id=first)])
    stored = Ballot.objects.get()

    cast_votes(votes=[VoteToCast(poll.pk, kari.pk, seminar.pk, value=4, client_id=second)])

    changed = Ballot.objects.get()
    assert (changed.pk, changed.value, changed.client_id) == (stored.pk, 4, second)
    assert changed.created_at == stored.created_at
    assert changed.updated_at > stored.updated_at
