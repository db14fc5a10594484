"""Deck: a 60-page PDF (a PowerPoint deck saved as PDF) imported as slides, in this process.

The PDF is made with reportlab: each page a title, six bullets and a filled chart area, at
the 16:9 size PowerPoint exports. Timed: `import_deck` alone (checking the file, drawing
every page at projector width, reading its text, storing the images and the slides).
Target: under 30 s.
"""

from __future__ import annotations

import asyncio
import io
import time

from bench.common import Context, Installation, report, setup_django

PAGES = 60
TARGET_SECONDS = 30.0


def deck(pages: int) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(960, 540))  # 13.33 x 7.5 in, as PowerPoint
    for number in range(1, pages + 1):
        pdf.setFillColorRGB(0, 0.33, 0.5)
        pdf.setFont("Helvetica-Bold", 34)
        pdf.drawString(48, 470, f"Lysbilde {number}: Om kommunen")
        pdf.setFillColorRGB(0, 0, 0)
        pdf.setFont("Helvetica", 20)
        for line in range(6):
            pdf.drawString(64, 400 - line * 40, f"• Punkt {line + 1} om økonomi og planer")
        pdf.setFillColorRGB(0.8, 0.9, 0.95)
        pdf.rect(560, 80, 340, 320, fill=1, stroke=0)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _run(installation: Installation) -> dict[str, str]:
    setup_django(installation)
    from agenda.deck_import import import_deck
    from agenda.models import AgendaItem

    data = deck(PAGES)
    item = AgendaItem.objects.filter(day__seminar__slug="sel-2023").order_by("pk").first()
    assert item is not None
    started = time.perf_counter()
    slides = import_deck(item=item, data=data).slides
    seconds = time.perf_counter() - started
    verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
    per_page = seconds / len(slides) * 1000
    report(
        f"deck: {len(slides)} pages ({len(data) // 1024} KB PDF) imported in {seconds:.2f} s "
        f"({per_page:.0f} ms a page), target < {TARGET_SECONDS:.0f} s: {verdict}"
    )
    return {"deck_60_pages_s": f"{seconds:.2f}"}


async def run(ctx: Context) -> dict[str, str]:
    # The ORM refuses the event loop: the whole scenario runs in a worker thread.
    return await asyncio.to_thread(_run, ctx.installation)
