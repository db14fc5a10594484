"""The facilitator's programme: the page that shows and arranges it, sharing it as a file,
starting a seminar from the KS programme or from a file, and importing decks into it."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agenda import services
from agenda.deck_jobs import queue_deck_import, settle_if_stalled
from agenda.forms import DeckImportForm
from agenda.models import AgendaItem, DeckImport
from agenda.queries import Outline, item_warnings, programme_outline
from live import services as live
from programmes.forms import (
    AddFacilitatorForm,
    CreateSeminarForm,
    DayForm,
    ItemForm,
    ProgrammeFileForm,
    SeminarSettingsForm,
)
from programmes.ks_basisprogram import PROGRAMME
from programmes.programme_file import ProgrammeRefused, export_programme, import_programme
from programmes.queries import programme_days
from programmes.services import create_seminar, empty_programme
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest, posted_id
from seminar.models import Seminar
from seminar.services import FacilitatorRefused, add_facilitator, display_name, remove_facilitator


@login_required
def programme(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    context = _programme_context(seminar)
    if removed := request.GET.get("removed", "")[:300]:
        context["status"] = _("“%(title)s” was removed from the programme.") % {"title": removed}
    return render(request, "agenda/programme.html", context)


@login_required
def programme_file(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The programme as one file to share: days, items, slides and their pictures, polls,
    exercises and answer keys; never what participants wrote or voted.

    The file is made whole in memory, so it is answered whole: a streaming response over
    it would be consumed synchronously under ASGI, with a warning each time."""
    seminar = get_seminar_for_facilitator(request, slug)
    disposition = content_disposition_header(
        as_attachment=True, filename=f"{seminar.slug}-programme.zip"
    )
    return HttpResponse(
        export_programme(seminar),
        content_type="application/zip",
        headers={"Content-Disposition": disposition},
    )


@login_required
def new_seminar_from_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProgrammeFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            seminar = import_programme(
                form.cleaned_data["file"].read(),
                facilitator=request.user,
                municipality=form.cleaned_data["municipality"],
                first_date=form.cleaned_data["first_date"],
            )
        except ProgrammeRefused as refused:
            form.add_error("file", str(refused))
        else:
            return redirect("agenda:programme", slug=seminar.slug)
    status = 400 if form.errors else 200
    return render(request, "agenda/new_from_file.html", {"form": form}, status=status)


def _programme_context(seminar: Seminar, message: str = "") -> dict[str, object]:
    return {
        "seminar": seminar,
        "days": programme_days(seminar),
        "deck_form": DeckImportForm(seminar_id=seminar.pk),
        "message": message,
    }


@login_required
@require_POST
def arrange(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A slide moved by a button (one place), dropped after a drag (the whole outline), or
    removed."""
    seminar = get_seminar_for_facilitator(request, slug)
    # A drop is sent by the form itself; htmx adds the last button pressed to it, which a
    # drag on a touch screen does not clear, so the trigger tells a drop from a press.
    dropped = request.htmx.trigger == "arrangement"
    focus_slide = None
    try:
        if not dropped and (move := request.POST.get("move")):
            message = _moved(seminar, move)
        elif not dropped and (remove := request.POST.get("remove_slide")):
            focus_slide = _neighbour(seminar, remove)
            message = _removed(seminar, remove)
        else:
            services.arrange_slides(seminar=seminar, outline=posted_outline(request))
            message = _("The slides are in their new order.")
        status = 200
    except services.ArrangementRefused as refused:
        message, status, focus_slide = str(refused), 400, None
    if not request.htmx:
        return redirect("agenda:programme", slug=seminar.slug)
    context = _programme_context(seminar, message) | {"focus_slide": focus_slide}
    return render(request, "agenda/programme.html#arrangement", context, status=status)


def _neighbour(seminar: Seminar, slide: str) -> int | None:
    """The slide that takes the focus when `slide` is removed: the next in its item, else
    the one before, else none."""
    for _item_id, slide_ids in programme_outline(seminar.pk):
        if slide.isdecimal() and int(slide) in slide_ids:
            others = slide_ids[slide_ids.index(int(slide)) + 1 :] + slide_ids[::-1]
            return next((other for other in others if other != int(slide)), None)
    return None


def _moved(seminar: Seminar, move: str) -> str:
    slide_id, _sep, direction = move.partition(":")
    if not (slide_id.isascii() and slide_id.isdecimal()) or direction not in {"up", "down"}:
        raise services.ArrangementRefused(_("That slide is not part of this seminar."))
    placement = services.move_slide(
        seminar=seminar, slide_id=int(slide_id), by=-1 if direction == "up" else 1
    )
    return _("Moved to place %(position)s of %(count)s in “%(item)s”.") % {
        "position": placement.position,
        "count": placement.count,
        "item": placement.item_title,
    }


def _removed(seminar: Seminar, remove: str) -> str:
    if not (remove.isascii() and remove.isdecimal()):
        raise services.ArrangementRefused(_("That slide is not part of this seminar."))
    title = live.remove_slide(seminar=seminar, slide_id=int(remove))
    return _("“%(title)s” was removed from the programme.") % {"title": title}


def posted_outline(request: HttpRequest) -> Outline:
    """The programme page's order fields in page order: "item-5", then item 5's slide ids."""
    outline: Outline = []
    for value in request.POST.getlist("order"):
        if value.startswith("item-") and value[5:].isascii() and value[5:].isdecimal():
            outline.append((int(value[5:]), []))
        elif value.isascii() and value.isdecimal() and outline:
            outline[-1][1].append(int(value))
        else:
            raise services.ArrangementRefused(_("That slide is not part of this seminar."))
    return outline


@login_required
@require_POST
def deck_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    form = DeckImportForm(request.POST, request.FILES, seminar_id=seminar.pk)
    if not form.is_valid():
        form.fields["file"].widget.attrs["autofocus"] = True  # choose another file
        form.fields["item"].widget.attrs["data-chosen"] = "true"  # the console keeps it
        context = {"seminar": seminar, "deck_form": form}
        return render(request, "agenda/deck_import.html#form", context, status=400)
    job = queue_deck_import(
        item=form.cleaned_data["item"],
        upload=form.cleaned_data["file"],
        position=form.position,
        language=get_language(),
    )
    if not request.htmx:
        return redirect("agenda:deck_import_status", slug=seminar.slug, pk=job.pk)
    context = _job_context(seminar, job) | {"just_started": True}
    return render(request, "agenda/deck_import.html#progress", context)


@login_required
@never_cache
def deck_import_status(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    job = get_object_or_404(
        DeckImport.objects.select_related("item__day"), pk=pk, item__day__seminar=seminar
    )
    template = "agenda/deck_import.html#progress" if request.htmx else "agenda/deck_import.html"
    response = render(request, template, _job_context(seminar, job))
    if job.state == DeckImport.State.DONE:
        response["HX-Trigger"] = "deck-imported"  # the programme page shows the new slides
    return response


@login_required
@never_cache
def deck_import_form(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    form = DeckImportForm(seminar_id=seminar.pk, initial={"item": request.GET.get("item")})
    if request.GET.get("item"):
        form.fields["item"].widget.attrs["data-chosen"] = "true"  # the console keeps it
    return render(request, "agenda/deck_import.html#form", {"seminar": seminar, "deck_form": form})


def _job_context(seminar: Seminar, job: DeckImport) -> dict[str, object]:
    return {"seminar": seminar, "job": settle_if_stalled(job)}


@login_required
def new_seminar(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CreateSeminarForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = (
            PROGRAMME
            if data["start_from"] == "ks"
            else empty_programme(language=data["language"], first_date=data["first_date"])
        )
        seminar = create_seminar(
            title=data["title"],
            municipality=data["municipality"],
            language=data["language"],
            first_date=data["first_date"],
            programme=programme,
            facilitator=request.user,
            allow_nicknames=form.cleaned_data["allow_nicknames"],
        )
        return redirect("agenda:programme", slug=seminar.slug)
    return render(request, "seminar/new_seminar.html", {"form": form})


@login_required
@never_cache
def seminar_settings(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The seminar's own settings and who runs it."""
    seminar = get_seminar_for_facilitator(request, slug)
    heading = seminar.municipality  # as stored: a form with errors must not rename the page
    action = request.POST.get("action", "") if request.method == "POST" else ""
    last_day = seminar.days.aggregate(last=Max("date"))["last"]
    form = SeminarSettingsForm(
        request.POST if action == "settings" else None, instance=seminar, last_day=last_day
    )
    add_form = AddFacilitatorForm(request.POST if action == "add" else None)
    error = ""
    if action == "settings" and form.is_valid():
        # Only the form's fields: admission, opened or closed meanwhile, stays as it is.
        form.instance.save(update_fields=form.Meta.fields)
        live.programme_changed(seminar_id=seminar.pk)  # the screens show title and language
        return redirect(f"{reverse('seminar:settings', args=[seminar.slug])}?saved=settings")
    if action == "add" and add_form.is_valid():
        try:
            add_facilitator(seminar=seminar, username=add_form.cleaned_data["username"])
        except FacilitatorRefused as refused:
            add_form.add_error("username", str(refused))
        else:
            return redirect(f"{reverse('seminar:settings', args=[seminar.slug])}?saved=people")
    if action == "remove":
        leaving = posted_id(request, "user") or 0
        try:
            remove_facilitator(seminar=seminar, user_id=leaving)
        except FacilitatorRefused as refused:
            error = str(refused)
        else:
            if leaving == request.user.pk:
                return redirect("seminar:my_seminars")
            return redirect(f"{reverse('seminar:settings', args=[seminar.slug])}?saved=people")
    if action and action not in {"settings", "add", "remove"}:
        error = _("Unknown action.")
    context = {
        "seminar": seminar,
        "heading": heading,
        "form": form,
        "add_form": add_form,
        "facilitators": [
            (user, display_name(user)) for user in seminar.facilitators.order_by("username")
        ],
        "error": error,
        "saved": request.GET.get("saved", ""),
    }
    failed = bool(error or form.errors or add_form.errors)
    return render(request, "agenda/settings.html", context, status=400 if failed else 200)


# The agenda: days and items ----------------------------------------------------------------


def _agenda_sections(
    seminar: Seminar,
    *,
    bound: dict[str, forms.ModelForm] | None = None,  # type: ignore[type-arg]
    focus: str = "",
) -> list[dict[str, object]]:
    """Each day with its form, its items (their forms, their time flags) and a new item's
    form; `focus` ("earlier-5") names the move button that gets the focus back."""
    bound = bound or {}
    direction, _dash, focus_item = focus.partition("-")
    days = list(
        seminar.days.order_by("number").prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.order_by("order", "pk"))
        )
    )
    sections = []
    for day in days:
        items = list(day.items.all())
        warnings = item_warnings(day, items)
        sections.append(
            {
                "day": day,
                "form": bound.get(f"day-{day.pk}") or DayForm(instance=day, prefix=f"day-{day.pk}"),
                "items": [
                    {
                        "item": item,
                        "form": bound.get(f"item-{item.pk}")
                        or ItemForm(instance=item, prefix=f"item-{item.pk}"),
                        "warnings": warnings[item.pk],
                        "focus": direction if focus_item == str(item.pk) else "",
                    }
                    for item in items
                ],
                "new": bound.get(f"new-{day.pk}")
                or ItemForm(
                    prefix=f"new-{day.pk}",
                    initial={"kind": AgendaItem.Kind.PRESENTATION, "planned_minutes": 30},
                ),
            }
        )
    return sections


def _agenda_page(
    request: AuthenticatedHttpRequest,
    seminar: Seminar,
    *,
    bound: dict[str, forms.ModelForm] | None = None,  # type: ignore[type-arg]
    error: str = "",
) -> HttpResponse:
    bound = bound or {}
    context = {
        "seminar": seminar,
        "sections": _agenda_sections(seminar, bound=bound, focus=request.GET.get("focus", "")),
        "error": error,
        "saved": request.GET.get("saved", ""),
    }
    failed = bool(error or any(form.errors for form in bound.values()))
    return render(request, "agenda/agenda_editor.html", context, status=400 if failed else 200)


def _back_to(seminar: Seminar, anchor: str, saved: str = "saved") -> HttpResponse:
    return redirect(f"{reverse('agenda:agenda', args=[seminar.slug])}?saved={saved}#{anchor}")


@login_required
@never_cache
def agenda_editor(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The seminar's days and agenda items: their times, titles and order."""
    seminar = get_seminar_for_facilitator(request, slug)
    if request.method != "POST":
        return _agenda_page(request, seminar)
    action = request.POST.get("action", "")
    if action == "add-day":
        added_day = services.add_day(seminar=seminar)
        return _back_to(seminar, f"day-{added_day.number}")
    if action == "arrange":
        return _arranged(request, seminar)
    day = seminar.days.filter(pk=posted_id(request, "day") or 0).first()
    item = AgendaItem.objects.filter(
        pk=posted_id(request, "item") or 0, day__seminar=seminar
    ).first()
    if action == "edit-day" and day is not None:
        day_form = DayForm(request.POST, instance=day, prefix=f"day-{day.pk}")
        if not day_form.is_valid():
            return _agenda_page(request, seminar, bound={f"day-{day.pk}": day_form})
        day_form.save()
        services.programme_edited(seminar_id=seminar.pk)
        return _back_to(seminar, f"day-{day.number}")
    if action == "add-item" and day is not None:
        new_form = ItemForm(request.POST, prefix=f"new-{day.pk}")
        if not new_form.is_valid():
            return _agenda_page(request, seminar, bound={f"new-{day.pk}": new_form})
        added = services.add_item(day=day, **new_form.cleaned_data)
        return _back_to(seminar, f"item-{added.pk}")
    if action == "edit-item" and item is not None:
        item_form = ItemForm(request.POST, instance=item, prefix=f"item-{item.pk}")
        if not item_form.is_valid():
            return _agenda_page(request, seminar, bound={f"item-{item.pk}": item_form})
        item_form.save()
        services.programme_edited(seminar_id=seminar.pk)
        return _back_to(seminar, f"item-{item.pk}")
    if action in {"item-earlier", "item-later"} and item is not None:
        services.move_item(item=item, by=-1 if action == "item-earlier" else 1)
        # No #item-… here: a page opened at a fragment skips autofocus, and the button
        # pressed takes the focus back (scrolled to), so the next press moves it on.
        direction = "earlier" if action == "item-earlier" else "later"
        return redirect(
            f"{reverse('agenda:agenda', args=[seminar.slug])}"
            f"?saved=moved&focus={direction}-{item.pk}"
        )
    return _agenda_page(request, seminar, error=_("That day or item is not part of this seminar."))


def _arranged(request: AuthenticatedHttpRequest, seminar: Seminar) -> HttpResponse:
    """A drop after a drag: every day's items as the page has them. The answer redraws each
    item's flags and move buttons, not its fields, so nothing typed elsewhere is lost; a
    refused drop redraws the days as they are."""
    try:
        moved = services.arrange_items(seminar=seminar, outline=_posted_agenda(request))
    except services.ArrangementRefused as refused:
        message, refused_drop = str(refused), True
    else:
        refused_drop = False
        message = _("The items are in their new order.") if moved else _("Nothing was moved.")
    if not request.htmx:
        return redirect("agenda:agenda", slug=seminar.slug)
    context = {
        "seminar": seminar,
        "sections": _agenda_sections(seminar),
        "message": message,
        "refused": refused_drop,
    }
    return render(
        request,
        "agenda/agenda_editor.html#arranged",
        context,
        status=400 if refused_drop else 200,
    )


def _posted_agenda(request: HttpRequest) -> Outline:
    """The agenda editor's order fields in page order: "day-3", then day 3's item ids."""
    outline: Outline = []
    for value in request.POST.getlist("order"):
        if value.startswith("day-") and value[4:].isascii() and value[4:].isdecimal():
            outline.append((int(value[4:]), []))
        elif value.isascii() and value.isdecimal() and outline:
            outline[-1][1].append(int(value))
        else:
            raise services.ArrangementRefused(_("That day or item is not part of this seminar."))
    return outline


@login_required
@never_cache
def remove_item(request: AuthenticatedHttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Removing an item says first what goes with it: slides, polls and their votes,
    exercises and their answers."""
    seminar = get_seminar_for_facilitator(request, slug)
    item = get_object_or_404(AgendaItem, pk=item_id, day__seminar=seminar)
    error = ""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            title = live.remove_item(seminar=seminar, item_id=item.pk)
        except services.ArrangementRefused as refused:
            error = str(refused)
        else:
            return redirect(
                f"{reverse('agenda:agenda', args=[seminar.slug])}?removed={quote(title)}"
            )
    context = {"seminar": seminar, "item": item, "goes": live.what_goes_with(item), "error": error}
    return render(request, "agenda/remove_item.html", context, status=400 if error else 200)


@login_required
@never_cache
def remove_day(request: AuthenticatedHttpRequest, slug: str, day_id: int) -> HttpResponse:
    """Removing a day says first what goes with it: each of its items with their slides,
    polls and votes, exercises and answers."""
    seminar = get_seminar_for_facilitator(request, slug)
    day = get_object_or_404(seminar.days, pk=day_id)
    error = ""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            name = live.remove_day(seminar=seminar, day_id=day.pk)
        except services.ArrangementRefused as refused:
            error = str(refused)
        else:
            return redirect(
                f"{reverse('agenda:agenda', args=[seminar.slug])}?removed_day={quote(name)}"
            )
    items = list(day.items.order_by("order", "pk"))
    goes = live.what_goes_with_each(items)
    context = {
        "seminar": seminar,
        "day": day,
        "items": [(item, goes[item.pk]) for item in items],
        "votes": sum(each.votes for each in goes.values()),
        "answers": sum(each.answers for each in goes.values()),
        "questions": sum(each.questions for each in goes.values()),
        "later_days": seminar.days.filter(number__gt=day.number).exists(),
        "error": error,
    }
    return render(request, "agenda/remove_day.html", context, status=400 if error else 200)
