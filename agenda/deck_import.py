"""Slides from the deck a facilitator already has: each page of a PDF (PowerPoint's "save
as PDF") becomes a slide, drawn as an image at projector width, with the page's text for
the phones and the programme. All or nothing: a file that cannot be read changes nothing."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Slide
from seminar.text import clean_text

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200
PROJECTOR_WIDTH = 1920


class DeckRefused(ValueError):
    """A deck that was not imported, with the reason in the user's language."""


@dataclass(frozen=True)
class Page:
    title: str
    text: str
    png: bytes


def read_pdf(data: bytes, *, max_pages: int = MAX_PAGES) -> list[Page]:
    """Every page drawn and its text read, or a refusal; nothing is stored here."""
    if len(data) > MAX_BYTES:
        raise DeckRefused(
            _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not data.startswith(b"%PDF"):
        raise DeckRefused(_("That is not a PDF. Save the presentation as PDF and try again."))
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise DeckRefused(
                _("The PDF is locked with a password. Save it again without one.")
            ) from error
        raise DeckRefused(_("The PDF is damaged and cannot be read.")) from error
    try:
        if len(document) == 0:
            raise DeckRefused(_("The PDF has no pages."))
        if len(document) > max_pages:
            raise DeckRefused(
                _("The PDF has %(count)s pages; at most %(limit)s can be imported at once.")
                % {"count": len(document), "limit": max_pages}
            )
        pages = []
        for number, page in enumerate(document, start=1):
            try:
                bitmap = page.render(scale=PROJECTOR_WIDTH / page.get_width())
                image = bitmap.to_pil()
                text = clean_text(page.get_textpage().get_text_range())
            except pdfium.PdfiumError as error:
                raise DeckRefused(
                    _("Page %(number)s of the PDF cannot be drawn.") % {"number": number}
                ) from error
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="PNG", optimize=True)
            first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
            title = first_line[:300] or _("Page %(number)s") % {"number": number}
            pages.append(Page(title=title, text=text, png=buffer.getvalue()))
        return pages
    finally:
        document.close()


@transaction.atomic
def import_pdf(*, item: AgendaItem, data: bytes, max_pages: int = MAX_PAGES) -> list[Slide]:
    """The deck's pages as slides at the end of `item`."""
    pages = read_pdf(data, max_pages=max_pages)
    start = (item.slides.aggregate(Max("order"))["order__max"] or 0) + 1
    saved: list[str] = []
    slides = []
    try:
        for offset, page in enumerate(pages):
            slide = Slide(
                item=item,
                order=start + offset,
                layout=Slide.Layout.PAGE,
                title=page.title,
                body=page.text,
            )
            slide.image.save(f"{uuid.uuid4().hex}.png", ContentFile(page.png), save=False)
            saved.append(slide.image.name)
            slides.append(slide)
        return Slide.objects.bulk_create(slides)
    except Exception:
        for name in saved:  # nothing half-imported stays on disk
            default_storage.delete(name)
        raise
