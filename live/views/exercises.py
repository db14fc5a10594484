"""Exercises: what phones send, and the facilitator's buttons.

A phone's form is answered with the form again (emptied, with "stored", or kept, with
why it was refused); what the group wrote reaches every screen through the broadcast.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from exercises import services
from exercises.models import Card, Contribution, Exercise
from exercises.queries import Mine, exercise_board, group_roles_key, my_part
from live import activities
from live.contributions import contribute_from_phone, contribution_answer
from live.phone import phone_page, speak_seminar_language
from live.views.room import run_console_action
from seminar.access import get_seminar_for_facilitator
from seminar.groupings import GroupRefused, put_in_group
from seminar.http import (
    AuthenticatedHttpRequest,
    HtmxHttpRequest,
    parse_id,
    posted_client_id,
    posted_id,
)
from seminar.models import Group, Participant, Seminar
from seminar.participants import COOKIE_NAME, phone_participant

MAX_POSTED_TEXT = 10_000  # far beyond any limit: longer is cut before it is checked


def _phone(request: HtmxHttpRequest, code: str) -> tuple[Seminar, Participant] | None:
    """The seminar and the participant of a phone that has joined it; None for any other,
    whether the code is real or not."""
    participant = phone_participant(request.COOKIES.get(COOKIE_NAME), code)
    if participant is None:
        return None
    speak_seminar_language(request, participant.seminar)
    return participant.seminar, participant


def _entry_response(
    request: HtmxHttpRequest,
    seminar: Seminar,
    participant: Participant,
    exercise: Exercise,
    context: dict[str, object],
    *,
    partial: str,
) -> HttpResponse:
    """The phone's form after a contribution: htmx gets the form, a plain form the page."""
    error = context.get("entry_error")
    if not request.htmx:
        if error:
            return phone_page(request, seminar, participant, exercise_id=exercise.pk, entry=context)
        return redirect("seminar:join", code=seminar.join_code)
    context |= {"seminar": seminar, "exercise": exercise, "entry_response": True}
    html = render_to_string(f"exercises/exercise.html#{partial}", context, request=request)
    return HttpResponse(html, status=400 if error else 200)


@require_POST
def contribute(request: HtmxHttpRequest, code: str, exercise_id: int) -> HttpResponse:
    phone = _phone(request, code)
    if phone is None:
        return redirect("seminar:join", code=code)
    seminar, participant = phone
    entry = services.Entry(
        text=request.POST.get("text", "")[:MAX_POSTED_TEXT],
        verdict=request.POST.get("verdict", ""),
        height=request.POST.get("height", "")[:40],
        photo=request.FILES.get("photo"),
        question_id=posted_id(request, "question"),
        client_id=posted_client_id(request),
        seen=request.POST.get("seen", "")[:40],
    )
    answer = contribute_from_phone(participant=participant, exercise_id=exercise_id, entry=entry)
    if answer is None:
        raise Http404
    if not request.htmx:
        if answer.error:
            return phone_page(
                request, seminar, participant, exercise_id=exercise_id, entry=answer.context
            )
        return redirect("seminar:join", code=seminar.join_code)
    html = contribution_answer(answer, seminar=seminar, request=request)
    return HttpResponse(html, status=400 if answer.error else 200)


@require_POST
def card(request: HtmxHttpRequest, code: str, exercise_id: int) -> HttpResponse:
    phone = _phone(request, code)
    if phone is None:
        return redirect("seminar:join", code=code)
    seminar, participant = phone
    exercise = get_object_or_404(Exercise, pk=exercise_id, seminar=seminar)
    entry = services.CardEntry(
        name=request.POST.get("name", "")[:MAX_POSTED_TEXT],
        age=request.POST.get("age", "")[:10],
        home=request.POST.get("home", "")[:MAX_POSTED_TEXT],
        occupation=request.POST.get("occupation", "")[:MAX_POSTED_TEXT],
        motivation=request.POST.get("motivation", "")[:MAX_POSTED_TEXT],
        drawing=request.FILES.get("drawing"),
    )
    context: dict[str, object]
    try:
        stored = services.save_card(exercise_id=exercise.pk, participant=participant, entry=entry)
    except services.ContributionRefused as refused:
        context = {"entry_error": str(refused), "card_draft": entry}
    else:
        context = {"entry_saved": _("Your card is stored."), "card_draft": stored}
    return _entry_response(request, seminar, participant, exercise, context, partial="card_form")


@require_POST
def remove(request: HtmxHttpRequest, code: str, contribution_id: int) -> HttpResponse:
    """A phone takes back one of its own notes."""
    phone = _phone(request, code)
    if phone is None:
        return redirect("seminar:join", code=code)
    seminar, participant = phone
    contribution = get_object_or_404(
        Contribution.objects.select_related("exercise"),
        pk=contribution_id,
        exercise__seminar=seminar,
    )
    context: dict[str, object] = {}
    try:
        services.remove_own(contribution_id=contribution.pk, participant=participant)
    except services.ContributionRefused as refused:
        context["entry_error"] = str(refused)
    context["mine"] = my_part(contribution.exercise, participant)
    return _entry_response(
        request, seminar, participant, contribution.exercise, context, partial="my_notes"
    )


@require_POST
def choose_group(request: HtmxHttpRequest, code: str, exercise_id: int) -> HttpResponse:
    phone = _phone(request, code)
    if phone is None:
        return redirect("seminar:join", code=code)
    seminar, participant = phone
    exercise = get_object_or_404(Exercise, pk=exercise_id, seminar=seminar)
    group = Group.objects.filter(
        pk=posted_id(request, "group") or 0, seminar=seminar, kind=exercise.grouping
    ).first()
    error = ""
    if my_part(exercise, participant).group is not None:
        # Only the facilitator moves people: a phone must not walk into another group's sheet.
        error = _("You are already in a group. Ask the facilitator if you should move.")
    elif group is None or (group.kind == Group.Kind.SIDE and group.side != participant.side):
        error = _("Choose one of the groups in the list.")
    else:
        try:
            put_in_group(participant=participant, group=group)
        except GroupRefused as refused:
            error = str(refused)
    if error:
        if request.htmx:
            context = {"seminar": seminar, "exercise": exercise, "entry_response": True}
            context |= {"entry_error": error, "board": exercise_board(exercise)}
            html = render_to_string(
                "exercises/exercise.html#choose_group", context, request=request
            )
            return HttpResponse(html, status=400)
        return phone_page(
            request, seminar, participant, exercise_id=exercise.pk, entry={"entry_error": error}
        )
    if request.htmx:  # a fresh page: the phone's live connection then follows its group
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect("seminar:join", code=code)


@require_POST
def role(request: HtmxHttpRequest, code: str, exercise_id: int) -> HttpResponse:
    phone = _phone(request, code)
    if phone is None:
        return redirect("seminar:join", code=code)
    seminar, participant = phone
    exercise = get_object_or_404(Exercise, pk=exercise_id, seminar=seminar)
    try:
        membership = services.take_role(
            participant=participant, exercise_id=exercise.pk, role=request.POST.get("role", "")
        )
    except services.ContributionRefused as refused:
        return HttpResponse(str(refused), status=400)
    if not request.htmx:
        return redirect("seminar:join", code=code)
    # The phone's own line ("You are the referent"); the group's line follows by broadcast.
    mine = Mine(group=membership.group, role=membership.role)
    return HttpResponse(_my_role_line(request, exercise, mine))


@never_cache
@require_GET
def my_role(request: HtmxHttpRequest, code: str, exercise_id: int) -> HttpResponse:
    """The phone's own line under its group's roles, which the phone asks for when the
    group's sheet shows that someone took a role (exercises.queries.roles_key): it may
    have been this phone's, or the facilitator may have given one to it. 204 (htmx keeps
    what it has) for a phone that is not in one of the exercise's groups."""
    phone = _phone(request, code)
    if phone is None:
        return HttpResponse(status=204)
    seminar, participant = phone
    exercise = get_object_or_404(Exercise, pk=exercise_id, seminar=seminar)
    mine = my_part(exercise, participant)
    if mine.group is None:
        return HttpResponse(status=204)
    return HttpResponse(_my_role_line(request, exercise, mine))


def _my_role_line(request: HtmxHttpRequest, exercise: Exercise, mine: Mine) -> str:
    assert mine.group is not None
    context = {
        "exercise": exercise,
        "mine": mine,
        "roles_key": group_roles_key(mine.group.pk),
        "entry_response": True,
    }
    return render_to_string("exercises/exercise.html#my_role", context, request=request)


# The facilitator ---------------------------------------------------------------------------


def _posted_ids(request: HtmxHttpRequest, name: str) -> list[int]:
    """The ticked ids of a list of checkboxes; anything not an id counts as 0, which is
    no note of any exercise, so the service refuses the lot."""
    raw = request.POST.getlist(name)[: services.MAX_NOTES_MOVED + 1]
    return [parse_id(value) or 0 for value in raw]


def _posted_theme(request: HtmxHttpRequest) -> int | None:
    """The theme a button names: "" is back among the unsorted; anything else not an id
    is no theme (0), which the service refuses."""
    raw = request.POST.get("theme", "")
    return None if raw == "" else parse_id(raw) or 0


@login_required
@require_POST
def control(
    request: AuthenticatedHttpRequest, slug: str, exercise_id: int, action: str
) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    exercise = get_object_or_404(Exercise, pk=exercise_id, seminar=seminar)
    actions: dict[str, Callable[[], object]] = {
        "show": lambda: activities.show_exercise(exercise=exercise),
        "open": lambda: activities.open_exercise(exercise=exercise),
        "close": lambda: activities.close_exercise(exercise=exercise),
        "reveal": lambda: activities.reveal(exercise=exercise),
        "hide": lambda: activities.hide_exercise(seminar_id=seminar.pk),
        "timer": lambda: activities.start_timer(exercise=exercise),
        "next-speaker": lambda: activities.next_speaker(exercise=exercise),
        "queue-up": lambda: activities.move_in_queue(
            exercise=exercise, group_id=posted_id(request, "group"), by=-1
        ),
        "queue-down": lambda: activities.move_in_queue(
            exercise=exercise, group_id=posted_id(request, "group"), by=1
        ),
        "queue-next": lambda: activities.call_next(
            exercise=exercise, group_id=posted_id(request, "group")
        ),
        "queue-skip": lambda: activities.skip_speaker(
            exercise=exercise, group_id=posted_id(request, "group")
        ),
        "next-group": lambda: activities.step_focus(exercise=exercise, by=1),
        "previous-group": lambda: activities.step_focus(exercise=exercise, by=-1),
        "all-groups": lambda: activities.focus_group(exercise=exercise, group_id=None),
        "focus": lambda: activities.focus_group(
            exercise=exercise, group_id=posted_id(request, "group")
        ),
        "theme": lambda: services.add_theme(exercise=exercise, name=request.POST.get("name", "")),
        "sort": lambda: services.sort_notes(
            exercise=exercise,
            note_ids=_posted_ids(request, "note"),
            theme_id=_posted_theme(request),
        ),
        "full-screen-off": lambda: services.spotlight(exercise=exercise),
    }
    return run_console_action(
        request, seminar, actions, action, refused=(services.ContributionRefused,)
    )


@login_required
@require_POST
def moderate(
    request: AuthenticatedHttpRequest, slug: str, contribution_id: int, action: str
) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    contribution = get_object_or_404(
        Contribution.objects.select_related("exercise"),
        pk=contribution_id,
        exercise__seminar=seminar,
    )
    actions: dict[str, Callable[[], object]] = {
        "hide": lambda: services.moderate(contribution=contribution, hidden=True),
        "show": lambda: services.moderate(contribution=contribution, hidden=False),
        "highlight": lambda: services.moderate(contribution=contribution, highlighted=True),
        "unhighlight": lambda: services.moderate(contribution=contribution, highlighted=False),
        "edit": lambda: services.edit_text(
            contribution=contribution, text=request.POST.get("text", "")[:MAX_POSTED_TEXT]
        ),
        "confirm": lambda: services.confirm_height(
            contribution=contribution, height=request.POST.get("height", "")[:40]
        ),
        "theme": lambda: services.sort_note(
            contribution=contribution, theme_id=posted_id(request, "theme")
        ),
        "full-screen": lambda: services.spotlight(
            exercise=contribution.exercise, contribution_id=contribution.pk
        ),
    }
    return run_console_action(
        request, seminar, actions, action, refused=(services.ContributionRefused,)
    )


@login_required
@require_POST
def moderate_card(
    request: AuthenticatedHttpRequest, slug: str, card_id: int, action: str
) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    found = get_object_or_404(
        Card.objects.select_related("exercise"), pk=card_id, exercise__seminar=seminar
    )
    actions: dict[str, Callable[[], object]] = {
        "hide": lambda: services.moderate_card(card=found, hidden=True),
        "show": lambda: services.moderate_card(card=found, hidden=False),
        "highlight": lambda: services.moderate_card(card=found, highlighted=True),
        "unhighlight": lambda: services.moderate_card(card=found, highlighted=False),
        "full-screen": lambda: services.spotlight(exercise=found.exercise, card_id=found.pk),
    }
    return run_console_action(
        request, seminar, actions, action, refused=(services.ContributionRefused,)
    )
