import re
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from live import activities
from live.models import LiveState
from polls import services
from polls.models import Ballot, Poll
from polls.queries import poll_results
from tests.factories import make_participant, make_poll, make_seminar

pytestmark = pytest.mark.django_db


def choice_ids(poll: Poll, *labels: str) -> list[int]:
    return [choice.pk for choice in poll.choices.filter(label__in=labels)]


def tallies(poll: Poll) -> list[tuple[str, int]]:
    return [(row.label, row.count) for row in poll_results(poll).rows]


def test_single_choice_counts_one_vote_per_participant():
    seminar = make_seminar()
    poll = make_poll(seminar, labels=("Ja", "Nei"))
    alice, bob, carol = (make_participant(seminar) for _ in range(3))

    services.cast_vote(poll_id=poll.pk, participant=alice, choice_ids=choice_ids(poll, "Ja"))
    services.cast_vote(poll_id=poll.pk, participant=bob, choice_ids=choice_ids(poll, "Ja"))
    services.cast_vote(poll_id=poll.pk, participant=carol, choice_ids=choice_ids(poll, "Nei"))

    assert tallies(poll) == [("Ja", 2), ("Nei", 1)]
    results = poll_results(poll)
    assert (results.answered, results.joined) == (3, 3)
    assert [row.percent for row in results.rows] == [67, 33]


def test_changing_a_vote_moves_it_and_never_counts_twice():
    seminar = make_seminar()
    poll = make_poll(seminar, labels=("Ja", "Nei"))
    alice = make_participant(seminar)

    services.cast_vote(poll_id=poll.pk, participant=alice, choice_ids=choice_ids(poll, "Ja"))
    services.cast_vote(poll_id=poll.pk, participant=alice, choice_ids=choice_ids(poll, "Nei"))

    assert tallies(poll) == [("Ja", 0), ("Nei", 1)]
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_two_answers_in_a_single_choice_poll_are_refused():
    seminar = make_seminar()
    poll = make_poll(seminar, labels=("Ja", "Nei"))
    alice = make_participant(seminar)

    with pytest.raises(services.VoteRefused, match=re.escape("Velg bare ett svar.")):
        services.cast_vote(
            poll_id=poll.pk, participant=alice, choice_ids=choice_ids(poll, "Ja", "Nei")
        )

    assert tallies(poll) == [("Ja", 0), ("Nei", 0)]


def test_multiple_choice_takes_up_to_the_maximum_and_refuses_more():
    seminar = make_seminar()
    poll = make_poll(seminar, kind="multiple", labels=("A", "B", "C", "D"), max_choices=3)
    alice, bob = make_participant(seminar), make_participant(seminar)

    services.cast_vote(
        poll_id=poll.pk, participant=alice, choice_ids=choice_ids(poll, "A", "B", "C")
    )
    with pytest.raises(services.VoteRefused, match=re.escape("Velg høyst 3 svar.")):
        services.cast_vote(
            poll_id=poll.pk, participant=bob, choice_ids=choice_ids(poll, "A", "B", "C", "D")
        )

    assert tallies(poll) == [("A", 1), ("B", 1), ("C", 1), ("D", 0)]
    assert poll_results(poll).answered == 1


def test_scale_counts_each_value_and_the_average():
    seminar = make_seminar()
    poll = make_poll(seminar, kind="scale", labels=())
    for value in (5, 4, 4, 2):
        services.cast_vote(poll_id=poll.pk, participant=make_participant(seminar), value=value)

    results = poll_results(poll)

    assert [(row.label, row.count) for row in results.rows] == [
        ("1", 0),
        ("2", 1),
        ("3", 0),
        ("4", 2),
        ("5", 1),
    ]
    assert results.mean == Decimal("3.8")


@pytest.mark.parametrize("value", [0, 6, None])
def test_scale_values_outside_the_scale_are_refused(value):
    seminar = make_seminar()
    poll = make_poll(seminar, kind="scale", labels=())

    with pytest.raises(services.VoteRefused, match=re.escape("Velg et tall fra 1 til 5.")):
        services.cast_vote(poll_id=poll.pk, participant=make_participant(seminar), value=value)

    assert Ballot.objects.count() == 0


def test_traffic_light_tallies_each_light():
    seminar = make_seminar()
    poll = make_poll(
        seminar,
        kind="traffic_light",
        labels=("Grønt", "Usikker", "Rødt"),
        lights=("green", "yellow", "red"),
    )
    for label in ("Rødt", "Rødt", "Grønt"):
        services.cast_vote(
            poll_id=poll.pk,
            participant=make_participant(seminar),
            choice_ids=choice_ids(poll, label),
        )

    rows = poll_results(poll).rows

    assert [(row.light, row.count) for row in rows] == [("green", 1), ("yellow", 0), ("red", 2)]


def test_open_text_keeps_the_answers_and_counts_the_words():
    seminar = make_seminar()
    poll = make_poll(seminar, kind="open_text", labels=())
    for text in ("Mer tid til  dilemmaer", "Dilemmaer var best", "Kortere dager"):
        services.cast_vote(poll_id=poll.pk, participant=make_participant(seminar), text=text)

    results = poll_results(poll)

    assert sorted(results.answers) == [
        "Dilemmaer var best",
        "Kortere dager",
        "Mer tid til dilemmaer",
    ]
    assert [(word.word, word.count) for word in results.cloud if word.count > 1] == [
        ("dilemmaer", 2)
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Skriv et svar først."), ("x" * 281, "Hold det innenfor 280 tegn; dette er 281.")],
)
def test_open_text_refuses_empty_and_over_long_answers(text, message):
    seminar = make_seminar()
    poll = make_poll(seminar, kind="open_text", labels=())

    with pytest.raises(services.VoteRefused, match=re.escape(message)):
        services.cast_vote(poll_id=poll.pk, participant=make_participant(seminar), text=text)

    assert Ballot.objects.count() == 0


@pytest.mark.parametrize(
    ("state", "message"), [("closed", "Denne avstemningen er stengt"), ("draft", "har ikke åpnet")]
)
def test_votes_on_a_poll_that_is_not_open_are_refused(state, message):
    seminar = make_seminar()
    poll = make_poll(seminar, state=state)

    with pytest.raises(services.VoteRefused, match=re.escape(message)):
        services.cast_vote(
            poll_id=poll.pk,
            participant=make_participant(seminar),
            choice_ids=choice_ids(poll, "Ja"),
        )

    assert Ballot.objects.count() == 0


def test_a_participant_cannot_vote_in_another_seminars_poll():
    seminar = make_seminar()
    other_poll = make_poll(make_seminar(municipality="Annen"))

    with pytest.raises(services.VoteRefused):
        services.cast_vote(
            poll_id=other_poll.pk,
            participant=make_participant(seminar),
            choice_ids=choice_ids(other_poll, "Ja"),
        )

    assert Ballot.objects.count() == 0


def test_a_resent_vote_is_stored_once_and_announced_once(django_capture_on_commit_callbacks):
    seminar = make_seminar()
    poll = make_poll(seminar)
    alice = make_participant(seminar)
    client_id = uuid.UUID("8f14e45f-ceea-467f-a8b6-4b8c9a1f0e21")

    with django_capture_on_commit_callbacks() as announced:
        for _ in range(3):
            services.cast_vote(
                poll_id=poll.pk,
                participant=alice,
                choice_ids=choice_ids(poll, "Ja"),
                client_id=client_id,
            )

    assert tallies(poll) == [("Ja", 1), ("Nei", 0)]
    assert Ballot.objects.get().client_id == client_id
    assert len(announced) == 1


def test_lifecycle_puts_the_poll_on_screen_opens_closes_reveals_and_resets():
    seminar = make_seminar()
    poll = make_poll(seminar, state="draft", results="on_reveal")
    alice = make_participant(seminar)
    start = LiveState.objects.get(seminar=seminar).revision

    activities.open_poll(poll=poll)
    services.cast_vote(poll_id=poll.pk, participant=alice, choice_ids=choice_ids(poll, "Ja"))
    activities.close_poll(poll=poll)
    hidden_after_close = Poll.objects.get(pk=poll.pk).results_visible
    activities.reveal_results(poll=poll)
    activities.show_answer_key(poll=poll)
    revealed = Poll.objects.get(pk=poll.pk)
    activities.reset_poll(poll=poll)
    reset = Poll.objects.get(pk=poll.pk)

    live = LiveState.objects.get(seminar=seminar)
    assert (live.poll_id, live.revision) == (poll.pk, start + 5)
    assert hidden_after_close is False
    assert (revealed.state, revealed.results_visible, revealed.answer_key_shown) == (
        "closed",
        True,
        True,
    )
    assert (reset.state, reset.revealed, reset.answer_key_shown) == ("draft", False, False)
    assert Ballot.objects.count() == 0


def test_moving_to_another_slide_takes_the_poll_off_the_screen():
    from live import services as live

    seminar = make_seminar()
    poll = make_poll(seminar, state="draft")
    activities.open_poll(poll=poll)

    state = live.step(seminar=seminar, by=1)

    assert state.poll_id is None


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_200_concurrent_votes_is_counted_exactly():
    seminar = make_seminar()
    poll = make_poll(seminar, labels=("Ja", "Nei"))
    participants = [make_participant(seminar) for _ in range(200)]
    yes, no = choice_ids(poll, "Ja")[0], choice_ids(poll, "Nei")[0]
    barrier = threading.Barrier(8)
    errors: list[Exception] = []

    def vote_for(batch):
        barrier.wait()
        try:
            for index, participant in batch:
                # Every participant votes twice (a resend), and each fifth changes their mind.
                first = yes if index % 2 else no
                services.cast_vote(poll_id=poll.pk, participant=participant, choice_ids=[first])
                final = no if index % 5 == 0 else first
                services.cast_vote(poll_id=poll.pk, participant=participant, choice_ids=[final])
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    indexed = list(enumerate(participants))
    threads = [threading.Thread(target=vote_for, args=(indexed[n::8],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    expected_no = sum(1 for index in range(200) if index % 2 == 0 or index % 5 == 0)
    assert errors == []
    assert tallies(poll) == [("Ja", 200 - expected_no), ("Nei", expected_no)]
    assert Ballot.objects.filter(poll=poll).count() == 200
