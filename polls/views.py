from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polls import services
from polls.models import Poll
from polls.queries import VoteDraft, my_answer
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest, HtmxHttpRequest
from seminar.models import Seminar
from seminar.phone import joined_participant, phone_page, speak_seminar_language
from seminar.views import console_message, console_response


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


def _client_id(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


@require_POST
def vote(request: HtmxHttpRequest, code: str, poll_id: int) -> HttpResponse:
    """A phone's answer: stored first, then confirmed. Works as a plain form POST too."""
    seminar = get_object_or_404(Seminar, join_code=code)
    speak_seminar_language(request, seminar)
    participant = joined_participant(request, seminar)
    if participant is None:
        return redirect("seminar:join", code=code)
    draft = VoteDraft(
        choice_ids=set(_choice_ids(request.POST.getlist("choice"))),
        value=_scale_value(request.POST.get("value", "")),
        text=request.POST.get("text", "")[: services.MAX_TEXT_LENGTH * 4],
    )
    error = ""
    stored = None
    try:
        stored = services.cast_vote(
            poll_id=poll_id,
            participant=participant,
            choice_ids=sorted(draft.choice_ids),
            value=draft.value,
            text=draft.text,
            client_id=_client_id(request.POST.get("client_id", "")),
        )
    except services.VoteRefused as refused:
        error = str(refused)
    if not request.htmx:
        if error:
            return phone_page(
                request, seminar, participant, poll_id=poll_id, draft=draft, vote_error=error
            )
        return redirect("seminar:join", code=code)
    if stored is not None:
        context = stored.answer.context(stored.poll, stored.choices)
    else:  # refused: the phone keeps what it sent, and sees what it had stored before
        poll = get_object_or_404(Poll, pk=poll_id, seminar=seminar)
        mine = my_answer(poll, participant)
        context = mine.context(poll, list(poll.choices.all())) | {"draft": draft}
    context |= {"seminar": seminar, "vote_error": error, "vote_response": True}
    return render(request, "polls/poll.html#vote_form", context, status=400 if error else 200)


@login_required
@require_POST
def control(
    request: AuthenticatedHttpRequest, slug: str, poll_id: int, action: str
) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    poll = get_object_or_404(Poll, pk=poll_id, seminar=seminar)
    actions: dict[str, Callable[[], object]] = {
        "show": lambda: services.show_poll(poll=poll),
        "open": lambda: services.open_poll(poll=poll),
        "close": lambda: services.close_poll(poll=poll),
        "reveal": lambda: services.reveal_results(poll=poll),
        "answer-key": lambda: services.show_answer_key(poll=poll),
        "reset": lambda: services.reset_poll(poll=poll),
        "hide": lambda: services.hide_poll(seminar_id=seminar.pk),
    }
    if action not in actions:
        return console_message(request, _("Unknown console action."))
    actions[action]()
    return console_response(request, seminar)
