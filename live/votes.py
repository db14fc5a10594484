"""Votes in batches (live.batching): one database transaction for every vote that
arrives meanwhile, posted or sent over a phone's socket; each phone gets its answer once
its vote is stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation

from live.batching import PerLoop, in_one_transaction
from polls import services
from polls.models import Poll
from polls.queries import VoteDraft, my_answer
from seminar.models import Participant, Seminar
from seminar.participants import (
    admitted_light_participants,
    admitted_participants,
    ids_from_cookie,
)


@dataclass(frozen=True)
class VoteSubmission:
    """A vote as it came from a phone, before anything is looked up.

    Who votes: a POST brings its participant cookie and the join code of its address; a
    socket, the participant it was let in as when it connected (`participant_id`)."""

    poll_id: int
    draft: VoteDraft
    client_id: uuid.UUID | None = None
    join_code: str = ""
    cookie: str | None = None
    participant_id: int | None = None
    seminar_id: int | None = None
    language: str = ""  # the phone's chosen language; "" for the seminar's


@dataclass
class VoteOutcome:
    seminar: Seminar | None = None  # None: no such participant here
    participant: Participant | None = None
    error: str = ""
    context: dict[str, object] = field(default_factory=dict)
    unknown_poll: bool = False  # refused: no such poll in the participant's seminar
    # What the confirmation shows, the same for all who chose the same (None: not shared).
    confirmation_key: tuple[object, ...] | None = None


def _voters(submissions: list[VoteSubmission]) -> list[Participant | None]:
    """Who sent each vote, if admitted to the seminar it names. A socket names its
    participant by the ids it was let in with: one query for their ids and one for their
    seminars, for light participants that carry only those (a hall voting at once pays
    for no full participant and seminar per vote). A POST names its participant by
    cookie and the join code of its address: one query for whole participants, which
    its page needs. A batch of both asks all three."""
    wanted: list[tuple[int, int] | None] = []
    for submission in submissions:
        if submission.participant_id is not None and submission.seminar_id is not None:
            wanted.append((submission.seminar_id, submission.participant_id))
        else:
            wanted.append(ids_from_cookie(submission.cookie))
    by_socket = {
        ids[1]
        for submission, ids in zip(submissions, wanted, strict=True)
        if ids is not None and submission.participant_id is not None
    }
    by_cookie = {
        ids[1]
        for submission, ids in zip(submissions, wanted, strict=True)
        if ids is not None and submission.participant_id is None
    }
    found = admitted_participants(participant_ids=by_cookie) if by_cookie else {}
    if by_socket:
        found |= admitted_light_participants(participant_ids=by_socket)
    voters: list[Participant | None] = []
    for submission, ids in zip(submissions, wanted, strict=True):
        participant = found.get(ids[1]) if ids is not None else None
        if participant is None or ids is None or participant.seminar_id != ids[0]:
            voters.append(None)
        elif submission.participant_id is None and (
            participant.seminar.join_code != submission.join_code
        ):
            voters.append(None)  # the same answer for a real code as for a wrong one
        else:
            voters.append(participant)
    return voters


def process_votes(submissions: list[VoteSubmission]) -> list[VoteOutcome]:
    """Look up, validate and store a batch of votes (inside its transaction): the voters
    in one query, then polls.services.cast_votes once per language in the batch (its
    refusals speak the phone's own), so a batch costs a handful of queries, not a
    handful per vote. A refusal then reads what the phone has stored, to show it."""
    voters = _voters(submissions)
    outcomes = [
        VoteOutcome(seminar=p.seminar, participant=p) if p is not None else VoteOutcome()
        for p in voters
    ]
    by_language: dict[str, list[int]] = {}
    for index, (submission, participant) in enumerate(zip(submissions, voters, strict=True)):
        if participant is not None:
            language = submission.language or participant.seminar.language
            by_language.setdefault(language, []).append(index)
    for language, indexes in by_language.items():
        with translation.override(language):
            cast = services.cast_votes(votes=[_to_cast(submissions[i], voters[i]) for i in indexes])
            for index, result in zip(indexes, cast, strict=True):
                _settle(outcomes[index], submissions[index], result)
    return outcomes


def _to_cast(submission: VoteSubmission, participant: Participant | None) -> services.VoteToCast:
    assert participant is not None
    draft = submission.draft
    return services.VoteToCast(
        poll_id=submission.poll_id,
        participant_id=participant.pk,
        seminar_id=participant.seminar_id,
        choice_ids=list(draft.choice_ids),
        value=draft.value,
        text=draft.text,
        client_id=submission.client_id,
    )


def _settle(
    outcome: VoteOutcome,
    submission: VoteSubmission,
    result: services.StoredVote | services.VoteRefused,
) -> None:
    assert outcome.seminar is not None and outcome.participant is not None
    if isinstance(result, services.StoredVote):
        outcome.context = result.answer.context(result.poll, result.choices)
        outcome.confirmation_key = _confirmation_key(result, outcome.seminar)
        return
    outcome.error = str(result)
    poll = Poll.objects.filter(pk=submission.poll_id, seminar=outcome.seminar).first()
    if poll is None:
        outcome.unknown_poll = True
        outcome.context = {"poll_id": submission.poll_id}
        return
    mine = my_answer(poll, outcome.participant)
    outcome.context = mine.context(poll, list(poll.choices.all())) | {"draft": submission.draft}


def _confirmation_key(stored: services.StoredVote, seminar: Seminar) -> tuple[object, ...] | None:
    """Everything polls/poll.html#vote_form shows after a stored vote. It holds no one's
    own words but an open answer's, so only those are rendered per person. A poll edited
    while open has another key: no cached confirmation outlives what it shows."""
    poll = stored.poll
    if poll.kind == Poll.Kind.OPEN_TEXT:
        return None
    return (
        seminar.join_code,
        poll.pk,
        poll.kind,
        poll.question,
        poll.max_choices,
        poll.scale_min,
        poll.scale_max,
        poll.scale_min_label,
        poll.scale_max_label,
        tuple((choice.pk, choice.label, choice.light) for choice in stored.choices),
        tuple(choice.pk for choice in stored.chosen),
        stored.ballot.value if poll.kind == Poll.Kind.SCALE else None,
    )


CONFIRMATIONS_KEPT = 2000  # a few polls' worth of (choices, language); then start afresh
_confirmations: dict[tuple[object, ...], str] = {}


def vote_answer(outcome: VoteOutcome, *, language: str) -> str:
    """The phone's answer to its vote, by htmx or by its socket: the vote form with what
    is stored, or with what it sent and why it was refused. Its outer element is
    id="vote-<poll>", which htmx swaps by id (the socket's message out of band).

    A confirmation is rendered once per (poll, choices chosen, language) and kept in this
    process: a hall voting at once renders a handful, not one per phone. That is why no
    answer carries a CSRF token ({% csrf_token %} renders nothing without a request): a
    kept one would hand this phone another person's token, and Django reads a form's
    token before the header. htmx sends the page's own token as X-CSRFToken (base.html),
    and a phone without script never gets this fragment: it is answered with the whole
    page, token and all."""
    if outcome.unknown_poll:
        with translation.override(language):
            return render_to_string(
                "polls/poll.html#vote_unknown",
                {"poll_id": outcome.context.get("poll_id"), "vote_error": outcome.error},
            )
    key = None if outcome.confirmation_key is None else (language, *outcome.confirmation_key)
    if key is not None and (kept := _confirmations.get(key)) is not None:
        return kept
    context = outcome.context | {
        "seminar": outcome.seminar,
        "vote_error": outcome.error,
        "vote_response": True,
    }
    with translation.override(language):
        html = render_to_string("polls/poll.html#vote_form", context)
    if key is not None:
        if len(_confirmations) >= CONFIRMATIONS_KEPT:
            _confirmations.clear()
        _confirmations[key] = html
    return html


process_batch = in_one_transaction(process_votes, "votes")

# The process's vote batcher (on its event loop): every vote, posted or sent by a socket.
vote_batcher: PerLoop[VoteSubmission, VoteOutcome] = PerLoop(process_batch)
