from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from agenda.ks_basisprogram import PROGRAMME
from agenda.queries import first_slide, programme_days
from seminar.access import get_seminar_for_facilitator
from seminar.forms import CreateSeminarForm
from seminar.http import AuthenticatedHttpRequest
from seminar.join_links import join_url, qr_svg
from seminar.models import Seminar
from seminar.queries import seminars_for_facilitator
from seminar.services import create_seminar


def front_page(request: HttpRequest) -> HttpResponse:
    return render(request, "seminar/front_page.html")


@login_required
def my_seminars(request: AuthenticatedHttpRequest) -> HttpResponse:
    seminars = seminars_for_facilitator(request.user).prefetch_related("days")
    return render(request, "seminar/my_seminars.html", {"seminars": seminars})


@login_required
def new_seminar(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CreateSeminarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        seminar = create_seminar(
            title=form.cleaned_data["title"],
            municipality=form.cleaned_data["municipality"],
            language=form.cleaned_data["language"],
            first_date=form.cleaned_data["first_date"],
            programme=PROGRAMME,
            facilitator=request.user,
        )
        return redirect("agenda:programme", slug=seminar.slug)
    return render(request, "seminar/new_seminar.html", {"form": form})


@login_required
def console(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    days = programme_days(seminar)
    return render(request, "seminar/console.html", {"seminar": seminar, "days": days})


def projector(request: HttpRequest, token: str) -> HttpResponse:
    seminar = get_object_or_404(Seminar, projector_token=token)
    slide = first_slide(seminar)
    url = join_url(request, seminar)
    return render(
        request,
        "seminar/projector.html",
        {"seminar": seminar, "slide": slide, "join_url": url, "join_qr": qr_svg(url)},
    )


def join(request: HttpRequest, code: str) -> HttpResponse:
    seminar = get_object_or_404(Seminar, join_code=code)
    return render(request, "seminar/join.html", {"seminar": seminar})
