from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from seminar import groupings
from seminar.access import get_seminar_for_facilitator
from seminar.forms import JoinCodeForm
from seminar.groupings import GroupRefused
from seminar.http import AuthenticatedHttpRequest, posted_id
from seminar.models import Group, Seminar
from seminar.queries import group_overview, seminars_for_facilitator


def front_page(request: HttpRequest) -> HttpResponse:
    form = JoinCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("seminar:join", code=form.cleaned_data["code"])
    return render(request, "seminar/front_page.html", {"form": form})


@login_required
def my_seminars(request: AuthenticatedHttpRequest) -> HttpResponse:
    seminars = seminars_for_facilitator(request.user).prefetch_related("days")
    return render(request, "seminar/my_seminars.html", {"seminars": seminars})


# Pictures from phones -----------------------------------------------------------------------

MEDIA_NAME = re.compile(r"(?:exercises|slides)/[0-9a-f]{32}\.(jpg|png)")


@require_GET
def media(request: HttpRequest, path: str) -> HttpResponse:
    """A photo or drawing. Its name is an unguessable random one, made when it was
    cleaned (exercises/images.py); nothing else under the media folder is served."""
    match = MEDIA_NAME.fullmatch(path)
    file = Path(settings.MEDIA_ROOT) / path
    if match is None or not file.is_file():
        raise Http404
    response = HttpResponse(
        file.read_bytes(), content_type=f"image/{'png' if match[1] == 'png' else 'jpeg'}"
    )
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


# Groups -------------------------------------------------------------------------------------


@login_required
@never_cache
def groups(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The seminar's tables, party groups and sides: who is where, and the changes."""
    seminar = get_seminar_for_facilitator(request, slug)
    error = ""
    if request.method == "POST":
        try:
            _change_groups(request, seminar)
        except GroupRefused as refused:
            error = str(refused)
        else:
            return redirect("seminar:groups", slug=seminar.slug)
    context = {"seminar": seminar, "overview": group_overview(seminar), "error": error}
    return render(request, "seminar/groups.html", context, status=400 if error else 200)


def _change_groups(request: AuthenticatedHttpRequest, seminar: Seminar) -> None:
    action = request.POST.get("action", "")
    kind = request.POST.get("kind", "")
    if action in {"add", "assign"} and kind not in Group.Kind.values:
        raise GroupRefused(_("Choose tables, party groups or sides."))
    if action == "add-tables":
        raw = request.POST.get("count", "")
        count = int(raw) if raw.isascii() and raw.isdecimal() and len(raw) < 4 else 0
        groupings.add_tables(seminar=seminar, count=count)
    elif action == "add":
        names = request.POST.get("names", "")[:10_000].splitlines()
        groupings.add_groups(
            seminar=seminar, kind=kind, names=names, side=request.POST.get("side", "")
        )
    elif action == "assign":
        groupings.assign_at_random(seminar=seminar, kind=kind)
    elif action in {"move", "role", "delete"}:
        group = seminar.groups.filter(pk=posted_id(request, "group") or 0).first()
        if group is None:
            raise GroupRefused(_("That group is not part of this seminar."))
        if action == "delete":
            groupings.delete_group(group=group)
            return
        person = seminar.participants.filter(pk=posted_id(request, "participant") or 0).first()
        if person is None:
            raise GroupRefused(_("That person is not part of this seminar."))
        if action == "move":
            groupings.put_in_group(participant=person, group=group)
        else:
            groupings.set_role(group=group, participant=person, role=request.POST.get("role", ""))
    else:
        raise GroupRefused(_("Unknown action."))


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """Privacy and accessibility in plain words: linked from every page's footer."""
    return render(request, "seminar/about.html")
