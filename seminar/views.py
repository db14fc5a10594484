from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from seminar import groupings
from seminar.access import get_seminar_for_facilitator
from seminar.forms import (
    DisplayNameForm,
    GroupDeleteForm,
    GroupMoveForm,
    GroupNameForm,
    JoinCodeForm,
    NewFacilitatorForm,
)
from seminar.groupings import GroupRefused
from seminar.http import AuthenticatedHttpRequest, posted_id
from seminar.models import Group, Seminar
from seminar.queries import group_overview, seminars_for_facilitator
from seminar.services import AccountRefused, create_facilitator, display_name, set_display_name


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
    elif action in {"move", "role", "delete", "rename", "reorder"}:
        group = seminar.groups.filter(pk=posted_id(request, "group") or 0).first()
        if group is None:
            raise GroupRefused(_("That group is not part of this seminar."))
        if action == "delete":
            confirm = GroupDeleteForm(request.POST)
            confirmed = confirm.is_valid() and confirm.cleaned_data["confirm"]
            groupings.delete_group(group=group, confirmed=confirmed)
            return
        if action == "rename":
            groupings.rename_group(group=group, name=_valid(GroupNameForm(request.POST))["name"])
            return
        if action == "reorder":
            direction = _valid(GroupMoveForm(request.POST))["direction"]
            groupings.move_group(group=group, by=-1 if direction == "up" else 1)
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


def _valid(form: forms.Form) -> dict[str, Any]:
    """The form's values, or its first error as the page's refusal."""
    if not form.is_valid():
        raise GroupRefused(next(error for errors in form.errors.values() for error in errors))
    return form.cleaned_data


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """Privacy and accessibility in plain words: linked from every page's footer."""
    return render(request, "seminar/about.html")


# Accounts -----------------------------------------------------------------------------------


@login_required
@never_cache
def accounts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff make facilitators' accounts here; a first password is shown once, to hand over."""
    if not request.user.is_staff:
        raise Http404
    form = NewFacilitatorForm(request.POST if request.method == "POST" else None)
    made: tuple[User, str] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            made = create_facilitator(
                username=form.cleaned_data["username"], name=form.cleaned_data["name"]
            )
        except AccountRefused as refused:
            form.add_error("username", str(refused))
        else:
            form = NewFacilitatorForm()
    people = [
        (user, display_name(user))
        for user in User.objects.filter(is_active=True).order_by("username")
    ]
    context = {"form": form, "made": made, "people": people}
    return render(request, "seminar/accounts.html", context, status=400 if form.errors else 200)


@login_required
@never_cache
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A facilitator's own name and password."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    name_form = DisplayNameForm(
        request.POST if action == "name" else None,
        initial={"name": display_name(request.user)},
    )
    password_form = PasswordChangeForm(request.user, request.POST if action == "password" else None)
    if action == "name" and name_form.is_valid():
        set_display_name(user=request.user, name=name_form.cleaned_data["name"])
        return redirect(f"{reverse('seminar:account')}?saved=name")
    if action == "password" and password_form.is_valid():
        password_form.save()
        update_session_auth_hash(request, password_form.user)  # stay logged in here
        return redirect(f"{reverse('seminar:account')}?saved=password")
    context = {
        "name_form": name_form,
        "password_form": password_form,
        "saved": request.GET.get("saved", ""),
    }
    failed = bool(name_form.errors or password_form.errors)
    return render(request, "seminar/account.html", context, status=400 if failed else 200)
