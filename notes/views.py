"""The organiser's page after the seminar: the notes to download, and deleting the
participants' data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpResponse,
)
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from notes.export import FORMATS, export_notes
from notes.retention import Deleted, delete_participant_data
from seminar.access import get_seminar_for_facilitator
from seminar.http import AuthenticatedHttpRequest

# Session notes and deletion ------------------------------------------------------------------


@login_required
@never_cache
def notes(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organiser's page after the seminar: the notes to download, and deleting the
    participants' data."""
    seminar = get_seminar_for_facilitator(request, slug)
    deleted: Deleted | None = None
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("Tick the box to confirm that the data may be deleted.")
        else:
            deleted = delete_participant_data(seminar=seminar)
    context = {
        "seminar": seminar,
        "formats": NOTE_FORMATS,
        "participants": seminar.participants.count(),
        "deleted": deleted,
        "error": error,
    }
    return render(request, "seminar/notes.html", context, status=400 if error else 200)


NOTE_FORMATS = [
    ("docx", gettext_lazy("Word, to edit and file")),
    ("pdf", gettext_lazy("PDF, to send to everyone")),
    ("xlsx", gettext_lazy("Excel: the raw data")),
    ("md", gettext_lazy("Markdown")),
    ("zip", gettext_lazy("Everything in one zip, with the photos and drawings")),
]


@login_required
@never_cache
@require_GET
def notes_download(request: AuthenticatedHttpRequest, slug: str, format: str) -> HttpResponse:
    seminar = get_seminar_for_facilitator(request, slug)
    if format not in FORMATS:
        raise Http404
    export = export_notes(seminar=seminar, format=format)
    # A plain response over the finished bytes (never streamed), as the programme file.
    disposition = content_disposition_header(as_attachment=True, filename=export.filename)
    return HttpResponse(
        export.data,
        content_type=export.content_type,
        headers={"Content-Disposition": disposition},
    )
