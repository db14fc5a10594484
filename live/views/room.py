"""The live room's pages: the console and its controls, the projector, the phone's join
page and screen, and the clock every screen counts down by."""

from __future__ import annotations

import time
from collections.abc import Callable

from asgiref.sync import sync_to_async
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from agenda.forms import DeckImportForm
from agenda.models import Slide
from live import activities
from live import services as live
from live.audiences import PROJECTOR, Role, group_audience, phone_audience, socket_path
from live.forms import KeepTimerForm, TimerForm
from live.phone import phone_page, speak_seminar_language
from live.screens import (
    Snapshot,
    console_context,
    current_screen,
    current_screens,
    live_snapshot,
    render_console,
)
from seminar import throttle
from seminar.access import get_seminar_for_facilitator
from seminar.connections import in_database_worker
from seminar.forms import JoinCodeForm, JoinForm
from seminar.http import AuthenticatedHttpRequest, HtmxHttpRequest, posted_id
from seminar.models import Group, Membership, Participant, Seminar
from seminar.participants import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    cookie_value,
    decide_admission,
    join_seminar,
    phone_participant,
    set_admission,
)


def _seminar_id_or_404(**lookup: str) -> int:
    seminar_id = Seminar.objects.filter(**lookup).values_list("pk", flat=True).first()
    if seminar_id is None:
        raise Http404
    return seminar_id


# The live room -------------------------------------------------------------------------


def live_page_context(seminar: Seminar, role: Role, key: str, revision: int) -> dict[str, object]:
    return {
        "seminar": seminar,
        "ws_url": socket_path(role, key, revision),
        "clock_url": reverse("seminar:clock"),
    }


def console_page_context(seminar: Seminar) -> tuple[Snapshot, dict[str, object]]:
    """What the console's page and the phone remote's share: the room as it is now, the
    console's socket and screen to catch up from, the timer's presets."""
    snapshot = live_snapshot(seminar.pk)
    context = console_context(snapshot, oob=False)
    context |= live_page_context(seminar, "console", seminar.slug, snapshot.live.revision)
    context |= {
        "screen_url": reverse("seminar:console_screen", args=[seminar.slug]),
        "presets": live.TIMER_PRESETS_MINUTES,
    }
    return snapshot, context


@login_required
@never_cache
def console(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    snapshot, context = console_page_context(seminar)
    context |= {
        "timer_form": TimerForm(),
        "deck_form": DeckImportForm(
            seminar_id=seminar.pk, initial={"item": snapshot.current_item_id}
        ),
    }
    return render(request, "seminar/console.html", context)


@login_required
@never_cache
def console_screen(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    return HttpResponse(render_console(seminar.pk))


def _slide_of_item(seminar: Seminar, item_id: int) -> int | None:
    return (
        Slide.objects.filter(item_id=item_id, item__day__seminar=seminar)
        .order_by("order")
        .values_list("pk", flat=True)
        .first()
    )


def console_message(request: HttpRequest, message: str) -> HttpResponse:
    """A refused console action: said in the console's message line, nothing changed."""
    return render(request, "seminar/live.html#console_message", {"message": message}, status=400)


@login_required
@require_POST
def control(request: AuthenticatedHttpRequest, slug: str, action: str) -> HttpResponse:
    """Every console button and shortcut posts here; the change reaches every screen
    through the broadcast, and htmx gets the console's own new screen back."""
    seminar = get_seminar_for_facilitator(request, slug)
    actions: dict[str, Callable[[], object]] = {
        "next": lambda: live.step(seminar=seminar, by=1),
        "previous": lambda: live.step(seminar=seminar, by=-1),
        "blank": lambda: live.set_blank(seminar=seminar),
        "join-banner": lambda: live.set_join_banner(seminar=seminar),
        "timer-pause": lambda: live.pause_timer(seminar=seminar),
        "timer-resume": lambda: live.resume_timer(seminar=seminar),
        "timer-extend": lambda: live.extend_timer(seminar=seminar),
        "timer-reset": lambda: live.reset_timer(seminar=seminar),
        "timer-planned": lambda: live.start_planned_timer(seminar=seminar),
        "timer-day-end": lambda: live.start_day_end_timer(seminar=seminar),
        "ask-the-room": lambda: _ask_the_room(seminar),
    }
    if action in actions:
        try:
            actions[action]()
        except live.TimerRefused as refusal:
            return console_message(request, str(refusal))
    elif action == "timer-keep":
        keep = KeepTimerForm(request.POST)
        keep.is_valid()  # a box is ticked or not: anything but a tick is "no"
        live.keep_timer_running(seminar=seminar, keep=keep.cleaned_data.get("keep", False))
    elif action in {"admission-close", "admission-open"}:
        set_admission(seminar=seminar, closed=action == "admission-close")
        live.admission_changed(seminar_id=seminar.pk)
    elif action in {"admit", "turn-away"}:
        waiting = posted_id(request, "participant")
        if waiting is None or not decide_admission(
            seminar=seminar, participant_id=waiting, admit=action == "admit"
        ):
            return console_message(request, _("That phone is not waiting to be let in."))
        live.admission_changed(seminar_id=seminar.pk)
    elif action == "slide":
        # A slide id that is no id at all is as unknown as another seminar's slide.
        try:
            live.go_to_slide(seminar=seminar, slide_id=posted_id(request, "slide") or 0)
        except live.SlideNotInSeminar:
            return console_message(request, _("That slide is not part of this seminar."))
    elif action == "item":
        slide_id = _slide_of_item(seminar, posted_id(request, "item") or 0)
        if slide_id is None:
            return console_message(request, _("That agenda item has no slides."))
        live.go_to_slide(seminar=seminar, slide_id=slide_id)
    elif action == "timer-start":
        form = TimerForm(request.POST)
        if not form.is_valid():
            return console_message(
                request, _("Give the timer a length in minutes, from 0.05 (3 seconds) to 480.")
            )
        live.start_timer(seminar=seminar, seconds=round(form.cleaned_data["minutes"] * 60))
    else:
        return console_message(request, _("Unknown console action."))
    return console_response(request, seminar)


def _ask_the_room(seminar: Seminar) -> None:
    """Questions from the room, opened on the spot on the slide on screen, titled in the
    seminar's language (it is the room's, not the facilitator's)."""
    with translation.override(seminar.language):
        title = _("Questions from the room")
    activities.ask_the_room(seminar_id=seminar.pk, title=title)


def run_console_action(
    request: AuthenticatedHttpRequest,
    seminar: Seminar,
    actions: dict[str, Callable[[], object]],
    action: str,
    *,
    refused: tuple[type[Exception], ...] = (),
) -> HttpResponse:
    """Do one of a console panel's actions (a poll's, an exercise's): a refusal is said in
    the console's message line, and htmx gets the console's new screen."""
    if action not in actions:
        return console_message(request, _("Unknown console action."))
    try:
        actions[action]()
    except refused as refusal:
        return console_message(request, str(refusal))
    return console_response(request, seminar)


def console_response(request: HtmxHttpRequest, seminar: Seminar) -> HttpResponse:
    """After a console action: htmx gets the console's new screen, a plain form a redirect."""
    if request.htmx:
        return HttpResponse(render_console(seminar.pk))
    return redirect("seminar:console", slug=seminar.slug)


@never_cache
def projector(request: HttpRequest, token: str) -> HttpResponseBase:
    seminar = get_object_or_404(Seminar, projector_token=token)
    revision, html = current_screen(seminar.pk, PROJECTOR)
    context = live_page_context(seminar, "projector", token, revision) | {
        "screen_html": html,
        "screen_url": reverse("seminar:projector_screen", args=[token]),
    }

    def page(request: HttpRequest) -> HttpResponseBase:
        return render(request, "seminar/projector.html", context)

    view: Callable[[HttpRequest], HttpResponseBase] = page
    if settings.PROJECTOR_FRAME_ANCESTORS:
        # Only the listed origins may show the projector in a frame (a venue's display).
        # The list is read per request, so the decorators are applied here.
        framing = {"frame-ancestors": settings.PROJECTOR_FRAME_ANCESTORS}
        view = csp_replace(framing)(xframe_options_exempt(page))
    return view(request)


@never_cache
def projector_screen(request: HttpRequest, token: str) -> HttpResponse:
    seminar_id = _seminar_id_or_404(projector_token=token)
    _revision, html = current_screen(seminar_id, PROJECTOR)
    return HttpResponse(html)


@require_GET
async def clock(request: HttpRequest) -> JsonResponse:
    """The server's time, for screens to correct their own clocks before counting down.
    Async: no thread for a view that touches nothing."""
    return JsonResponse({"now": int(time.time() * 1000)})


# Phones ---------------------------------------------------------------------------------


def _join_closed(request: HttpRequest, message: str, status: int) -> HttpResponse:
    form = JoinCodeForm()
    return render(
        request, "seminar/front_page.html", {"form": form, "join_error": message}, status=status
    )


def _wrong_code(request: HttpRequest, code: str, next_delay: float) -> HttpResponse:
    message = _("No seminar has the code %(code)s. Check the code on the screen.") % {"code": code}
    seconds = round(next_delay)
    if seconds:
        message += " " + ngettext(
            "Many wrong codes have come from this network, so the answer to the next wrong "
            "code comes in %(seconds)s second.",
            "Many wrong codes have come from this network, so the answer to the next wrong "
            "code comes in %(seconds)s seconds.",
            seconds,
        ) % {"seconds": seconds}
    return _join_closed(request, message, 404)


@never_cache
async def join(request: HttpRequest, code: str) -> HttpResponse:
    """The address on the projector: joins a phone, then is that phone's live page.

    A phone that has joined is recognised by its cookie and never waits; for any other,
    the code is looked up through the address's throttle (seminar/throttle.py)."""
    page = await in_database_worker(_page_of_joined_phone)(request, code)
    if page is not None:
        return page

    async def find() -> Seminar | None:
        # In a worker, as the rest: a connection held by this request's own thread while
        # it waits for one could use up PostgreSQL's pool in a hall joining at once.
        return await in_database_worker(_seminar_of_code)(code)

    try:
        seminar = await throttle.look_up(throttle.address(request), find)
    except throttle.Busy:
        return await sync_to_async(_join_closed)(
            request,
            _("Too many tries have come from this network at once. Wait a minute, then try again."),
            429,
        )
    if seminar is None:
        next_delay = throttle.next_delay(throttle.address(request))  # on the loop, as all counts
        return await sync_to_async(_wrong_code)(request, code, next_delay)
    return await in_database_worker(_join_page)(request, seminar, None)


def _seminar_of_code(code: str) -> Seminar | None:
    return Seminar.objects.filter(join_code=code).first()


def _page_of_joined_phone(request: HttpRequest, code: str) -> HttpResponse | None:
    """The page of a phone that has joined (in one trip to a worker), or None."""
    participant = phone_participant(request.COOKIES.get(COOKIE_NAME), code, admitted=False)
    if participant is None:
        return None
    return _join_page(request, participant.seminar, participant)


def _join_page(
    request: HttpRequest, seminar: Seminar, participant: Participant | None
) -> HttpResponse:
    speak_seminar_language(request, seminar)
    if timezone.localdate() > seminar.delete_data_after:
        return _join_closed(request, _("This seminar is over, and its code no longer works."), 410)
    if participant is not None:
        if participant.admission == Participant.Admission.ADMITTED:
            return phone_page(request, seminar, participant)
        return render(
            request, "seminar/waiting.html", {"seminar": seminar, "participant": participant}
        )

    groups = list(seminar.groups.filter(kind=Group.Kind.TABLE))
    form = JoinForm(
        request.POST if request.method == "POST" else None, seminar=seminar, groups=groups
    )
    if request.method == "POST" and form.is_valid():
        participant = join_seminar(
            seminar=seminar,
            side=form.cleaned_data["side"],
            group=form.chosen_group(),
            nickname=form.cleaned_data.get("nickname", ""),
        )
        if participant.admission == Participant.Admission.WAITING:
            live.phone_waiting(seminar_id=seminar.pk)  # the console lists who waits
        response = redirect("seminar:join", code=seminar.join_code)
        response.set_cookie(
            COOKIE_NAME,
            cookie_value(participant),
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    return render(request, "seminar/join.html", {"seminar": seminar, "form": form})


@never_cache
def admission(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """A waiting phone asks every few seconds whether it has been let in."""
    participant = phone_participant(request.COOKIES.get(COOKIE_NAME), code, admitted=False)
    if participant is None:
        return HttpResponse(status=403)
    if participant.admission == Participant.Admission.ADMITTED:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    speak_seminar_language(request, participant.seminar)
    context = {"seminar": participant.seminar, "participant": participant}
    # 286 tells htmx to stop asking: a phone turned away has nothing more to wait for.
    status = 286 if participant.admission == Participant.Admission.TURNED_AWAY else 200
    return render(request, "seminar/waiting.html#admission", context, status=status)


@never_cache
def phone_screen(request: HttpRequest, code: str) -> HttpResponse:
    """The phone's screen for polling, when its websocket cannot connect: the room's
    screen and the sheets of the phone's groups. A phone that has not joined gets the
    same refusal for a real code as for a wrong one."""
    participant = phone_participant(request.COOKIES.get(COOKIE_NAME), code)
    if participant is None:
        return HttpResponse(status=403)
    speak_seminar_language(request, participant.seminar)
    language = request.LANGUAGE_CODE
    groups = Membership.objects.filter(participant_id=participant.pk).values_list(
        "group_id", flat=True
    )
    audiences = [phone_audience(language), *(group_audience(pk, language) for pk in groups)]
    _revision, screens = current_screens(participant.seminar_id, audiences)
    return HttpResponse("".join(screens))
