"""Deck: a 60-page PDF (a PowerPoint deck saved as PDF) imported as slides.

The PDF is made with reportlab: each page a title, six bullets and a filled chart area, at
the 16:9 size PowerPoint exports. Timed three ways:
- `import_deck` alone, in this process (checking the file, drawing every page at projector
  width, reading its text, storing the images and the slides);
- as the facilitator meets it: the console's upload (multipart POST) to a running server,
  the import in the server's background thread, and the console's polling of the progress
  until it says "imported", from the first byte sent to that answer;
- a 60-slide .pptx (text only) through `import_deck`.
Target: under 30 s for the 60-page PDF.
"""

from __future__ import annotations

import asyncio
import io
import re
import time
import urllib.request
import uuid

from bench.common import (
    BenchError,
    Context,
    Facilitator,
    Installation,
    PlenumServer,
    free_port,
    report,
    setup_django,
)

PAGES = 60
TARGET_SECONDS = 30.0
POLL_SECONDS = 0.5  # as the console's progress polls


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


def pptx_deck(slides: int) -> bytes:
    from pptx import Presentation

    presentation = Presentation()
    for number in range(1, slides + 1):
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = f"Lysbilde {number}: Om kommunen"
        body = slide.placeholders[1].text_frame
        body.text = "Punkt 1 om økonomi og planer"
        for line in range(2, 7):
            body.add_paragraph().text = f"Punkt {line} om økonomi og planer"
        slide.notes_slide.notes_text_frame.text = "Si noe om tallene."
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _in_process(installation: Installation, pdf: bytes, pptx: bytes) -> dict[str, float]:
    setup_django(installation)
    from agenda.deck_import import import_deck
    from agenda.models import AgendaItem

    item = AgendaItem.objects.filter(day__seminar__slug=installation.slug).order_by("pk").first()
    assert item is not None
    timings = {}
    for name, data in (("pdf", pdf), ("pptx", pptx)):
        started = time.perf_counter()
        slides = import_deck(item=item, data=data).slides
        timings[name] = time.perf_counter() - started
        if len(slides) != PAGES:
            raise BenchError(f"{name}: {len(slides)} slides imported, not {PAGES}")
    return timings


def _multipart(fields: dict[str, str], file_name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _through_the_console(facilitator: Facilitator, item_id: int, pdf: bytes) -> float:
    """Seconds from the upload's start to the progress saying the deck is in."""
    console = f"{facilitator.base_url}/seminars/{facilitator.slug}/console/"
    headers = {
        "X-CSRFToken": facilitator.cookie("csrftoken"),
        "HX-Request": "true",
        "Referer": console,
    }
    body, content_type = _multipart({"item": str(item_id), "place": "end"}, "deck.pdf", pdf)
    started = time.perf_counter()
    request = urllib.request.Request(  # noqa: S310  (always http://127.0.0.1)
        f"{facilitator.base_url}/seminars/{facilitator.slug}/decks/",
        data=body,
        headers={**headers, "Content-Type": content_type},
    )
    with facilitator.opener.open(request, timeout=facilitator.timeout) as response:
        answer = response.read().decode()
    found = re.search(r'hx-get="(/seminars/[^"]+/decks/\d+/)"', answer)
    if found is None:
        raise BenchError(f"the upload was not taken: {answer[:300]!r}")
    while time.perf_counter() - started < 4 * TARGET_SECONDS:
        time.sleep(POLL_SECONDS)
        status, progress = facilitator._request(found.group(1), headers={"HX-Request": "true"})
        if "deck-import__outcome" in progress:
            if "deck-import__outcome--failed" in progress or status != 200:
                raise BenchError(f"the import failed: {progress[:400]!r}")
            return time.perf_counter() - started
    raise BenchError(f"the import was not done after {4 * TARGET_SECONDS:.0f} s")


def _first_item_id(installation: Installation) -> int:
    setup_django(installation)
    from agenda.models import AgendaItem

    item = AgendaItem.objects.filter(day__seminar__slug=installation.slug).order_by("pk").first()
    assert item is not None
    return item.pk


async def run(ctx: Context) -> dict[str, str]:
    installation = ctx.installation
    pdf = deck(PAGES)
    pptx = pptx_deck(PAGES)
    # The ORM refuses the event loop: Django work runs in a worker thread.
    timings = await asyncio.to_thread(_in_process, installation, pdf, pptx)
    item_id = await asyncio.to_thread(_first_item_id, installation)
    with PlenumServer(installation, port=free_port(), log_path=ctx.work_dir / "deck.log") as server:
        facilitator = Facilitator(server.base_url, installation.slug)
        await asyncio.to_thread(facilitator.login, installation.username, installation.password)
        console_seconds = await asyncio.to_thread(_through_the_console, facilitator, item_id, pdf)
    verdict = "met" if max(timings["pdf"], console_seconds) < TARGET_SECONDS else "MISSED"
    report(
        f"deck: {PAGES} pages ({len(pdf) // 1024} KB PDF) imported in {timings['pdf']:.2f} s "
        f"in process ({timings['pdf'] / PAGES * 1000:.0f} ms a page), "
        f"{console_seconds:.2f} s from the console's upload to 'imported' "
        f"(progress polled every {POLL_SECONDS} s); target < {TARGET_SECONDS:.0f} s: {verdict}. "
        f"{PAGES}-slide .pptx ({len(pptx) // 1024} KB, text only): {timings['pptx']:.2f} s"
    )
    return {
        "deck_60_pages_s": f"{timings['pdf']:.2f}",
        "deck_60_pages_console_s": f"{console_seconds:.2f}",
        "deck_60_slides_pptx_s": f"{timings['pptx']:.2f}",
    }
