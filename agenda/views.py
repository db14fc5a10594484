from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from agenda.queries import programme_days
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest


@login_required
def programme(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    days = programme_days(seminar)
    return render(request, "agenda/programme.html", {"seminar": seminar, "days": days})
