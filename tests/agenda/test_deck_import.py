"""A facilitator's own deck, saved as PDF, becomes slides; a bad file changes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from PIL import Image
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from agenda.deck_import import DeckRefused, import_pdf
from agenda.models import AgendaItem, Slide
from tests.factories import make_seminar

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def deck(*titles: str, password: str = "") -> bytes:
    """A PDF like PowerPoint's "save as PDF": one landscape page per title."""
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


def slides_of(item: AgendaItem) -> list[tuple[str, str]]:
    return list(item.slides.order_by("order").values_list("layout", "title"))


def test_each_page_becomes_a_slide_with_its_image_and_text_after_the_items_own():
    seminar = make_seminar(slides_per_item=2)
    item = AgendaItem.objects.get(day__seminar=seminar, day__number=1)

    imported = import_pdf(item=item, data=deck("Om Sel kommune", "Økonomi og befolkning"))

    assert slides_of(item) == [
        ("bullets", "Slide 1.1.1"),
        ("bullets", "Slide 1.1.2"),
        ("page", "Om Sel kommune"),
        ("page", "Økonomi og befolkning"),
    ]
    assert imported[1].body == "Økonomi og befolkning\nTall og fakta om kommunen"
    with Image.open(imported[0].image.path) as page:
        assert (page.format, page.width) == ("PNG", 1920)
    served = Client().get(imported[0].image.url)
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"PK\x03\x04 a pptx is a zip",
            "That is not a PDF. Save the presentation as PDF and try again.",
        ),
        (deck("Side")[:400], "The PDF is damaged and cannot be read."),
        (
            deck("Hemmelig", password="hemmelig"),
            "The PDF is locked with a password. Save it again without one.",
        ),
        (deck("1", "2", "3"), "The PDF has 3 pages; at most 2 can be imported at once."),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_and_changes_nothing(data, message, settings):
    seminar = make_seminar()
    item = AgendaItem.objects.get(day__seminar=seminar, day__number=1)
    before = slides_of(item)

    with pytest.raises(DeckRefused) as refused:
        import_pdf(item=item, data=data, max_pages=2)

    assert str(refused.value) == message
    assert slides_of(item) == before
    assert not (Path(settings.MEDIA_ROOT) / "slides").exists()


def test_the_command_puts_a_deck_into_the_item_it_is_told(tmp_path):
    seminar = make_seminar(items=2)
    path = tmp_path / "sel.pdf"
    path.write_bytes(deck("Om Sel kommune"))

    call_command("import_deck", seminar.slug, str(path), "--into-item", "2")
    with pytest.raises(CommandError) as refused:
        call_command("import_deck", seminar.slug, str(path), "--into-item", "9")

    second = AgendaItem.objects.filter(day__seminar=seminar).order_by("day__number", "order")[1]
    assert slides_of(second)[-1] == ("page", "Om Sel kommune")
    assert str(refused.value) == "The seminar's agenda items are numbered 1 to 4."
    assert Slide.objects.filter(layout="page").count() == 1
