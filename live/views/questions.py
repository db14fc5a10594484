"""Questions from the room: a phone's questions and upvotes (posted when its socket is
not open), and the facilitator's buttons."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from live import activities
from live.phone import speak_seminar_language
from live.question_actions import (
    QuestionSubmission,
    process_question_batch,
    question_answer,
    render_my_questions,
    tell_asker_on_commit,
)
from live.views.room import run_console_action
from questions import services
from questions.models import QuestionRound, RoomQuestion
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest, HtmxHttpRequest, posted_client_id, posted_id
from seminar.participants import COOKIE_NAME, phone_participant


def act(request: HtmxHttpRequest, code: str, round_id: int) -> HttpResponse:
    """GET: this phone's own part of the round (what the shared screen's stand-in
    fetches). POST: a question asked, an upvote given or taken back, a question withdrawn,
    as over the socket; answered with the same fragments."""
    participant = phone_participant(request.COOKIES.get(COOKIE_NAME), code)
    if participant is None:
        return redirect("seminar:join", code=code)
    seminar = participant.seminar
    speak_seminar_language(request, seminar)
    if request.method != "POST":
        question_round = get_object_or_404(
            QuestionRound.objects.select_related("seminar"), pk=round_id, seminar=seminar
        )
        if not request.htmx:
            return redirect("seminar:join", code=code)
        return HttpResponse(
            render_my_questions(question_round, participant.pk, language=request.LANGUAGE_CODE)
        )
    action = request.POST.get("action", "")
    if action not in services.ACTIONS:
        return HttpResponse(status=400)
    submission = QuestionSubmission(
        action=services.PhoneAction(
            round_id=round_id,
            participant_id=participant.pk,
            seminar_id=seminar.pk,
            action=action,  # type: ignore[arg-type]  # one of ACTIONS, checked above
            question_id=posted_id(request, "question"),
            text=request.POST.get("text", "")[: services.MAX_QUESTION_LENGTH * 4],
            client_id=posted_client_id(request),
        ),
        language=request.LANGUAGE_CODE,
    )
    (outcome,) = process_question_batch([submission])
    if isinstance(outcome, BaseException):
        raise outcome
    if not outcome.admitted or not request.htmx:
        return redirect("seminar:join", code=code)
    return HttpResponse(question_answer(outcome), status=400 if outcome.result.error else 200)


@login_required
@require_POST
def control(
    request: AuthenticatedHttpRequest, slug: str, round_id: int, action: str
) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    question_round = get_object_or_404(QuestionRound, pk=round_id, seminar=seminar)
    actions: dict[str, Callable[[], object]] = {
        "show": lambda: activities.show_questions(question_round=question_round),
        "open": lambda: activities.open_questions(question_round=question_round),
        "close": lambda: activities.close_questions(question_round=question_round),
        "reset": lambda: activities.reset_questions(question_round=question_round),
        "hide": lambda: activities.hide_questions(seminar_id=seminar.pk),
    }
    return run_console_action(request, seminar, actions, action)


@login_required
@require_POST
def moderate(request: AuthenticatedHttpRequest, slug: str, question_id: int) -> HttpResponse:
    """The facilitator's handling of one question (the button's `action`); its asker's
    phone is told."""
    action = request.POST.get("action", "")
    seminar = get_seminar_for_facilitator(request, slug)
    question = get_object_or_404(RoomQuestion, pk=question_id, round__seminar=seminar)
    rules: dict[str, Callable[..., RoomQuestion]] = {
        "approve": services.approve,
        "hide": services.hide,
        "answer-now": services.answer_now,
        "answered": services.mark_answered,
        "unanswered": services.mark_unanswered,
    }

    def moderate_and_tell() -> None:
        tell_asker_on_commit(rules[action](question=question))

    actions: dict[str, Callable[[], object]] = {name: moderate_and_tell for name in rules}
    return run_console_action(request, seminar, actions, action)
