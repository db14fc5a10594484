from __future__ import annotations

from collections.abc import Callable

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from live import activities
from live.phone import chosen_language, phone_page, speak_seminar_language, survey_phone_context
from live.views.room import run_console_action
from live.votes import VoteSubmission, vote_answer, vote_batcher
from polls import services
from polls.models import Poll, Survey
from polls.queries import VoteDraft, survey_questions
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest, HtmxHttpRequest, posted_client_id
from seminar.participants import COOKIE_NAME, phone_participant

MAX_SURVEY_FIELDS = 500  # far beyond any survey: the rest of a form is not read


def _choice_ids(values: list[str]) -> list[int]:
    return [
        int(value) for value in values if value.isascii() and value.isdecimal() and len(value) < 10
    ]


def _scale_value(raw: str) -> int | None:
    raw = raw.strip()
    digits = raw.removeprefix("-")
    if digits.isascii() and digits.isdecimal() and len(digits) < 4:
        return int(raw)
    return None


@require_POST
async def vote(request: HtmxHttpRequest, code: str, poll_id: int) -> HttpResponse:
    """A phone's answer: stored first, then confirmed. Works as a plain form POST too.

    Async, and written in batches with the votes arriving at the same moment
    (live/votes.py): a hall voting at once costs a few transactions, not hundreds."""
    draft = VoteDraft(
        choice_ids=tuple(_choice_ids(request.POST.getlist("choice"))),
        value=_scale_value(request.POST.get("value", "")),
        text=request.POST.get("text", "")[: services.MAX_TEXT_LENGTH * 4],
    )
    submission = VoteSubmission(
        poll_id=poll_id,
        draft=draft,
        client_id=posted_client_id(request),
        join_code=code,
        cookie=request.COOKIES.get(COOKIE_NAME),
        language=chosen_language(request.COOKIES),
    )
    outcome = await vote_batcher().submit(submission)
    seminar, participant = outcome.seminar, outcome.participant
    if seminar is None or participant is None:
        return redirect("seminar:join", code=code)
    if outcome.unknown_poll:
        raise Http404
    speak_seminar_language(request, seminar)  # no database: the seminar is loaded
    if not request.htmx:
        if outcome.error:
            return await sync_to_async(phone_page)(
                request,
                seminar,
                participant,
                poll_id=poll_id,
                draft=draft,
                vote_error=outcome.error,
            )
        return redirect("seminar:join", code=code)
    html = vote_answer(outcome, language=request.LANGUAGE_CODE)
    return HttpResponse(html, status=400 if outcome.error else 200)


@login_required
@require_POST
def control(
    request: AuthenticatedHttpRequest, slug: str, poll_id: int, action: str
) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    poll = get_object_or_404(Poll, pk=poll_id, seminar=seminar)
    actions: dict[str, Callable[[], object]] = {
        "show": lambda: activities.show_poll(poll=poll),
        "open": lambda: activities.open_poll(poll=poll),
        "close": lambda: activities.close_poll(poll=poll),
        "reveal": lambda: activities.reveal_results(poll=poll),
        "answer-key": lambda: activities.show_answer_key(poll=poll),
        "reset": lambda: activities.reset_poll(poll=poll),
        "hide": lambda: activities.hide_poll(seminar_id=seminar.pk),
    }
    return run_console_action(request, seminar, actions, action)


def _survey_answers(request: HtmxHttpRequest) -> dict[int, VoteDraft]:
    """The survey form's answers by question id, from fields named q<id>-choice,
    q<id>-value and q<id>-text; the survey's rule checks them against its questions."""
    fields: dict[int, dict[str, list[str]]] = {}
    for name in list(request.POST)[:MAX_SURVEY_FIELDS]:
        question, _dash, field = name.removeprefix("q").partition("-")
        if (
            name.startswith("q")
            and question.isascii()
            and question.isdecimal()
            and len(question) < 10
            and field in {"choice", "value", "text"}
        ):
            fields.setdefault(int(question), {})[field] = request.POST.getlist(name)
    return {
        question: VoteDraft(
            choice_ids=tuple(_choice_ids(values.get("choice", []))),
            value=_scale_value((values.get("value") or [""])[0]),
            text=(values.get("text") or [""])[0][: services.MAX_TEXT_LENGTH * 4],
        )
        for question, values in fields.items()
    }


def survey(request: HtmxHttpRequest, code: str, survey_id: int) -> HttpResponse:
    """A phone's own survey form (GET: what it has answered), or its answers (POST):
    stored all at once, and sent again to change them. Works as a plain form too."""
    participant = phone_participant(request.COOKIES.get(COOKIE_NAME), code)
    if participant is None:
        return redirect("seminar:join", code=code)
    seminar = participant.seminar
    speak_seminar_language(request, seminar)
    shown = get_object_or_404(Survey, pk=survey_id, seminar=seminar)
    if request.method != "POST" and shown.state == Survey.State.DRAFT:
        # The facilitator's until it opens: its questions are not the room's yet (answers
        # sent to it are refused below, with the reason).
        raise Http404
    sent: dict[int, VoteDraft] | None = None
    error, errors, stored = "", {}, False
    if request.method == "POST":
        sent = _survey_answers(request)
        try:
            services.answer_survey(survey_id=shown.pk, participant=participant, answers=sent)
            stored, sent = True, None
        except services.SurveyRefused as refused:
            error, errors = str(refused), refused.errors
        if not request.htmx:
            if error:
                return phone_page(
                    request,
                    seminar,
                    participant,
                    survey_id=shown.pk,
                    survey_sent=sent,
                    survey_error=error,
                    survey_errors=errors,
                )
            return redirect("seminar:join", code=code)
    elif not request.htmx:
        return redirect("seminar:join", code=code)
    # The phone's own form needs the questions alone: not the count, not the results.
    room: dict[str, object] = {"survey": shown, "questions": survey_questions(shown)}
    context = (
        room
        | survey_phone_context(room, participant, sent=sent, error=error, errors=errors)
        | {"seminar": seminar, "survey_stored": stored}
    )
    html = render_to_string("polls/survey.html#survey_form", context, request=request)
    return HttpResponse(html, status=400 if error else 200)


@login_required
@require_POST
def survey_control(
    request: AuthenticatedHttpRequest, slug: str, survey_id: int, action: str
) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    shown = get_object_or_404(Survey, pk=survey_id, seminar=seminar)
    actions: dict[str, Callable[[], object]] = {
        "show": lambda: activities.show_survey(survey=shown),
        "open": lambda: activities.open_survey(survey=shown),
        "close": lambda: activities.close_survey(survey=shown),
        "show-results": lambda: activities.show_survey_results(survey=shown, shown=True),
        "hide-results": lambda: activities.show_survey_results(survey=shown, shown=False),
        "reset": lambda: activities.reset_survey(survey=shown),
        "hide": lambda: activities.hide_survey(seminar_id=seminar.pk),
    }
    return run_console_action(request, seminar, actions, action)
