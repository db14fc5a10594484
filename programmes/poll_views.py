"""The programme editor's poll pages: a poll asked on a slide, made, edited and removed by
the seminar's facilitators. An edit that would remove votes says so first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from agenda.models import Slide
from live import services as live
from polls import services as polls
from polls.models import Poll
from polls.queries import poll_choices, poll_in_seminar, votes_given
from programmes.poll_forms import (
    PollForm,
    new_poll_initial,
    poll_initial,
    poll_version,
    redrawn_form,
)
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest
from seminar.models import Seminar

NOT_POSTED_AGAIN = {"csrfmiddlewaretoken", "op", "votes_may_go"}


def _slide_url(seminar: Seminar, slide_id: int | None) -> str:
    """The slide the poll is asked on, in its editor; a poll on no slide, the programme."""
    if slide_id is None:
        return reverse("agenda:programme", args=[seminar.slug])
    return reverse("agenda:slide_edit", args=[seminar.slug, slide_id])


def _poll_or_404(seminar: Seminar, poll_id: int) -> Poll:
    poll = poll_in_seminar(seminar_id=seminar.pk, poll_id=poll_id)
    if poll is None:
        raise Http404
    return poll


def _page(
    request: AuthenticatedHttpRequest,
    *,
    seminar: Seminar,
    slide: Slide | None,
    poll: Poll | None,
    form: PollForm,
    message: str = "",
    votes_go: int = 0,
    status: int = 200,
) -> HttpResponse:
    context = {
        "seminar": seminar,
        "slide": slide,
        "poll": poll,
        "form": form,
        "votes": votes_given(poll) if poll is not None else 0,
        "message": message,
        "votes_go": votes_go,
        "posted": [
            (name, value)
            for name, values in request.POST.lists()
            if name not in NOT_POSTED_AGAIN
            for value in values
        ]
        if votes_go
        else [],
        "back_url": _slide_url(seminar, slide.pk if slide else None),
        "saved": request.GET.get("saved", ""),
        "removed": _count(request.GET.get("removed", "")),
    }
    if request.htmx and request.POST.get("op"):
        # A button that only redraws the kind's fields: the rest of the form stays as it is.
        return render(request, "agenda/poll_editor.html#kind_fields", context, status=status)
    return render(request, "agenda/poll_editor.html", context, status=status)


def _count(raw: str) -> int:
    return int(raw) if raw.isascii() and raw.isdecimal() and len(raw) < 7 else 0


def _redrawn(
    request: AuthenticatedHttpRequest,
    *,
    seminar: Seminar,
    slide: Slide | None,
    poll: Poll | None,
    version: str,
) -> HttpResponse:
    form, message = redrawn_form(request.POST, op=request.POST["op"], stored_version=version)
    return _page(request, seminar=seminar, slide=slide, poll=poll, form=form, message=message)


@login_required
@never_cache
def poll_new(request: AuthenticatedHttpRequest, slug: str, slide_id: int) -> HttpResponse:
    """A new poll asked on a slide; `?kind=` chooses its kind before the form opens."""
    seminar = get_seminar_for_facilitator(request, slug)
    slide = get_object_or_404(Slide, pk=slide_id, item__day__seminar=seminar)
    version = poll_version(None, [])
    if request.method != "POST":
        values, rows = new_poll_initial(request.GET.get("kind", ""))
        form = PollForm(initial=values, rows=rows, stored_version=version)
        return _page(request, seminar=seminar, slide=slide, poll=None, form=form)
    if request.POST.get("op"):
        return _redrawn(request, seminar=seminar, slide=slide, poll=None, version=version)
    form = PollForm(request.POST, stored_version=version)
    if not form.is_valid():
        return _page(request, seminar=seminar, slide=slide, poll=None, form=form, status=400)
    with transaction.atomic():
        # The seminar first (the poll's order), then the room: the order slides lock in.
        poll = polls.create_poll(slide=slide, draft=form.draft())
        live.programme_changed(seminar_id=seminar.pk)
    return redirect(f"{reverse('agenda:poll_edit', args=[seminar.slug, poll.pk])}?saved=new")


@login_required
@never_cache
def poll_edit(request: AuthenticatedHttpRequest, slug: str, poll_id: int) -> HttpResponse:
    """A poll's question, choices, kind, results and answer key. The room sees a save at
    once; a save that would remove votes asks first."""
    seminar = get_seminar_for_facilitator(request, slug)
    poll = _poll_or_404(seminar, poll_id)
    choices = poll_choices(poll)
    version = poll_version(poll, choices)
    slide = poll.slide
    if request.method != "POST":
        values, rows = poll_initial(poll, choices)
        form = PollForm(initial=values, rows=rows, stored_version=version)
        return _page(request, seminar=seminar, slide=slide, poll=poll, form=form)
    if request.POST.get("op"):
        return _redrawn(request, seminar=seminar, slide=slide, poll=poll, version=version)
    form = PollForm(request.POST, stored_version=version)
    if not form.is_valid():
        return _page(request, seminar=seminar, slide=slide, poll=poll, form=form, status=400)
    try:
        with transaction.atomic():
            # The room first, then the poll: the order the console's buttons lock them in.
            live.programme_changed(seminar_id=seminar.pk)
            removed = polls.save_poll_edit(
                poll=poll,
                draft=form.draft(),
                votes_may_go=request.POST.get("votes_may_go") == "yes",
            )
    except polls.VotesWouldGo as going:
        return _page(
            request, seminar=seminar, slide=slide, poll=poll, form=form, votes_go=going.votes
        )
    url = reverse("agenda:poll_edit", args=[seminar.slug, poll.pk])
    return redirect(f"{url}?saved=edit&removed={removed}" if removed else f"{url}?saved=edit")


@login_required
@never_cache
def poll_remove(request: AuthenticatedHttpRequest, slug: str, poll_id: int) -> HttpResponse:
    """Removing a poll says first how many votes go with it; the poll on the projector stays."""
    seminar = get_seminar_for_facilitator(request, slug)
    poll = _poll_or_404(seminar, poll_id)
    back_url = _slide_url(seminar, poll.slide_id)
    error = ""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        with transaction.atomic():
            room = live.locked_state(seminar.pk)  # the room first, then the poll
            if room.poll_id == poll.pk:
                error = _(
                    "This poll is on the projector now. Show a slide in the console first, "
                    "then remove it."
                )
            else:
                polls.remove_poll(poll=poll)
                live.programme_changed(seminar_id=seminar.pk)
        if not error:
            return redirect(back_url)
    context = {
        "seminar": seminar,
        "poll": poll,
        "slide": poll.slide,
        "removing": True,
        "votes": votes_given(poll),
        "back_url": back_url,
        "error": error,
    }
    return render(request, "agenda/poll_editor.html", context, status=400 if error else 200)


urls: list[URLPattern] = [
    path("seminars/<slug:slug>/slides/<int:slide_id>/polls/new/", poll_new, name="poll_new"),
    path("seminars/<slug:slug>/polls/<int:poll_id>/", poll_edit, name="poll_edit"),
    path("seminars/<slug:slug>/polls/<int:poll_id>/remove/", poll_remove, name="poll_remove"),
]
