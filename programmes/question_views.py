"""The programme editor's page for questions from the room on a slide: made, renamed, held
or shown at once, and removed after saying how many questions go with it.

What the room asked is never changed here: the console moderates it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from agenda.models import Slide
from live import services as live
from live.models import LiveState
from programmes.question_forms import QuestionRoundForm, round_initial, round_version
from questions import services as questions
from questions.models import QuestionRound
from questions.queries import question_counts
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest
from seminar.models import Seminar


def _round_or_404(seminar: Seminar, round_id: int) -> QuestionRound:
    found = (
        QuestionRound.objects.filter(pk=round_id, seminar=seminar).select_related("slide").first()
    )
    if found is None:
        raise Http404
    return found


def _back_to(seminar: Seminar, slide: Slide | None) -> str:
    """The slide the questions are asked on, in its editor; a round on no slide (opened
    on the spot with none on screen), the programme."""
    if slide is None:
        return reverse("agenda:programme", args=[seminar.slug])
    return reverse("agenda:slide_edit", args=[seminar.slug, slide.pk])


def _on_projector(seminar: Seminar, question_round: QuestionRound | None) -> bool:
    return (
        question_round is not None
        and LiveState.objects.filter(seminar=seminar, question_round=question_round).exists()
    )


def _page(
    request: AuthenticatedHttpRequest,
    *,
    seminar: Seminar,
    slide: Slide | None,
    question_round: QuestionRound | None,
    form: QuestionRoundForm,
) -> HttpResponse:
    asked, waiting = question_counts(question_round)
    context = {
        "seminar": seminar,
        "slide": slide,
        "question_round": question_round,
        "form": form,
        "asked": asked,
        "waiting": waiting,
        "on_projector": _on_projector(seminar, question_round),
        "back_url": _back_to(seminar, slide),
        "saved": request.GET.get("saved", ""),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "agenda/question_editor.html", context, status=status)


@login_required
@never_cache
def question_round_new(request: AuthenticatedHttpRequest, slug: str, slide_id: int) -> HttpResponse:
    """New questions from the room on a slide: the room sees them when the console shows
    them."""
    seminar = get_seminar_for_facilitator(request, slug)
    slide = get_object_or_404(Slide, pk=slide_id, item__day__seminar=seminar)
    if request.method != "POST":
        # A title to keep or change, in the seminar's language: the room reads it.
        with translation.override(seminar.language):
            title = _("Questions from the room")
        form = QuestionRoundForm(initial={"title": title}, stored_version=round_version(None))
        return _page(request, seminar=seminar, slide=slide, question_round=None, form=form)
    form = QuestionRoundForm(request.POST, stored_version=round_version(None))
    if not form.is_valid():
        return _page(request, seminar=seminar, slide=slide, question_round=None, form=form)
    with transaction.atomic():
        question_round = questions.new_round(
            seminar=seminar,
            slide=slide,
            title=form.cleaned_data["title"],
            moderation=form.cleaned_data["moderation"],
        )
        live.programme_changed(seminar_id=seminar.pk)  # the console's "on this slide" follows
    url = reverse("agenda:question_round_edit", args=[seminar.slug, question_round.pk])
    return redirect(f"{url}?saved=new")


@login_required
@never_cache
def question_round_edit(
    request: AuthenticatedHttpRequest, slug: str, round_id: int
) -> HttpResponse:
    """The title and the moderation. The questions asked stay as they are, whichever
    moderation is saved; a save over someone else's is refused with the text kept."""
    seminar = get_seminar_for_facilitator(request, slug)
    question_round = _round_or_404(seminar, round_id)
    version = round_version(question_round)
    if request.method != "POST":
        form = QuestionRoundForm(initial=round_initial(question_round), stored_version=version)
    else:
        form = QuestionRoundForm(request.POST, stored_version=version)
        if form.is_valid():
            with transaction.atomic():
                # The room first, then the round: the order the console's buttons lock them in.
                live.programme_changed(seminar_id=seminar.pk)
                questions.update_round(
                    question_round=question_round,
                    title=form.cleaned_data["title"],
                    moderation=form.cleaned_data["moderation"],
                )
            url = reverse("agenda:question_round_edit", args=[seminar.slug, question_round.pk])
            return redirect(f"{url}?saved=edit")
    return _page(
        request,
        seminar=seminar,
        slide=question_round.slide,
        question_round=question_round,
        form=form,
    )


@login_required
@never_cache
def question_round_remove(
    request: AuthenticatedHttpRequest, slug: str, round_id: int
) -> HttpResponse:
    """Removing questions from the room says first how many questions go with them; the
    ones on the projector stay."""
    seminar = get_seminar_for_facilitator(request, slug)
    question_round = _round_or_404(seminar, round_id)
    back_url = _back_to(seminar, question_round.slide)
    error = ""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        removed = live.remove_unless_on_screen(
            seminar_id=seminar.pk,
            on_screen=lambda room: room.question_round_id == question_round.pk,
            remove=lambda: questions.remove_round(question_round=question_round),
        )
        if removed:
            return redirect(back_url)
        error = _(
            "These questions are on the projector now. Show a slide in the console "
            "first, then remove them."
        )
    context = {
        "seminar": seminar,
        "question_round": question_round,
        "slide": question_round.slide,
        "removing": True,
        "asked": question_counts(question_round)[0],
        "on_projector": _on_projector(seminar, question_round),
        "back_url": back_url,
        "error": error,
    }
    return render(request, "agenda/question_editor.html", context, status=400 if error else 200)


urls: list[URLPattern] = [
    # Not under …/questions/<id>/: that is the console's (live.urls, a round's buttons).
    path(
        "seminars/<slug:slug>/slides/<int:slide_id>/question-rounds/new/",
        question_round_new,
        name="question_round_new",
    ),
    path(
        "seminars/<slug:slug>/question-rounds/<int:round_id>/",
        question_round_edit,
        name="question_round_edit",
    ),
    path(
        "seminars/<slug:slug>/question-rounds/<int:round_id>/remove/",
        question_round_remove,
        name="question_round_remove",
    ),
]
