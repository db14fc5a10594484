"""Decks as facilitators bring them, made here: PowerPoint's "save as PDF", and a .pptx."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pptx import Presentation
from pptx.util import Inches
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas


def pdf_deck(*titles: str, password: str = "") -> bytes:
    """One landscape page per title, with a line of text under it."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4), encrypt=password or None)
    for title in titles:
        pdf.setFont("Helvetica-Bold", 36)
        pdf.drawString(60, 480, title)
        pdf.setFont("Helvetica", 20)
        pdf.drawString(60, 420, "Tall og fakta om kommunen")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class PptxSlide:
    title: str
    bullets: list[tuple[str, int]] = field(default_factory=list)  # (text, level)
    notes: str = ""
    table: list[list[str]] = field(default_factory=list)
    hidden: bool = False


def pptx_deck(*slides: PptxSlide) -> bytes:
    """PowerPoint's own "Title and Content" slides, as python-pptx writes them."""
    presentation = Presentation()
    for spec in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = spec.title
        body = slide.placeholders[1].text_frame
        for number, (text, level) in enumerate(spec.bullets):
            paragraph = body.paragraphs[0] if number == 0 else body.add_paragraph()
            paragraph.text = text
            paragraph.level = level
        if spec.table:
            shape = slide.shapes.add_table(
                len(spec.table), len(spec.table[0]), Inches(1), Inches(6), Inches(8), Inches(1)
            )
            for row, cells in zip(shape.table.rows, spec.table, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
        if spec.notes:
            slide.notes_slide.notes_text_frame.text = spec.notes
        if spec.hidden:
            slide.element.set("show", "0")
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def pptx_deck_with_picture(picture: bytes, *slides: PptxSlide) -> bytes:
    """`pptx_deck`'s slides, the first with `picture` (PNG or JPEG) at its lower right."""
    presentation = Presentation(io.BytesIO(pptx_deck(*slides)))
    presentation.slides[0].shapes.add_picture(
        io.BytesIO(picture), Inches(6), Inches(3.5), Inches(3.5), Inches(3.5)
    )
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
