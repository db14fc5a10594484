"""`make soak`'s verdicts: what counts as stored once, and where RSS growth is measured from.
(The soak itself runs a server for minutes: never in the test suite.)"""

import uuid

import pytest

from bench.soak import Ledger, SentNote, SentVote, rss_growth, tally


def client_id(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def test_a_resent_vote_stored_once_counts_once() -> None:
    ledger = Ledger()
    vote = SentVote(poll_id=1, participant_id=7, client_id=client_id(1), choice_ids=(3, 4))
    ledger.vote(vote)
    ledger.vote(vote)  # the confirmation was lost: the phone sends it again

    result = tally(ledger, ballots=[vote], notes=[])

    assert (result.votes_sent, result.votes_stored, result.lost, result.extra) == (1, 1, 0, 0)


def test_a_changed_vote_must_be_stored_as_changed() -> None:
    ledger = Ledger()
    first = SentVote(poll_id=1, participant_id=7, client_id=client_id(1), choice_ids=(3,))
    changed = SentVote(poll_id=1, participant_id=7, client_id=client_id(2), choice_ids=(4,))
    ledger.vote(first)
    ledger.vote(changed)

    assert tally(ledger, ballots=[changed], notes=[]).lost == 0
    assert tally(ledger, ballots=[first], notes=[]).lost == 1


def test_a_vote_stored_with_other_choices_is_lost() -> None:
    ledger = Ledger()
    ledger.vote(SentVote(poll_id=1, participant_id=7, client_id=client_id(1), choice_ids=(3, 4)))
    stored = SentVote(poll_id=1, participant_id=7, client_id=client_id(1), choice_ids=(3,))

    assert tally(ledger, ballots=[stored], notes=[]).lost == 1


def test_notes_missing_doubled_or_unsent_are_counted() -> None:
    ledger = Ledger()
    kept = SentNote(exercise_id=2, participant_id=7, client_id=client_id(1), text="Dyrt")
    gone = SentNote(exercise_id=2, participant_id=8, client_id=client_id(2), text="Sent")
    ledger.note(kept)
    ledger.note(gone)
    unsent = SentNote(exercise_id=2, participant_id=8, client_id=None, text="Fra ingen")

    result = tally(ledger, ballots=[], notes=[kept, kept, unsent])

    assert (result.notes_sent, result.notes_stored, result.lost, result.extra) == (2, 0, 2, 2)


def test_rss_growth_is_from_the_end_of_minute_five() -> None:
    growth, since = rss_growth([50, 80, 90, 95, 100, 101, 104, 110])

    assert growth == pytest.approx(10.0)
    assert since == 5


def test_a_run_under_six_minutes_measures_from_minute_one() -> None:
    growth, since = rss_growth([100, 105, 103])

    assert growth == pytest.approx(3.0)
    assert since == 1
