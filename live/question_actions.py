"""A phone's questions and upvotes, posted or sent over its socket: stored in batches
(live.batching) for the participants still in the room, then answered with the phone's
own part of the round (questions/questions.html#my_questions), and after a question
sent, its form again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from live.audiences import participant_audience
from live.batching import PerLoop, in_one_transaction
from live.broadcast import send
from live.models import LiveState
from live.screens import results_version
from questions import services
from questions.models import QuestionRound, RoomQuestion
from questions.queries import MyQuestions, my_questions
from seminar.models import Participant


@dataclass(frozen=True)
class QuestionSubmission:
    action: services.PhoneAction
    language: str  # the phone's


@dataclass(frozen=True)
class QuestionOutcome:
    submission: QuestionSubmission
    admitted: bool
    result: services.ActionResult = field(default_factory=services.ActionResult)
    mine: MyQuestions = field(default_factory=MyQuestions)


def _admitted(actions: list[services.PhoneAction]) -> set[tuple[int, int]]:
    """(seminar, participant) of those still in the room: one query."""
    return set(
        Participant.objects.filter(
            pk__in={action.participant_id for action in actions},
            admission=Participant.Admission.ADMITTED,
        ).values_list("seminar_id", "pk")
    )


def process_questions(submissions: list[QuestionSubmission]) -> list[QuestionOutcome]:
    """Store a batch (inside its transaction) in a fixed number of queries: who is still
    in, questions.services.act once per language (its refusals speak the phone's), then
    each phone's own part, per round."""
    admitted = _admitted([submission.action for submission in submissions])
    let_in = [
        (index, submission)
        for index, submission in enumerate(submissions)
        if (submission.action.seminar_id, submission.action.participant_id) in admitted
    ]
    results: dict[int, services.ActionResult] = {}
    languages = sorted({submission.language for _index, submission in let_in})
    for language in languages:
        indexes = [index for index, submission in let_in if submission.language == language]
        with translation.override(language):
            acted = services.act(actions=[submissions[index].action for index in indexes])
        results |= dict(zip(indexes, acted, strict=True))
    rounds: dict[int, set[int]] = {}
    for index, result in results.items():
        if result.question_round is not None:
            rounds.setdefault(result.question_round.pk, set()).add(
                submissions[index].action.participant_id
            )
    own = {
        (round_id, participant_id): mine
        for round_id, participant_ids in rounds.items()
        for participant_id, mine in my_questions(round_id, participant_ids).items()
    }
    outcomes = []
    for index, submission in enumerate(submissions):
        found = results.get(index)
        if found is None:
            outcomes.append(QuestionOutcome(submission=submission, admitted=False))
            continue
        result = found
        round_id = result.question_round.pk if result.question_round else 0
        key = (round_id, submission.action.participant_id)
        outcomes.append(
            QuestionOutcome(
                submission=submission,
                admitted=True,
                result=result,
                mine=own.get(key, MyQuestions()),
            )
        )
    return outcomes


process_question_batch = in_one_transaction(process_questions, "questions")

# The process's batcher of what phones send about questions (on its event loop).
question_batcher: PerLoop[QuestionSubmission, QuestionOutcome] = PerLoop(process_question_batch)


def question_answer(outcome: QuestionOutcome) -> str:
    """The phone's answer: its own part of the round (naming the client id it answers),
    and after a question sent, the form again: empty with a thank-you, or with what was
    written and why it was refused. Every element by its id, for htmx to swap."""
    submission = outcome.submission
    result = outcome.result
    question_round = result.question_round
    if question_round is None:
        return ""  # not this phone's seminar's: nothing of it is on its screen
    action = submission.action
    # A question sent while the round is open gets its form again; any other refusal is
    # said above the phone's own questions.
    asked = action.action == "ask" and question_round.state == QuestionRound.State.OPEN
    mine = my_questions_html(
        question_round,
        outcome.mine,
        language=submission.language,
        answers=[str(action.client_id)] if action.client_id else [],
        error="" if asked else result.error,
    )
    if not asked:
        return mine
    context = {
        "seminar": question_round.seminar,
        "question_round": question_round,
        "ask_error": result.error,
        "ask_text": result.text if result.error else "",
        "ask_saved": "" if result.error else _asked_message(question_round),
    }
    with translation.override(submission.language):
        return mine + render_to_string("questions/questions.html#ask_form", context)


MINE_KEPT = 2000  # a hall's worth of (own questions, language); then start afresh
_kept_mine: dict[tuple[object, ...], str] = {}


def my_questions_html(
    question_round: QuestionRound,
    mine: MyQuestions,
    *,
    language: str,
    answers: Sequence[str] = (),
    error: str = "",
) -> str:
    """A phone's own part of a round, #questions-mine-<round>: what it upvoted and asked
    (for questions.js to mark the shared list), the client ids it answers (live.js stops
    waiting for them), and inside, its own questions and a refusal.

    The inside is rendered once per what it shows and kept in this process: in a hall
    upvoting at once, every phone that asked nothing shares one, so an upvote's answer
    costs no render. No answer carries a CSRF token (see live.votes.vote_answer)."""
    seminar = question_round.seminar
    key = (language, seminar.join_code, question_round.pk, error, mine.asked)
    inside = _kept_mine.get(key)
    if inside is None:
        with translation.override(language):
            inside = render_to_string(
                "questions/questions.html#my_questions",
                {
                    "seminar": seminar,
                    "question_round": question_round,
                    "mine": mine,
                    "question_error": error,
                },
            )
        if len(_kept_mine) >= MINE_KEPT:
            _kept_mine.clear()
        _kept_mine[key] = inside
    return format_html(
        '<section id="questions-mine-{round}" class="my-questions" data-my-questions="{round}"'
        ' data-upvoted="{upvoted}" data-asked="{asked}" data-answers="{answers}"{labelled}>'
        "{inside}</section>",
        round=question_round.pk,
        upvoted=" ".join(str(pk) for pk in sorted(mine.upvoted)),
        asked=" ".join(str(pk) for pk in mine.asked_ids),
        answers=" ".join(answers),
        labelled=format_html(' aria-labelledby="my-questions-{}"', question_round.pk)
        if mine.asked
        else "",
        inside=mark_safe(inside),  # noqa: S308  (rendered by the template engine above)
    )


def _asked_message(question_round: QuestionRound) -> str:
    if question_round.held:
        return _("Your question is sent. The room sees it once the facilitator approves it.")
    return _("Your question is sent: the room sees it now.")


def render_my_questions(
    question_round: QuestionRound, participant_id: int, *, language: str
) -> str:
    """A phone's own part of a round, as it is now (its first fetch; after the
    facilitator approved or hid one of its questions): two queries."""
    mine = my_questions(question_round.pk, [participant_id])[participant_id]
    return my_questions_html(question_round, mine, language=language)


def tell_asker(question: RoomQuestion) -> None:
    """The asker's phone follows the facilitator's handling of its question (approved,
    hidden, answered): its own part, to its own audience, in the seminar's language."""
    question_round = QuestionRound.objects.select_related("seminar").get(pk=question.round_id)
    seminar = question_round.seminar
    html = render_my_questions(question_round, question.participant_id, language=seminar.language)
    revision = (
        LiveState.objects.filter(seminar_id=seminar.pk).values_list("revision", flat=True).get()
    )
    send(
        {
            "type": "live.screens",
            "seminar": seminar.pk,
            "revision": revision,
            "screens": {participant_audience(question.participant_id): html},
            "results_version": results_version(seminar.pk),
        }
    )


def tell_asker_on_commit(question: RoomQuestion) -> None:
    transaction.on_commit(lambda: tell_asker(question), robust=True)
