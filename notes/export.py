"""The session notes: what the organiser takes home after the seminar."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from seminar.models import Seminar

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
    "zip": "application/zip",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass(frozen=True)
class Export:
    data: bytes
    filename: str
    content_type: str


def export_notes(*, seminar: Seminar, format: str) -> Export:
    """The notes in one format, in the seminar's language."""
    if format not in CONTENT_TYPES:
        raise ValueError(f"Unknown format {format!r}; one of {', '.join(FORMATS)}.")
    # Imported here: the writers bring matplotlib, reportlab, python-docx and openpyxl,
    # which a server needs only when someone downloads notes, not to start quickly.
    from notes.document import compose
    from notes.report import build_report
    from notes.writers import bundle, excel, markdown, pdf, word

    with translation.override(seminar.language):
        report = build_report(seminar)
        name = slugify(_("session notes"))  # outside the f-string, where makemessages sees it
        stem = f"{seminar.slug}-{name}"
        if format == "xlsx":
            data = excel(report)
        else:
            document = compose(report)
            writers = {
                "docx": lambda: word(document),
                "pdf": lambda: pdf(document),
                "md": lambda: markdown(document).encode(),
                "zip": lambda: bundle(report, document, stem=stem),
            }
            data = writers[format]()
    return Export(data=data, filename=f"{stem}.{format}", content_type=CONTENT_TYPES[format])
