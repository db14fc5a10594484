"""The programme editor's poll and survey pages: a poll asked on a slide, or a survey of
several polls answered on one phone page, made, edited and removed by the seminar's
facilitators. An edit that would remove votes says so first."""

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
from polls.models import Ballot, Poll, Survey
from polls.queries import poll_choices, poll_in_seminar, survey_in_seminar, votes_given
from programmes.poll_forms import (
    PollForm,
    SurveyForm,
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
    survey: Survey | None = None,
) -> HttpResponse:
    context = {
        "seminar": seminar,
        "slide": slide,
        "poll": poll,
        "survey": survey or (poll.survey if poll is not None else None),
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
    survey: Survey | None = None,
) -> HttpResponse:
    form, message = redrawn_form(request.POST, op=request.POST["op"], stored_version=version)
    return _page(
        request, seminar=seminar, slide=slide, poll=poll, form=form, message=message, survey=survey
    )


def _survey_of_new_poll(request: AuthenticatedHttpRequest, slide: Slide) -> Survey | None:
    """The survey a new poll is a question of (`survey`, sent along), if it is the slide's."""
    raw = request.POST.get("survey") or request.GET.get("survey") or ""
    if not (raw.isascii() and raw.isdecimal() and len(raw) < 10):
        return None
    return Survey.objects.filter(pk=int(raw), slide=slide).first()


@login_required
@never_cache
def poll_new(request: AuthenticatedHttpRequest, slug: str, slide_id: int) -> HttpResponse:
    """A new poll asked on a slide; `?kind=` chooses its kind before the form opens."""
    seminar = get_seminar_for_facilitator(request, slug)
    slide = get_object_or_404(Slide, pk=slide_id, item__day__seminar=seminar)
    version = poll_version(None, [])
    survey = _survey_of_new_poll(request, slide)
    if request.method != "POST":
        values, rows = new_poll_initial(request.GET.get("kind", ""))
        form = PollForm(initial=values, rows=rows, stored_version=version)
        return _page(request, seminar=seminar, slide=slide, poll=None, form=form, survey=survey)
    if request.POST.get("op"):
        return _redrawn(
            request, seminar=seminar, slide=slide, poll=None, version=version, survey=survey
        )
    form = PollForm(request.POST, stored_version=version)
    if not form.is_valid():
        return _page(
            request, seminar=seminar, slide=slide, poll=None, form=form, status=400, survey=survey
        )
    with transaction.atomic():
        # The seminar first (the poll's order), then the room: the order slides lock in.
        poll = polls.create_poll(slide=slide, draft=form.draft(), survey=survey)
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
        removed = live.remove_unless_on_screen(
            seminar_id=seminar.pk,
            on_screen=lambda room: room.poll_id == poll.pk,
            remove=lambda: polls.remove_poll(poll=poll),
        )
        if removed:
            return redirect(back_url)
        error = _(
            "This poll is on the projector now. Show a slide in the console first, then remove it."
        )
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


# Surveys ----------------------------------------------------------------------------------


def _survey_or_404(seminar: Seminar, survey_id: int) -> Survey:
    survey = survey_in_seminar(seminar_id=seminar.pk, survey_id=survey_id)
    if survey is None:
        raise Http404
    return survey


def _survey_page(
    request: AuthenticatedHttpRequest,
    *,
    seminar: Seminar,
    slide: Slide | None,
    survey: Survey | None,
    form: SurveyForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "seminar": seminar,
        "slide": slide,
        "survey": survey,
        "form": form,
        "questions": list(survey.questions.order_by("order", "pk")) if survey else [],
        "poll_kinds": Poll.Kind.choices,
        "back_url": _slide_url(seminar, slide.pk if slide else None),
        "saved": request.GET.get("saved", ""),
    }
    return render(request, "agenda/survey_editor.html", context, status=status)


@login_required
@never_cache
def survey_new(request: AuthenticatedHttpRequest, slug: str, slide_id: int) -> HttpResponse:
    """A new survey asked on a slide: its title first, then its questions one by one."""
    seminar = get_seminar_for_facilitator(request, slug)
    slide = get_object_or_404(Slide, pk=slide_id, item__day__seminar=seminar)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return _survey_page(
            request, seminar=seminar, slide=slide, survey=None, form=form, status=status
        )
    with transaction.atomic():
        survey = polls.create_survey(slide=slide, title=form.cleaned_data["title"])
        live.programme_changed(seminar_id=seminar.pk)
    return redirect(f"{reverse('agenda:survey_edit', args=[seminar.slug, survey.pk])}?saved=new")


@login_required
@never_cache
def survey_edit(request: AuthenticatedHttpRequest, slug: str, survey_id: int) -> HttpResponse:
    """A survey's title and its questions, each a poll with its own editor."""
    seminar = get_seminar_for_facilitator(request, slug)
    survey = _survey_or_404(seminar, survey_id)
    if request.method != "POST":
        form = SurveyForm(initial={"title": survey.title})
    else:
        form = SurveyForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                live.programme_changed(seminar_id=seminar.pk)  # the room first
                polls.rename_survey(survey=survey, title=form.cleaned_data["title"])
            url = reverse("agenda:survey_edit", args=[seminar.slug, survey.pk])
            return redirect(f"{url}?saved=edit")
    status = 400 if form.is_bound and form.errors else 200
    return _survey_page(
        request, seminar=seminar, slide=survey.slide, survey=survey, form=form, status=status
    )


@login_required
@never_cache
def survey_remove(request: AuthenticatedHttpRequest, slug: str, survey_id: int) -> HttpResponse:
    """Removing a survey says first how many answers go with it and its questions."""
    seminar = get_seminar_for_facilitator(request, slug)
    survey = _survey_or_404(seminar, survey_id)
    back_url = _slide_url(seminar, survey.slide_id)
    error = ""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        removed = live.remove_unless_on_screen(
            seminar_id=seminar.pk,
            on_screen=lambda room: room.survey_id == survey.pk,
            remove=lambda: polls.remove_survey(survey=survey),
        )
        if removed:
            return redirect(back_url)
        error = _(
            "This survey is on the projector now. Show a slide in the console first, "
            "then remove it."
        )
    context = {
        "seminar": seminar,
        "survey": survey,
        "removing": True,
        "questions": survey.questions.count(),
        "answers": Ballot.objects.filter(poll__survey=survey).count(),
        "back_url": back_url,
        "error": error,
    }
    return render(request, "agenda/survey_editor.html", context, status=400 if error else 200)


urls: list[URLPattern] = [
    path("seminars/<slug:slug>/slides/<int:slide_id>/surveys/new/", survey_new, name="survey_new"),
    path("seminars/<slug:slug>/surveys/<int:survey_id>/", survey_edit, name="survey_edit"),
    path(
        "seminars/<slug:slug>/surveys/<int:survey_id>/remove/",
        survey_remove,
        name="survey_remove",
    ),
    path("seminars/<slug:slug>/slides/<int:slide_id>/polls/new/", poll_new, name="poll_new"),
    path("seminars/<slug:slug>/polls/<int:poll_id>/", poll_edit, name="poll_edit"),
    path("seminars/<slug:slug>/polls/<int:poll_id>/remove/", poll_remove, name="poll_remove"),
]
