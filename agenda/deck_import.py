"""Slides from the deck a facilitator already has.

A PDF (PowerPoint's "save as PDF") gives the real slides: each page drawn as an image at
projector width, with the page's text for the phones and screen readers. A .pptx gives its
titles, bullet text and speaker notes; when the server has LibreOffice, it also draws the
slides (as PDF), and each slide is its picture with that text. Without LibreOffice, or when
it fails, the text alone, and the import says why. All or nothing: a file that cannot be
read changes nothing.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Slide
from agenda.office_convert import (
    ConversionError,
    ConversionTimedOut,
    OfficeNotInstalled,
    convert_pptx_to_pdf,
)
from agenda.signals import slides_changed
from seminar.services import lock_seminar
from seminar.text import clean_text

logger = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200
PROJECTOR_WIDTH = 1920
# A page far taller than it is wide is drawn narrower rather than as a giant bitmap.
MAX_PAGE_HEIGHT = 4 * PROJECTOR_WIDTH
# python-pptx holds every part of the file in memory: a small zip that unpacks to
# gigabytes must not take the live room's server down with it.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
LOCK_WAIT_NOTICE_SECONDS = 20
PDF_SIGNATURE = b"%PDF"
ZIP_SIGNATURE = b"PK\x03\x04"
# Encrypted .pptx files and the old binary .ppt are both OLE compound files.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# PDFium is not thread-safe: two facilitators importing at once take turns.
PDFIUM_LOCK = threading.Lock()

Progress = Callable[[int, int], None]
"""Told (pages done, pages in all) as the pages are read."""


class DeckRefused(ValueError):
    """A deck that was not imported, with the reason in the user's language."""


@dataclass(frozen=True)
class Page:
    title: str
    text: str
    notes: str = ""
    png: bytes | None = None


@dataclass(frozen=True)
class Deck:
    kind: str  # "pdf" or "pptx"
    pages: list[Page]
    message: str = ""  # how a .pptx was imported, in the user's language


def read_deck(data: bytes, *, max_pages: int = MAX_PAGES, progress: Progress | None = None) -> Deck:
    """The deck's pages, told apart by content and not by the file's name; nothing is stored."""
    check_size(len(data))
    if deck_kind(data[:8]) == "pptx":
        return read_pptx_deck(data, max_pages=max_pages, progress=progress)
    return Deck("pdf", _read_pdf_in_turn(data, max_pages=max_pages, progress=progress))


def _read_pdf_in_turn(data: bytes, *, max_pages: int, progress: Progress | None) -> list[Page]:
    while not PDFIUM_LOCK.acquire(timeout=LOCK_WAIT_NOTICE_SECONDS):
        if progress:
            progress(0, 0)  # still waiting for another import, not stalled
    try:
        return read_pdf(data, max_pages=max_pages, progress=progress)
    finally:
        PDFIUM_LOCK.release()


def read_pptx_deck(
    data: bytes, *, max_pages: int = MAX_PAGES, progress: Progress | None = None
) -> Deck:
    """The slides' text from the file itself, their pictures from LibreOffice if it can."""
    # Read first: a file refused for what it is never reaches LibreOffice.
    texts = read_pptx(data, max_pages=max_pages)
    still_working = (lambda: progress(0, 0)) if progress else None
    try:
        pdf = convert_pptx_to_pdf(data, still_working=still_working)
        drawn = _read_pdf_in_turn(pdf, max_pages=max_pages, progress=progress)
    except OfficeNotInstalled as missing:
        logger.info("A .pptx imported as text: %s", missing)
        message = _(
            "Imported as text: LibreOffice is not installed on this server, so the pictures "
            "were left out. The README says how to add it; or save the deck as PDF and "
            "import that."
        )
    except ConversionTimedOut as late:
        logger.warning("A .pptx imported as text: %s", late)
        message = _(
            "Imported as text: LibreOffice could not convert the file within %(seconds)s "
            "seconds, so the pictures were left out. Save the deck as PDF and import that "
            "for them."
        ) % {"seconds": f"{late.seconds:g}"}
    except (ConversionError, DeckRefused) as failed:
        logger.warning("A .pptx imported as text: %s", failed)
        message = _(
            "Imported as text: LibreOffice could not convert the file, so the pictures "
            "were left out. Save the deck as PDF and import that for them."
        )
    else:
        return Deck(
            "pptx",
            _with_pictures(texts, drawn),
            _("Imported as pictures with their text (converted with LibreOffice)."),
        )
    if progress:
        progress(len(texts), len(texts))
    return Deck("pptx", texts, message)


def _with_pictures(texts: list[Page], drawn: list[Page]) -> list[Page]:
    """Each slide's picture with the file's own text and notes, which keep the reading
    order and the speaker notes a PDF loses; the PDF's pages alone if they do not match."""
    if len(drawn) != len(texts):
        logger.warning(
            "LibreOffice drew %s pages of a .pptx with %s shown slides", len(drawn), len(texts)
        )
        return drawn
    return [
        dataclasses.replace(text, png=page.png) for text, page in zip(texts, drawn, strict=True)
    ]


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise DeckRefused(
            _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )


def deck_kind(head: bytes) -> str:
    """ "pdf" or "pptx" from the file's first bytes, or the refusal a person can act on."""
    if head.startswith(PDF_SIGNATURE):
        return "pdf"
    if head.startswith(ZIP_SIGNATURE):
        return "pptx"
    if head.startswith(OLE_SIGNATURE):
        raise DeckRefused(
            _(
                "The file is locked with a password, or it is an old PowerPoint file (.ppt). "
                "Save it as PDF without a password and try again."
            )
        )
    raise DeckRefused(
        _(
            "That is neither a PDF nor a PowerPoint file (.pptx). "
            "Save the presentation as PDF and try again."
        )
    )


def _check_page_count(count: int, *, max_pages: int) -> None:
    if count == 0:
        raise DeckRefused(_("The file has no slides."))
    if count > max_pages:
        raise DeckRefused(
            _("The file has %(count)s slides; at most %(limit)s can be imported at once.")
            % {"count": count, "limit": max_pages}
        )


def _title_from(text: str, number: int) -> str:
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first_line[:300] or _("Slide %(number)s") % {"number": number}


def read_pdf(
    data: bytes, *, max_pages: int = MAX_PAGES, progress: Progress | None = None
) -> list[Page]:
    # Imported here, as python-pptx below: a server restarting (a hall waiting to come
    # back) need not load them first, about a tenth of its start (BENCHMARKS.md).
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise DeckRefused(
                _("The PDF is locked with a password. Save it again without one.")
            ) from error
        raise DeckRefused(_("The PDF is damaged and cannot be read.")) from error
    try:
        _check_page_count(len(document), max_pages=max_pages)
        pages = []
        for number, page in enumerate(document, start=1):
            try:
                width, height = page.get_size()
                bitmap = page.render(scale=min(PROJECTOR_WIDTH / width, MAX_PAGE_HEIGHT / height))
                image = bitmap.to_pil()
                text = clean_text(page.get_textpage().get_text_range())
            except pdfium.PdfiumError as error:
                raise DeckRefused(
                    _("Page %(number)s of the PDF cannot be drawn.") % {"number": number}
                ) from error
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="PNG", optimize=True)
            pages.append(Page(title=_title_from(text, number), text=text, png=buffer.getvalue()))
            if progress:
                progress(number, len(document))
        return pages
    finally:
        document.close()


def read_pptx(
    data: bytes, *, max_pages: int = MAX_PAGES, progress: Progress | None = None
) -> list[Page]:
    damaged = DeckRefused(_("The PowerPoint file is damaged and cannot be read."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except zipfile.BadZipFile as error:
        raise damaged from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise DeckRefused(
            _("The PowerPoint file is too large unpacked: at most %(mb)s MB.")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    from pptx import Presentation

    try:
        presentation = Presentation(io.BytesIO(data))
    # A damaged or foreign zip fails deep inside the parser in many ways (BadZipFile,
    # KeyError, lxml's XMLSyntaxError, ValueError); to the facilitator they all mean one thing.
    except Exception as error:
        raise damaged from error
    # Hidden slides are left out, as PowerPoint leaves them out of a PDF.
    shown = [slide for slide in presentation.slides if slide.element.get("show") != "0"]
    _check_page_count(len(shown), max_pages=max_pages)
    pages = []
    for number, slide in enumerate(shown, start=1):
        title_shape = slide.shapes.title
        title = clean_text(title_shape.text_frame.text) if title_shape is not None else ""
        title_id = title_shape.shape_id if title_shape is not None else None
        lines = [
            line
            for shape in _in_reading_order(slide.shapes)
            if shape.shape_id != title_id
            for line in _text_lines(shape)
        ]
        text = clean_text("\n".join(lines))
        notes = (
            clean_text(slide.notes_slide.notes_text_frame.text)
            if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None
            else ""
        )
        title = " ".join(title.split())[:300] or _title_from(text, number)
        pages.append(Page(title=title, text=text, notes=notes))
        if progress:
            progress(number, len(shown))
    return pages


def _in_reading_order(shapes: Any) -> Iterator[Any]:
    """Top to bottom, then left to right, into groups: the order a reader takes."""

    from pptx.shapes.group import GroupShape

    def position(shape: Any) -> tuple[int, int]:
        return (int(shape.top or 0), int(shape.left or 0))

    for shape in sorted(shapes, key=position):
        if isinstance(shape, GroupShape):
            yield from _in_reading_order(shape.shapes)
        else:
            yield shape


def _text_lines(shape: Any) -> Iterator[str]:
    """A text box's paragraphs as slide markup (two spaces per bullet level), a table's rows."""
    if shape.has_text_frame:
        for paragraph in shape.text_frame.paragraphs:
            text = " ".join(paragraph.text.split())
            if text:
                yield "  " * min(paragraph.level, 1) + text
    elif shape.has_table:
        for row in shape.table.rows:
            cells = [" ".join(cell.text.split()) for cell in row.cells]
            if any(cells):
                yield " · ".join(cell for cell in cells if cell)


@dataclass(frozen=True)
class Imported:
    kind: str
    slides: list[Slide]
    message: str = ""


def import_deck(
    *,
    item: AgendaItem,
    data: bytes,
    position: int | None = None,
    max_pages: int = MAX_PAGES,
    progress: Progress | None = None,
) -> Imported:
    """The deck's pages as slides of `item`: from its `position`th place (1 is first),
    or after its own slides. The room's screens follow after commit."""
    deck = read_deck(data, max_pages=max_pages, progress=progress)
    # The images are written before the transaction, so the seminar is locked only for
    # the inserts; if anything fails they go again and nothing half-imported stays.
    images = [_store_image(page.png) if page.png else "" for page in deck.pages]
    try:
        with transaction.atomic():
            slides = _insert_pages(item=item, pages=deck.pages, images=images, position=position)
    except BaseException:
        for name in filter(None, images):
            default_storage.delete(name)
        raise
    return Imported(deck.kind, slides, deck.message)


def _store_image(png: bytes) -> str:
    return default_storage.save(f"slides/{uuid.uuid4().hex}.png", ContentFile(png))


def _insert_pages(
    *, item: AgendaItem, pages: list[Page], images: list[str], position: int | None
) -> list[Slide]:
    # One change to a seminar's slides at a time: two decks into one item must not both
    # start after the same last slide (PostgreSQL runs transactions side by side).
    lock_seminar(item.day.seminar_id)
    last = item.slides.aggregate(Max("order"))["order__max"] or 0
    start = last + 1 if position is None else max(1, min(position, last + 1))
    item.slides.filter(order__gte=start).update(order=F("order") + len(pages))
    slides = Slide.objects.bulk_create(
        Slide(
            item=item,
            order=start + offset,
            layout=Slide.Layout.PAGE if image else _text_layout(page),
            title=page.title,
            body=page.text,
            notes=page.notes,
            image=image,
        )
        for offset, (page, image) in enumerate(zip(pages, images, strict=True))
    )
    slides_changed.send(None, seminar_id=item.day.seminar_id)
    return slides


def _text_layout(page: Page) -> Slide.Layout:
    return Slide.Layout.BULLETS if page.text else Slide.Layout.SECTION
