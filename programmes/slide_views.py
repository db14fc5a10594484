"""The programme editor's slide pages: a slide's text, picture and notes with a preview as
the projector and a phone will draw it, new slides of any layout, copies and removal."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agenda import services
from agenda.models import AgendaItem, Slide
from exercises.models import Exercise
from live import services as live
from live.models import LiveState
from polls.models import Poll, Survey
from programmes import copying
from programmes.programme_schema import LONG_TEXT
from programmes.slide_forms import EDITABLE_LAYOUTS, SlideForm, clean_body
from questions.models import QuestionRound
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest, parse_id, posted_id
from seminar.models import Seminar
from seminar.text import clean_text


def _slide_of(seminar: Seminar, slide_id: int) -> Slide:
    return get_object_or_404(
        Slide.objects.select_related("item__day"), pk=slide_id, item__day__seminar=seminar
    )


def _editor_page(
    request: AuthenticatedHttpRequest,
    seminar: Seminar,
    form: SlideForm,
    *,
    item: AgendaItem,
    slide: Slide | None,
    position: int | None = None,
) -> HttpResponse:
    siblings = list(item.slides.order_by("order", "pk").only("pk", "item_id", "title", "order"))
    place = next((index for index, other in enumerate(siblings) if other == slide), None)
    context = {
        "seminar": seminar,
        "item": item,
        "slide": slide,
        "form": form,
        "position": position,
        "preview": slide if slide is not None else _unsaved(form, item),
        "polls": list(Poll.objects.filter(slide=slide).order_by("order")) if slide else [],
        "surveys": list(Survey.objects.filter(slide=slide).order_by("order")) if slide else [],
        "exercises": list(Exercise.objects.filter(slide=slide).order_by("order")) if slide else [],
        "question_rounds": list(QuestionRound.objects.filter(slide=slide).order_by("order", "pk"))
        if slide
        else [],
        "poll_kinds": Poll.Kind.choices,
        "exercise_kinds": Exercise.Kind.choices,
        "layouts": EDITABLE_LAYOUTS,
        "previous": siblings[place - 1] if place else None,
        "next": siblings[place + 1] if place is not None and place + 1 < len(siblings) else None,
        "saved": request.GET.get("saved", ""),
        "on_projector": slide is not None
        and LiveState.objects.filter(seminar=seminar, slide=slide).exists(),
    }
    status = 400 if form.errors else 200
    return render(request, "agenda/slide_editor.html", context, status=status)


def _unsaved(form: SlideForm, item: AgendaItem) -> Slide:
    initial = form.initial
    return Slide(
        item=item,
        layout=form["layout"].value() or initial.get("layout") or Slide.Layout.BULLETS,
        title=form["title"].value() or "",
    )


@login_required
@never_cache
def slide_edit(request: AuthenticatedHttpRequest, slug: str, slide_id: int) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    slide = _slide_of(seminar, slide_id)
    if request.method != "POST":
        return _editor_page(
            request, seminar, SlideForm(instance=slide), item=slide.item, slide=slide
        )
    stored = _slide_of(seminar, slide_id)  # the form writes its values into `slide`
    form = SlideForm(request.POST, request.FILES, instance=slide)
    if not form.is_valid():
        return _editor_page(request, seminar, form, item=stored.item, slide=stored)
    services.save_slide(slide=form.save(commit=False), picture=getattr(form, "cleaned_png", None))
    return redirect(f"{reverse('agenda:slide_edit', args=[seminar.slug, slide.pk])}?saved=1")


@login_required
@never_cache
def slide_new(request: AuthenticatedHttpRequest, slug: str, item_id: int) -> HttpResponse:
    """A new slide of any layout, placed anywhere in the item; nothing is stored until it
    is saved."""
    seminar = get_seminar_for_facilitator(request, slug)
    item = get_object_or_404(
        AgendaItem.objects.select_related("day"), pk=item_id, day__seminar=seminar
    )
    source = request.POST if request.method == "POST" else request.GET
    position = posted_position(source.get("position", ""))
    if request.method != "POST":
        layout = request.GET.get("layout", "")
        if layout not in {value for value, _label in EDITABLE_LAYOUTS}:
            layout = Slide.Layout.BULLETS
        form = SlideForm(initial={"layout": layout})
        return _editor_page(request, seminar, form, item=item, slide=None, position=position)
    form = SlideForm(request.POST, request.FILES, instance=Slide(item=item))
    if not form.is_valid():
        return _editor_page(request, seminar, form, item=item, slide=None, position=position)
    slide = services.save_slide(
        slide=form.save(commit=False),
        picture=getattr(form, "cleaned_png", None),
        position=position,
    )
    return redirect(f"{reverse('agenda:slide_edit', args=[seminar.slug, slide.pk])}?saved=new")


def posted_position(raw: str) -> int | None:
    """A place in an item (0 is first), or None for the end."""
    if raw.isascii() and raw.isdecimal() and int(raw) < 10_000:
        return int(raw)
    return None


@login_required
@require_POST
def slide_preview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The slide as the form has it now, drawn as the projector and a phone will; nothing is
    stored. The picture is the stored one (a new one shows once saved)."""
    seminar = get_seminar_for_facilitator(request, slug)
    stored = None
    if slide_id := posted_id(request, "slide"):
        stored = _slide_of(seminar, slide_id)
    layout = request.POST.get("layout", "")
    if layout not in {value for value, _label in Slide.Layout.choices}:
        layout = stored.layout if stored else Slide.Layout.BULLETS
    preview = Slide(
        pk=stored.pk if stored else None,
        layout=layout,
        title=clean_text(request.POST.get("title", "")[:300]),
        body=clean_body(request.POST.get("body", "")[:LONG_TEXT]),
        image=stored.image.name if stored and not request.POST.get("image-clear") else "",
        image_alt=clean_text(request.POST.get("image_alt", "")[:300]),
        photo_credit=clean_text(request.POST.get("photo_credit", "")[:200]),
        link=stored.link if stored else "",
    )
    return render(request, "agenda/slide_editor.html#preview", {"preview": preview})


@login_required
@require_POST
def slide_duplicate(request: AuthenticatedHttpRequest, slug: str, slide_id: int) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    copy = services.duplicate_slide(slide=_slide_of(seminar, slide_id))
    return redirect(f"{reverse('agenda:slide_edit', args=[seminar.slug, copy.pk])}?saved=copy")


@login_required
@never_cache
def slide_remove(request: AuthenticatedHttpRequest, slug: str, slide_id: int) -> HttpResponse:
    """Removing a slide asks first; a slide with polls, surveys, exercises or questions
    from the room keeps them until they are removed, each after saying what goes with it."""
    seminar = get_seminar_for_facilitator(request, slug)
    slide = _slide_of(seminar, slide_id)
    error = ""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            title = live.remove_slide(seminar=seminar, slide_id=slide.pk)
        except services.ArrangementRefused as refused:
            error = str(refused)
        else:
            programme = reverse("agenda:programme", args=[seminar.slug])
            return redirect(f"{programme}?removed={quote(title)}#item-{slide.item_id}-heading")
    context = {
        "seminar": seminar,
        "slide": slide,
        # A survey's questions go with the survey: its own removal page says so.
        "polls": list(Poll.objects.filter(slide=slide, survey=None).order_by("order")),
        "surveys": list(Survey.objects.filter(slide=slide).order_by("order")),
        "exercises": list(Exercise.objects.filter(slide=slide).order_by("order")),
        "question_rounds": list(QuestionRound.objects.filter(slide=slide).order_by("order")),
        "error": error,
    }
    return render(request, "agenda/slide_remove.html", context, status=400 if error else 200)


@login_required
@never_cache
def take_from(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Copy from another programme: slides into an item (`into`), or polls and exercises
    onto a slide (`onto`)."""
    seminar = get_seminar_for_facilitator(request, slug)
    source_data = request.POST if request.method == "POST" else request.GET
    into = (
        AgendaItem.objects.filter(
            pk=parse_id(source_data.get("into", "")) or 0, day__seminar=seminar
        )
        .select_related("day__seminar")
        .first()
    )
    onto = (
        Slide.objects.filter(
            pk=parse_id(source_data.get("onto", "")) or 0, item__day__seminar=seminar
        )
        .select_related("item__day__seminar")
        .first()
    )
    if into is None and onto is None:
        into = (
            AgendaItem.objects.filter(day__seminar=seminar)
            .order_by("day__number", "order")
            .select_related("day__seminar")
            .first()
        )
    sources = copying.source_choices(request.user, besides=seminar)
    key = source_data.get("from", copying.TEMPLATE)
    source = copying.load_source(request.user, key) if key in dict(sources) else None
    error = ""
    if request.method == "POST" and source is not None:
        try:
            done = _take(request, source, into=into, onto=onto)
        except copying.CopyRefused as refused:
            error = str(refused)
        else:
            return redirect(done)
    elif request.method == "POST":
        error = _("That programme is not one you can take from.")
    context = {
        "seminar": seminar,
        "sources": sources,
        "key": key if source else copying.TEMPLATE,
        "source_slides": source.slides() if source else [],
        "into": into,
        "onto": onto,
        "error": error,
    }
    return render(request, "agenda/take_from.html", context, status=400 if error else 200)


def _take(
    request: AuthenticatedHttpRequest,
    source: copying.Source,
    *,
    into: AgendaItem | None,
    onto: Slide | None,
) -> str:
    """Make the copy the form asks for; where to go next."""
    what = request.POST.get("take", "")
    if what == "slide" and into is not None:
        position = copying.parse_position(request.POST.get("position", ""))
        if position is None:
            raise copying.CopyRefused(_("That slide is not in the programme any more."))
        slide = copying.copy_slide(source=source, position=position, into=into)
        return f"{reverse('agenda:slide_edit', args=[into.day.seminar.slug, slide.pk])}?saved=taken"
    index = posted_position(request.POST.get("index", ""))
    if what in {"poll", "exercise"} and onto is not None and index is not None:
        if what == "poll":
            copying.copy_poll(source=source, index=index, onto=onto)
        else:
            copying.copy_exercise(source=source, index=index, onto=onto)
        live.programme_changed(seminar_id=onto.item.day.seminar_id)
        editor = reverse("agenda:slide_edit", args=[onto.item.day.seminar.slug, onto.pk])
        return f"{editor}?saved=taken"
    raise copying.CopyRefused(_("Choose where the copy goes first."))


urls: list[URLPattern] = [
    path("seminars/<slug:slug>/take/", take_from, name="take_from"),
    path("seminars/<slug:slug>/slides/<int:slide_id>/", slide_edit, name="slide_edit"),
    path("seminars/<slug:slug>/items/<int:item_id>/slides/new/", slide_new, name="slide_new"),
    path("seminars/<slug:slug>/slides/preview/", slide_preview, name="slide_preview"),
    path(
        "seminars/<slug:slug>/slides/<int:slide_id>/duplicate/",
        slide_duplicate,
        name="slide_duplicate",
    ),
    path("seminars/<slug:slug>/slides/<int:slide_id>/remove/", slide_remove, name="slide_remove"),
]
