"""The rules of live voting: the poll's lifecycle and casting a ballot."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import Slide
from agenda.programme_spec import PollSpec
from agenda.queries import slide_ids_by_title
from polls.models import Ballot, BallotChoice, Choice, Poll, Survey
from polls.queries import MyAnswer, VoteDraft, stored_answer
from polls.signals import ballots_changed
from seminar.models import Participant
from seminar.services import lock_seminar
from seminar.text import clean_text

MAX_TEXT_LENGTH = 280


class VoteRefused(Exception):
    """A ballot that was not stored, with the reason in the participant's language."""


@dataclass(frozen=True)
class StoredVote:
    """What was stored, for the phone's confirmation without asking the database again."""

    poll: Poll
    choices: list[Choice]
    ballot: Ballot
    chosen: list[Choice]

    @property
    def answer(self) -> MyAnswer:
        return stored_answer(self.poll, self.ballot, self.chosen)


def _change_poll(poll: Poll, **fields: object) -> Poll:
    """Change a poll under its row lock: votes in flight (which share it) finish first,
    later ones see the change. The live layer puts it on the screens."""
    Poll.objects.select_for_update().filter(pk=poll.pk).exists()
    for name, value in fields.items():
        setattr(poll, name, value)
    if fields:
        poll.save(update_fields=list(fields))
    return poll


@transaction.atomic
def hold_poll(*, poll: Poll) -> Poll:
    """The poll as it stands, with no vote half-stored: before it is shown."""
    return _change_poll(poll)


@transaction.atomic
def open_poll(*, poll: Poll) -> Poll:
    return _change_poll(poll, state=Poll.State.OPEN)


@transaction.atomic
def close_poll(*, poll: Poll) -> Poll:
    return _change_poll(poll, state=Poll.State.CLOSED)


@transaction.atomic
def reveal_results(*, poll: Poll) -> Poll:
    return _change_poll(poll, revealed=True)


@transaction.atomic
def show_answer_key(*, poll: Poll) -> Poll:
    return _change_poll(poll, answer_key_shown=True)


@transaction.atomic
def reset_poll(*, poll: Poll) -> Poll:
    """Back to a draft with no answers: for a rehearsal, or a poll opened by mistake."""
    changed = _change_poll(poll, state=Poll.State.DRAFT, revealed=False, answer_key_shown=False)
    poll.ballots.all().delete()  # under the poll's lock: no vote can slip in after this
    return changed


def _validate(
    poll: Poll, choices: list[Choice], choice_ids: list[int], value: int | None, text: str
) -> None:
    if poll.state != Poll.State.OPEN:
        raise VoteRefused(
            _("This poll is closed. Your answer was not stored.")
            if poll.state == Poll.State.CLOSED
            else _("This poll has not opened yet.")
        )
    if poll.has_choices:
        known = {choice.pk for choice in choices}
        if not choice_ids:
            raise VoteRefused(_("Choose an answer first."))
        if any(choice_id not in known for choice_id in choice_ids):
            raise VoteRefused(_("That answer is not one of this poll's choices."))
        if poll.ranked:
            if len(set(choice_ids)) != len(choice_ids):
                raise VoteRefused(_("Give each choice one place only."))
            if len(choice_ids) > poll.max_choices:
                raise VoteRefused(
                    _("Put at most %(count)s choices in order.") % {"count": poll.max_choices}
                )
        elif poll.kind != Poll.Kind.MULTIPLE and len(choice_ids) > 1:
            raise VoteRefused(_("Choose one answer only."))
        if poll.kind == Poll.Kind.MULTIPLE and len(choice_ids) > poll.max_choices:
            raise VoteRefused(_("Choose at most %(count)s answers.") % {"count": poll.max_choices})
    elif poll.kind == Poll.Kind.SCALE:
        if value is None or not poll.scale_min <= value <= poll.scale_max:
            raise VoteRefused(
                _("Choose a number from %(low)s to %(high)s.")
                % {"low": poll.scale_min, "high": poll.scale_max}
            )
    elif poll.kind == Poll.Kind.OPEN_TEXT:
        if not text:
            raise VoteRefused(_("Write an answer first."))
        if len(text) > MAX_TEXT_LENGTH:
            raise VoteRefused(
                _("Keep it to %(limit)s characters; this is %(length)s.")
                % {"limit": MAX_TEXT_LENGTH, "length": len(text)}
            )


@transaction.atomic
def cast_vote(
    *,
    poll_id: int,
    participant: Participant,
    choice_ids: list[int] | None = None,
    value: int | None = None,
    text: str = "",
    client_id: uuid.UUID | None = None,
) -> StoredVote:
    """Store or change one participant's ballot. A resend of the same answer (a phone
    retrying after a dropped connection) changes nothing and counts once."""
    vote = VoteToCast(
        poll_id=poll_id,
        participant_id=participant.pk,
        seminar_id=participant.seminar_id,
        choice_ids=choice_ids or [],
        value=value,
        text=text,
        client_id=client_id,
    )
    [outcome] = cast_votes(votes=[vote])
    if isinstance(outcome, VoteRefused):
        raise outcome
    return outcome


@dataclass(frozen=True)
class VoteToCast:
    """One vote of a batch, as cast_vote takes it, by ids: a phone's socket knows who it is
    without loading the participant."""

    poll_id: int
    participant_id: int
    seminar_id: int
    choice_ids: Sequence[int] = ()
    value: int | None = None
    text: str = ""
    client_id: uuid.UUID | None = None


def cast_votes(*, votes: Sequence[VoteToCast]) -> list[StoredVote | VoteRefused]:
    """Store or change many ballots at once, by the rule of cast_vote, in a fixed number
    of queries however many votes there are (seven for new ballots, six for a hall
    changing its answers): a hall voting at once is written batch by batch (live
    votes.py), not vote by vote. Each vote's outcome is in its place: what was stored,
    or why it was refused. Within the batch a later vote of the same phone on the same
    poll wins, as it would have one after the other. Call it inside a transaction."""
    if not votes:
        return []
    polls = _polls_for_votes(
        poll_ids=sorted({vote.poll_id for vote in votes}),
        seminar_ids=sorted({vote.seminar_id for vote in votes}),
    )
    choices_of: dict[int, list[Choice]] = {poll_id: [] for poll_id in polls}
    for choice in Choice.objects.filter(
        poll_id__in=[p.pk for p in polls.values() if p.has_choices]
    ):
        choices_of[choice.poll_id].append(choice)

    outcomes: list[StoredVote | VoteRefused | None] = [None] * len(votes)
    accepted: dict[tuple[int, int], tuple[int, _Answer]] = {}
    for index, vote in enumerate(votes):
        poll = polls.get(vote.poll_id)
        if poll is None or poll.seminar_id != vote.seminar_id:
            outcomes[index] = VoteRefused(_("This poll is not part of your seminar."))
            continue
        # A ranking's choices in their order, first place first; any other poll's as a set.
        choice_ids = list(vote.choice_ids) if poll.ranked else sorted(set(vote.choice_ids))
        text = " ".join(clean_text(vote.text).split())
        try:
            _validate(poll, choices_of[poll.pk], choice_ids, vote.value, text)
        except VoteRefused as refused:
            outcomes[index] = refused
            continue
        # Only what the poll's kind asks is kept: a choice poll's ballot holds no text.
        answer = _Answer(
            choice_ids=tuple(choice_ids) if poll.has_choices else (),
            value=vote.value if poll.kind == Poll.Kind.SCALE else None,
            text=text if poll.kind == Poll.Kind.OPEN_TEXT else "",
            client_id=vote.client_id,
        )
        # The same phone twice in the batch: the later vote stands (its outcome is the
        # earlier one's too, below).
        accepted[(vote.poll_id, vote.participant_id)] = (index, answer)

    # In one order, so two processes writing the same ballots never wait on each other.
    keys = sorted(accepted)
    existing = {
        (ballot.poll_id, ballot.participant_id): ballot
        for ballot in Ballot.objects.select_for_update()
        .filter(
            poll_id__in={poll_id for poll_id, _participant in keys},
            participant_id__in={participant for _poll, participant in keys},
        )
        .order_by("poll_id", "participant_id")
    }
    # A stored ballot's choices matter only to tell a resend (the same client id) apart.
    resent = [ballot for key, ballot in existing.items() if _same_sender(ballot, accepted.get(key))]
    stored_choices = _choice_ids_of(resent)
    written = [
        key
        for key in keys
        if not _already_stored(existing.get(key), accepted[key][1], stored_choices)
    ]
    if written:
        # One upsert: a ballot stored meanwhile by another process is changed, not doubled.
        _upsert_ballots(
            [
                (poll_id, participant_id, answer.value, answer.text, answer.client_id)
                for poll_id, participant_id in written
                for answer in (accepted[(poll_id, participant_id)][1],)
            ]
        )
        changed = [key for key in written if key in existing]  # locked above: their ids stay
        for key in changed:
            answer = accepted[key][1]
            ballot = existing[key]
            ballot.value, ballot.text = answer.value, answer.text
            ballot.client_id = answer.client_id or ballot.client_id
        # New ballots read back by (poll, participant): no reliance on the order rows come
        # back in. A hall changing its answers in place has none to read.
        new = [key for key in written if key not in existing]
        if new:
            for ballot in Ballot.objects.filter(
                poll_id__in={poll_id for poll_id, _participant in new},
                participant_id__in={participant for _poll, participant in new},
            ):
                existing[(ballot.poll_id, ballot.participant_id)] = ballot
        with_choices = [key for key in written if polls[key[0]].has_choices]
        BallotChoice.objects.filter(
            ballot_id__in=[existing[key].pk for key in with_choices]
        ).delete()
        _insert_rows(
            BallotChoice,
            ("ballot", "choice", "rank"),
            [
                (existing[key].pk, choice_id, place if polls[key[0]].ranked else None)
                for key in with_choices
                for place, choice_id in enumerate(accepted[key][1].choice_ids, start=1)
            ],
        )
    for key, (index, answer) in accepted.items():
        poll, choices = polls[key[0]], choices_of[key[0]]
        if poll.ranked:  # by place
            by_id = {choice.pk: choice for choice in choices}
            chosen = [by_id[choice_id] for choice_id in answer.choice_ids]
        else:
            chosen = [choice for choice in choices if choice.pk in answer.choice_ids]
        outcomes[index] = StoredVote(
            poll=poll, choices=choices, ballot=existing[key], chosen=chosen
        )
    for index, outcome in enumerate(outcomes):
        if outcome is None:  # superseded: the phone's later vote is what stands
            later = accepted[(votes[index].poll_id, votes[index].participant_id)][0]
            outcomes[index] = outcomes[later]
    # Only what changed is announced: a resend counts once.
    for seminar_id in sorted({polls[poll_id].seminar_id for poll_id, _participant in written}):
        ballots_changed.send(None, seminar_id=seminar_id)
    return [outcome for outcome in outcomes if outcome is not None]


# A hall voting at once writes hundreds of ballots a batch. Django's bulk_create builds
# model instances and compiles the SQL anew for every row: two fifths of a vote's CPU at
# 2000 votes/s (BENCHMARKS.md, issue 19). These write the same rows with one statement,
# sent once with every row's values (executemany), on SQLite and PostgreSQL alike.
_BALLOT_COLUMNS = ("poll", "participant", "value", "text", "client_id", "created_at", "updated_at")
_BALLOT_CHANGES = ("value", "text", "client_id", "updated_at")


def _upsert_ballots(rows: list[tuple[int, int, int | None, str, uuid.UUID | None]]) -> None:
    """Store (poll, participant, value, text, client id) ballots: new ones inserted, and
    those the pair already has changed in place, as bulk_create(update_conflicts=True)
    with these update fields would. A vote without a client id gets a new one."""
    client_id = Ballot._meta.get_field("client_id")
    now = Ballot._meta.get_field("updated_at").get_db_prep_value(timezone.now(), connection)
    changes = ", ".join(
        f"{column} = EXCLUDED.{column}"
        for column in (_column(Ballot, name) for name in _BALLOT_CHANGES)
    )
    unique = ", ".join(_column(Ballot, name) for name in ("poll", "participant"))
    _insert_rows(
        Ballot,
        _BALLOT_COLUMNS,
        [
            (
                poll,
                person,
                value,
                text,
                client_id.get_db_prep_value(sent or uuid.uuid4(), connection),
                now,
                now,
            )
            for poll, person, value, text, sent in rows
        ],
        on_conflict=f"ON CONFLICT ({unique}) DO UPDATE SET {changes}",
    )


def _insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    on_conflict: str = "",
) -> None:
    """INSERT these rows of values for these fields (ready for the database), one
    statement for all."""
    if not rows:
        return
    columns = ", ".join(_column(model, name) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    # Names from the model's _meta, quoted; every value goes as a parameter.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(f"{sql} {on_conflict}".rstrip(), rows)


def _column(model: type[models.Model], name: str) -> str:
    """A field's column, quoted for the database."""
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field) and found.column is not None
    return connection.ops.quote_name(found.column)


@dataclass(frozen=True)
class _Answer:
    """A vote as it will be stored, after its checks."""

    choice_ids: tuple[int, ...]
    value: int | None
    text: str
    client_id: uuid.UUID | None


def _same_sender(ballot: Ballot, accepted: tuple[int, _Answer] | None) -> bool:
    return accepted is not None and accepted[1].client_id == ballot.client_id


def _choice_ids_of(ballots: list[Ballot]) -> dict[int, tuple[int, ...]]:
    """The chosen choices' ids of these ballots, by ballot id, as _Answer holds them (a
    ranking's by place, any other's sorted): one query, none for no ballots."""
    if not ballots:
        return {}
    chosen: dict[int, list[int]] = {ballot.pk: [] for ballot in ballots}
    for ballot_id, choice_id in (
        BallotChoice.objects.filter(ballot_id__in=list(chosen))
        .order_by("rank", "choice_id")
        .values_list("ballot_id", "choice_id")
    ):
        chosen[ballot_id].append(choice_id)
    return {ballot_id: tuple(ids) for ballot_id, ids in chosen.items()}


def _already_stored(
    ballot: Ballot | None, answer: _Answer, stored_choices: dict[int, tuple[int, ...]]
) -> bool:
    """A resend: the same client id with the same answer (a retry after a lost reply).
    The same id with another answer (a form changed while its first send was still out)
    is written: the phone's latest answer stands, and its confirmation tells the truth."""
    if ballot is None or answer.client_id is None or ballot.client_id != answer.client_id:
        return False
    return (stored_choices.get(ballot.pk, ()), ballot.value, ballot.text) == (
        answer.choice_ids,
        answer.value,
        answer.text,
    )


def _polls_for_votes(*, poll_ids: list[int], seminar_ids: list[int]) -> dict[int, Poll]:
    """The polls, share-locked on PostgreSQL: votes go on side by side, but one that read
    "open" is stored before a close or reset can start, never after it. (SQLite lets one
    writer in at a time, which gives the same.)"""
    if connection.vendor != "postgresql":
        found = Poll.objects.filter(pk__in=poll_ids, seminar_id__in=seminar_ids)
        return {poll.pk: poll for poll in found}
    locked = Poll.objects.raw(
        "SELECT * FROM polls_poll WHERE id = ANY(%s) AND seminar_id = ANY(%s) FOR SHARE",
        [poll_ids, seminar_ids],
    )
    return {poll.pk: poll for poll in locked}


def build_polls(*, seminar_id: int, specs: tuple[PollSpec, ...]) -> list[Poll]:
    """Lay a programme's polls onto the slides that ask them (matched by slide title);
    polls that name a survey become its questions, the survey on the first one's slide."""
    slides = slide_ids_by_title(seminar_id)
    surveys: dict[str, Survey] = {}
    for spec in specs:
        if spec.survey and spec.survey not in surveys:
            surveys[spec.survey] = Survey(
                seminar_id=seminar_id,
                slide_id=slides.get(spec.slide_title),
                order=len(surveys) + 1,
                title=spec.survey,
            )
    Survey.objects.bulk_create(surveys.values())
    polls = Poll.objects.bulk_create(
        Poll(
            seminar_id=seminar_id,
            survey=surveys.get(spec.survey),
            slide_id=slides.get(spec.slide_title),
            order=order,
            kind=spec.kind,
            question=spec.question,
            series=spec.series,
            series_part=spec.series_part,
            max_choices=spec.max_choices,
            scale_min=spec.scale_min,
            scale_max=spec.scale_max,
            scale_min_label=spec.scale_min_label,
            scale_max_label=spec.scale_max_label,
            results=spec.results,
            answer_key=spec.answer_key,
            answer_key_rules=spec.answer_key_rules,
            answer_key_law_version=spec.answer_key_law_version,
            answer_key_is_judgement=spec.answer_key_is_judgement,
        )
        for order, spec in enumerate(specs, start=1)
    )
    Choice.objects.bulk_create(
        Choice(poll=poll, order=order, label=choice.label, light=choice.light)
        for poll, spec in zip(polls, specs, strict=True)
        for order, choice in enumerate(spec.choices, start=1)
    )
    return polls


# Surveys ----------------------------------------------------------------------------------
# A survey's questions are polls whose state and `revealed` follow the survey's: a vote
# on one goes through cast_vote's checks, and the results and notes are the polls'.


class SurveyRefused(Exception):
    """Answers that were not stored: a message for the whole form and, by question, why."""

    def __init__(self, message: str, errors: dict[int, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


def _change_survey(survey: Survey, questions: dict[str, object], **fields: object) -> Survey:
    """Change a survey and its questions under the questions' row locks, as a poll."""
    Survey.objects.select_for_update().filter(pk=survey.pk).exists()
    Poll.objects.select_for_update().filter(survey=survey).exists()
    for name, value in fields.items():
        setattr(survey, name, value)
    if fields:
        survey.save(update_fields=list(fields))
    if questions:
        Poll.objects.filter(survey=survey).update(**questions)
    return survey


@transaction.atomic
def hold_survey(*, survey: Survey) -> Survey:
    return _change_survey(survey, {})


@transaction.atomic
def open_survey(*, survey: Survey) -> Survey:
    return _change_survey(survey, {"state": Poll.State.OPEN}, state=Survey.State.OPEN)


@transaction.atomic
def close_survey(*, survey: Survey) -> Survey:
    return _change_survey(survey, {"state": Poll.State.CLOSED}, state=Survey.State.CLOSED)


@transaction.atomic
def show_survey_results(*, survey: Survey, shown: bool) -> Survey:
    """Show the survey's results to the room, or hide them again."""
    return _change_survey(survey, {"revealed": shown}, results_shown=shown)


@transaction.atomic
def reset_survey(*, survey: Survey) -> Survey:
    """Back to a draft with no answers: for a rehearsal."""
    changed = _change_survey(
        survey,
        {"state": Poll.State.DRAFT, "revealed": False},
        state=Survey.State.DRAFT,
        results_shown=False,
    )
    if Ballot.objects.filter(poll__survey=survey).delete()[0]:
        ballots_changed.send(None, seminar_id=survey.seminar_id)
    return changed


def survey_is_answered(question: Poll, draft: VoteDraft) -> bool:
    """Whether the form says anything for this question: a blank one is left as it was."""
    if question.has_choices:
        return bool(draft.choice_ids)
    if question.kind == Poll.Kind.SCALE:
        return draft.value is not None
    return bool(draft.text.strip())


@transaction.atomic
def answer_survey(
    *, survey_id: int, participant: Participant, answers: dict[int, VoteDraft]
) -> int:
    """Store a participant's answers to a survey's questions, all or none; sent again, it
    changes them. A question left blank keeps what was stored, except an open one, whose
    emptied text takes the answer back. The number of answers stored is returned."""
    survey = Survey.objects.filter(pk=survey_id, seminar_id=participant.seminar_id).first()
    if survey is None:
        raise SurveyRefused(_("This survey is not part of your seminar."))
    if survey.state != Survey.State.OPEN:
        raise SurveyRefused(
            _("This survey is closed. Your answers were not stored.")
            if survey.state == Survey.State.CLOSED
            else _("This survey has not opened yet.")
        )
    questions = list(Poll.objects.filter(survey=survey).order_by("order", "pk"))
    taken_back = []
    votes = []
    for question in questions:
        draft = answers.get(question.pk, VoteDraft())
        if not survey_is_answered(question, draft):
            if question.kind == Poll.Kind.OPEN_TEXT:
                taken_back.append(question.pk)
            continue
        votes.append(
            VoteToCast(
                poll_id=question.pk,
                participant_id=participant.pk,
                seminar_id=participant.seminar_id,
                choice_ids=list(draft.choice_ids),  # a ranking's in order
                value=draft.value,
                text=draft.text,
            )
        )
    outcomes = cast_votes(votes=votes)  # all the answers at once: a fixed number of queries
    errors = {
        vote.poll_id: str(outcome)
        for vote, outcome in zip(votes, outcomes, strict=True)
        if isinstance(outcome, VoteRefused)
    }
    stored = len(votes) - len(errors)
    if errors:
        # Raised inside the transaction: the answers stored above are rolled back.
        raise SurveyRefused(_("Some answers need another look; none were stored."), errors)
    if (
        taken_back
        and Ballot.objects.filter(poll_id__in=taken_back, participant=participant).delete()[0]
    ):
        ballots_changed.send(None, seminar_id=survey.seminar_id)
    return stored


# The facilitator's editor ----------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceDraft:
    """One choice as the editor sends it. `choice_id` is the stored choice it rewords;
    None for a new one."""

    label: str
    light: str = ""
    choice_id: int | None = None


@dataclass(frozen=True)
class PollDraft:
    """A poll as the facilitator wants it stored (already checked by the editor's form)."""

    kind: str
    question: str
    choices: tuple[ChoiceDraft, ...] = field(default_factory=tuple)
    max_choices: int = 1
    scale_min: int = 1
    scale_max: int = 5
    scale_min_label: str = ""
    scale_max_label: str = ""
    results: str = Poll.Results.LIVE
    answer_key: str = ""
    answer_key_rules: str = ""
    answer_key_law_version: str = ""
    answer_key_is_judgement: bool = False

    def poll_fields(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "question": self.question,
            "max_choices": self.max_choices
            if self.kind in {Poll.Kind.MULTIPLE, Poll.Kind.RANKING}
            else 1,
            "scale_min": self.scale_min,
            "scale_max": self.scale_max,
            "scale_min_label": self.scale_min_label,
            "scale_max_label": self.scale_max_label,
            "results": self.results,
            "answer_key": self.answer_key,
            "answer_key_rules": self.answer_key_rules,
            "answer_key_law_version": self.answer_key_law_version,
            "answer_key_is_judgement": self.answer_key_is_judgement,
        }


class VotesWouldGo(Exception):
    """An edit that would remove the votes given so far, sent without saying they may go."""

    def __init__(self, votes: int) -> None:
        super().__init__(votes)
        self.votes = votes


def _draft_choices(draft: PollDraft, stored: Sequence[Choice]) -> list[ChoiceDraft]:
    """The draft's choices for a poll that has them; an id that is not one of the poll's
    stored choices, or that came before, is a new choice."""
    if not Poll(kind=draft.kind).has_choices:
        return []
    known = {choice.pk for choice in stored}
    seen: set[int] = set()
    matched = []
    for choice in draft.choices:
        choice_id = choice.choice_id if choice.choice_id in known - seen else None
        if choice_id is not None:
            seen.add(choice_id)
        light = choice.light if draft.kind == Poll.Kind.TRAFFIC_LIGHT else ""
        matched.append(ChoiceDraft(label=choice.label, light=light, choice_id=choice_id))
    return matched


def edit_resets_votes(*, poll: Poll, choices: Sequence[Choice], draft: PollDraft) -> bool:
    """Whether the votes given so far would no longer mean what they meant.

    New wording of the question or of a choice keeps them, and so do a choice's light,
    the choices' order, the scale's labels, the results' visibility and the answer key.
    A choice added or removed (merging two is removing one), another kind, another
    number of picks or places, or another scale resets them."""
    if draft.kind != poll.kind:
        return True
    if poll.has_choices:
        kept = [choice.choice_id for choice in _draft_choices(draft, choices)]
        if set(kept) != {choice.pk for choice in choices} or len(kept) != len(choices):
            return True
    if poll.kind in {Poll.Kind.MULTIPLE, Poll.Kind.RANKING} and (
        draft.max_choices != poll.max_choices
    ):
        return True
    return poll.kind == Poll.Kind.SCALE and (draft.scale_min, draft.scale_max) != (
        poll.scale_min,
        poll.scale_max,
    )


def _store_choices(poll: Poll, stored: Sequence[Choice], wanted: list[ChoiceDraft]) -> None:
    kept = {choice.choice_id for choice in wanted if choice.choice_id is not None}
    if gone := [choice.pk for choice in stored if choice.pk not in kept]:
        Choice.objects.filter(pk__in=gone).delete()
    by_id = {choice.pk: choice for choice in stored}
    changed, added = [], []
    for order, draft in enumerate(wanted, start=1):
        if draft.choice_id is None:
            added.append(Choice(poll=poll, order=order, label=draft.label, light=draft.light))
        else:
            choice = by_id[draft.choice_id]
            choice.order, choice.label, choice.light = order, draft.label, draft.light
            changed.append(choice)
    if changed:
        Choice.objects.bulk_update(changed, ["order", "label", "light"])
    if added:
        Choice.objects.bulk_create(added)


@transaction.atomic
def create_poll(*, slide: Slide, draft: PollDraft, survey: Survey | None = None) -> Poll:
    """A new poll asked on `slide`, in the slide's seminar, after the seminar's other polls;
    a question of `survey` (on the same slide) is in the survey's state from the start."""
    seminar_id = (
        Slide.objects.filter(pk=slide.pk).values_list("item__day__seminar_id", flat=True).get()
    )
    lock_seminar(seminar_id)  # two polls made at once get an order each
    if survey is not None and (survey.seminar_id, survey.slide_id) != (seminar_id, slide.pk):
        raise ValueError("A survey's questions are asked on the survey's slide.")
    last = Poll.objects.filter(seminar_id=seminar_id).aggregate(last=Max("order"))["last"]
    in_survey: dict[str, object] = {}
    if survey is not None:
        in_survey = {"survey": survey, "state": survey.state, "revealed": survey.results_shown}
    poll = Poll.objects.create(
        seminar_id=seminar_id,
        slide=slide,
        order=(last or 0) + 1,
        **(draft.poll_fields() | in_survey),
    )
    _store_choices(poll, [], _draft_choices(draft, []))
    return poll


@transaction.atomic
def save_poll_edit(*, poll: Poll, draft: PollDraft, votes_may_go: bool = False) -> int:
    """Store an edit of a poll; the number of votes it removed is returned.

    An edit that resets the votes (see `edit_resets_votes`) of a poll that has some is
    refused with VotesWouldGo unless `votes_may_go`: the editor asks first. Under the
    poll's lock, so no vote is stored between the count and the change."""
    Poll.objects.select_for_update().filter(pk=poll.pk).exists()
    choices = list(Choice.objects.filter(poll=poll).order_by("order"))
    removed = 0
    fields = draft.poll_fields()
    if edit_resets_votes(poll=poll, choices=choices, draft=draft):
        votes = Ballot.objects.filter(poll=poll).count()
        if votes and not votes_may_go:
            raise VotesWouldGo(votes)
        if votes:
            Ballot.objects.filter(poll=poll).delete()
            removed = votes
        fields["revealed"] = False  # new results are hidden again if they wait to be revealed
    for name, value in fields.items():
        setattr(poll, name, value)
    poll.save(update_fields=list(fields))
    _store_choices(poll, choices, _draft_choices(draft, choices))
    if removed:
        ballots_changed.send(None, seminar_id=poll.seminar_id)
    return removed


@transaction.atomic
def create_survey(*, slide: Slide, title: str) -> Survey:
    """A new survey asked on `slide`, with no questions yet."""
    seminar_id = (
        Slide.objects.filter(pk=slide.pk).values_list("item__day__seminar_id", flat=True).get()
    )
    lock_seminar(seminar_id)
    last = Survey.objects.filter(seminar_id=seminar_id).aggregate(last=Max("order"))["last"]
    return Survey.objects.create(
        seminar_id=seminar_id, slide=slide, order=(last or 0) + 1, title=title
    )


@transaction.atomic
def rename_survey(*, survey: Survey, title: str) -> Survey:
    return _change_survey(survey, {}, title=title)


@transaction.atomic
def remove_survey(*, survey: Survey) -> int:
    """Take a survey out of the programme with its questions and their votes; the number
    of answers that went is returned."""
    _change_survey(survey, {})
    answers = Ballot.objects.filter(poll__survey=survey).count()
    survey.delete()
    if answers:
        ballots_changed.send(None, seminar_id=survey.seminar_id)
    return answers


@transaction.atomic
def remove_poll(*, poll: Poll) -> int:
    """Take a poll out of the programme with its choices and votes; the number of votes
    that went is returned."""
    Poll.objects.select_for_update().filter(pk=poll.pk).exists()
    votes = Ballot.objects.filter(poll=poll).count()
    poll.delete()
    if votes:
        ballots_changed.send(None, seminar_id=poll.seminar_id)
    return votes
