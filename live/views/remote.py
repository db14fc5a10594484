"""The facilitator's phone remote: the console's QR code for it, the link's sign-in and the
remote's page. The remote drives with the console's own buttons (live.views.room.control
and the panels' controls) and listens to the console's socket."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from live.models import LiveState
from live.views.room import console_page_context
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest
from seminar.join_links import qr_svg
from seminar.lan import server_join_address
from seminar.models import Seminar
from seminar.remote import (
    REMOTE_LINK_SECONDS,
    remote_link_token,
    remote_link_works,
    sign_in_with_remote_link,
)

# The console asks for a new code a minute before the one it shows runs out.
LINK_REFRESH_SECONDS = REMOTE_LINK_SECONDS - 60


@login_required
@never_cache
def remote(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    _snapshot, context = console_page_context(seminar)
    return render(request, "seminar/remote.html", context)


@login_required
@never_cache
def remote_link(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The QR code the console shows, with a link made for this request: it works once,
    for REMOTE_LINK_SECONDS, on the address the phones use to reach this server."""
    seminar = get_seminar_for_facilitator(request, slug)
    chosen = LiveState.objects.filter(seminar=seminar).values_list("join_host", flat=True).first()
    base_url = server_join_address(chosen=chosen or "").base_url
    token = remote_link_token(user=request.user, seminar=seminar)
    link_url = base_url + reverse("seminar:remote_sign_in", args=[seminar.slug, token])
    context = {
        "seminar": seminar,
        "link_qr": qr_svg(link_url),
        "link_minutes": REMOTE_LINK_SECONDS // 60,
        "refresh_seconds": LINK_REFRESH_SECONDS,
        "remote_address": base_url + reverse("seminar:remote", args=[seminar.slug]),
    }
    template = "seminar/remote.html#remote_link" if request.htmx else "seminar/remote_link.html"
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
def remote_sign_in(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The QR code's link. Opening it shows a page that signs in with one POST (sent by
    itself where scripts run): a link previewer that only fetches it spends nothing."""
    seminar = Seminar.objects.filter(slug=slug).first()
    if seminar is not None and request.method == "POST":
        if sign_in_with_remote_link(request, token=token, seminar=seminar):
            return redirect("seminar:remote", slug=seminar.slug)
    elif seminar is not None and remote_link_works(token, seminar=seminar):
        return render(request, "seminar/remote_sign_in.html", {"seminar": seminar})
    # The same answer for a spent link, another seminar's and a made-up address.
    return render(request, "seminar/remote_sign_in.html", {"spent": True}, status=410)
