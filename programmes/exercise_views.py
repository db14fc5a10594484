"""The programme editor's exercise pages: an exercise of any kind on a slide, made, changed
while the room may be writing in it, and removed after saying what goes with it.

Every save redraws the room's screens (`live.services.programme_changed`): an exercise on
the projector changes there at once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import never_cache

from agenda.models import Slide
from exercises.models import Exercise
from exercises.queries import Written, polls_to_follow, written_for
from exercises.services import (
    ExerciseRefused,
    Removal,
    RemovalNotConfirmed,
    create_exercise,
    remove_exercise,
    update_exercise,
)
from live import services as live
from live.models import LiveState
from programmes.exercise_forms import (
    NEW_VERSION,
    ExerciseForm,
    exercise_version,
    new_values,
    rearranged,
    stored_values,
)
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest
from seminar.models import Seminar


def _exercise_of(seminar: Seminar, exercise_id: int, *, lock: bool = False) -> Exercise:
    exercises = Exercise.objects.select_related("slide")
    if lock:
        exercises = exercises.select_for_update(of=("self",))
    return get_object_or_404(exercises, pk=exercise_id, seminar=seminar)


def _back_to(seminar: Seminar, slide: Slide | None) -> str:
    if slide is None:
        return reverse("agenda:programme", args=[seminar.slug])
    return reverse("agenda:slide_edit", args=[seminar.slug, slide.pk])


def _action(request: AuthenticatedHttpRequest) -> str:
    """The button pressed: a confirmed removal saves too."""
    if "confirm_removal" in request.POST:
        return "save"
    return request.POST.get("action", "save")


def _page(
    request: AuthenticatedHttpRequest,
    seminar: Seminar,
    form: ExerciseForm,
    *,
    slide: Slide | None,
    exercise: Exercise | None,
    removal: Removal | None = None,
) -> HttpResponse:
    context = {
        "seminar": seminar,
        "slide": slide,
        "exercise": exercise,
        "form": form,
        "removal": removal,
        "back_url": _back_to(seminar, slide),
        "saved": request.GET.get("saved", ""),
        "on_projector": exercise is not None
        and LiveState.objects.filter(seminar=seminar, exercise=exercise).exists(),
    }
    if form.focus and request.htmx:
        return render(request, "agenda/exercise_editor.html#editor_form", context)
    return render(
        request, "agenda/exercise_editor.html", context, status=400 if form.errors else 200
    )


def _redrawn(
    request: AuthenticatedHttpRequest,
    seminar: Seminar,
    *,
    slide: Slide | None,
    exercise: Exercise | None,
    action: str,
    **form_kwargs: Any,
) -> HttpResponse:
    """The form again after a row or kind button: what was sent, rearranged, not saved."""
    values, focus = rearranged(request.POST, action)
    form = ExerciseForm(
        initial=values,
        stored_version=request.POST.get("version", ""),
        focus=focus,
        **form_kwargs,
    )
    return _page(request, seminar, form, slide=slide, exercise=exercise)


@login_required
@never_cache
def exercise_new(request: AuthenticatedHttpRequest, slug: str, slide_id: int) -> HttpResponse:
    """A new exercise on the slide: its kind chosen in the form, or preselected (?kind=)."""
    seminar = get_seminar_for_facilitator(request, slug)
    slide = get_object_or_404(Slide, pk=slide_id, item__day__seminar=seminar)
    polls = polls_to_follow(slide_id=slide.pk, current_poll_id=None)
    if request.method != "POST":
        case_text = slide.body if slide.layout == Slide.Layout.CASE else ""
        form = ExerciseForm(
            initial=new_values(kind=request.GET.get("kind", ""), case_text=case_text),
            stored_version=NEW_VERSION,
            polls=polls,
        )
        return _page(request, seminar, form, slide=slide, exercise=None)
    action = _action(request)
    if action != "save":
        return _redrawn(request, seminar, slide=slide, exercise=None, action=action, polls=polls)
    form = ExerciseForm(request.POST, initial={}, stored_version=NEW_VERSION, polls=polls)
    if form.is_valid():
        try:
            with transaction.atomic():
                exercise = create_exercise(
                    seminar_id=seminar.pk,
                    slide_id=slide.pk,
                    draft=form.draft(Exercise(seminar=seminar, slide=slide)),
                )
                live.programme_changed(seminar_id=seminar.pk)
        except ExerciseRefused as refused:
            form.add_error(None, str(refused))
        else:
            url = reverse("agenda:exercise_edit", args=[seminar.slug, exercise.pk])
            return redirect(f"{url}?saved=new")
    return _page(request, seminar, form, slide=slide, exercise=None)


@login_required
@never_cache
def exercise_edit(request: AuthenticatedHttpRequest, slug: str, exercise_id: int) -> HttpResponse:
    """An exercise's wording, questions, themes, grouping and times. A save over someone
    else's is refused, and one that removes what the room wrote asks first."""
    seminar = get_seminar_for_facilitator(request, slug)
    action = _action(request) if request.method == "POST" else ""
    if action != "save":
        exercise = _exercise_of(seminar, exercise_id)
        form_kwargs = _form_kwargs(exercise, written_for(exercise))
        if action:
            return _redrawn(
                request,
                seminar,
                slide=exercise.slide,
                exercise=exercise,
                action=action,
                **form_kwargs,
            )
        questions, themes = list(exercise.questions.all()), list(exercise.themes.all())
        form = ExerciseForm(
            initial=stored_values(exercise, questions, themes),
            stored_version=exercise_version(exercise, questions, themes),
            **form_kwargs,
        )
        return _page(request, seminar, form, slide=exercise.slide, exercise=exercise)
    removal = None
    with transaction.atomic():
        exercise = _exercise_of(seminar, exercise_id, lock=True)
        questions, themes = list(exercise.questions.all()), list(exercise.themes.all())
        form = ExerciseForm(
            request.POST,
            initial={},
            stored_version=exercise_version(exercise, questions, themes),
            **_form_kwargs(exercise, written_for(exercise)),
        )
        if form.is_valid():
            try:
                update_exercise(
                    exercise=exercise,
                    draft=form.draft(exercise),
                    confirmed=request.POST.get("confirm_removal", ""),
                )
            except RemovalNotConfirmed as asked:
                removal = asked.removal
            except ExerciseRefused as refused:
                form.add_error(None, str(refused))
            else:
                live.programme_changed(seminar_id=seminar.pk)
                url = reverse("agenda:exercise_edit", args=[seminar.slug, exercise.pk])
                return redirect(f"{url}?saved=saved")
    return _page(request, seminar, form, slide=exercise.slide, exercise=exercise, removal=removal)


def _form_kwargs(exercise: Exercise, written: Written) -> dict[str, Any]:
    return {
        "polls": polls_to_follow(slide_id=exercise.slide_id, current_poll_id=exercise.poll_id),
        "written": written,
    }


@login_required
@never_cache
def exercise_remove(request: AuthenticatedHttpRequest, slug: str, exercise_id: int) -> HttpResponse:
    """Removing an exercise says first how much the room wrote in it: that goes too."""
    seminar = get_seminar_for_facilitator(request, slug)
    exercise = _exercise_of(seminar, exercise_id)
    back_url = _back_to(seminar, exercise.slide)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        with transaction.atomic():
            remove_exercise(exercise=exercise)
            live.programme_changed(seminar_id=seminar.pk)
        return redirect(back_url)
    context = {
        "seminar": seminar,
        "exercise": exercise,
        "slide": exercise.slide,
        "removing": True,
        "written": written_for(exercise),
        "back_url": back_url,
        "on_projector": LiveState.objects.filter(seminar=seminar, exercise=exercise).exists(),
    }
    return render(request, "agenda/exercise_editor.html", context)


urls: list[URLPattern] = [
    path(
        "seminars/<slug:slug>/slides/<int:slide_id>/exercises/new/",
        exercise_new,
        name="exercise_new",
    ),
    path(
        "seminars/<slug:slug>/exercises/<int:exercise_id>/",
        exercise_edit,
        name="exercise_edit",
    ),
    path(
        "seminars/<slug:slug>/exercises/<int:exercise_id>/remove/",
        exercise_remove,
        name="exercise_remove",
    ),
]
