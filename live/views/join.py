"""The console's join address: which of the machine's addresses the phones are sent to."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from live import services as live
from live.forms import JoinHostForm
from live.views.room import console_message, console_response
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest
from seminar.lan import server_join_address


@login_required
@require_POST
def choose_join_host(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    address = server_join_address()
    if address.fixed:
        return console_message(
            request,
            _(
                "The join address is set on the server (PLENUM_PUBLIC_URL): it cannot be "
                "changed here."
            ),
        )
    form = JoinHostForm(request.POST, choices=address.choices)
    if not form.is_valid():
        return console_message(
            request, _("That is not one of the addresses the phones can reach this server on.")
        )
    live.set_join_host(seminar=seminar, host=form.cleaned_data["host"])
    return console_response(request, seminar)
