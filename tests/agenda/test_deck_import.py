"""A facilitator's own deck, as PDF or .pptx, becomes slides; a bad file changes nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from PIL import Image

from agenda import deck_import
from agenda.deck_import import MAX_BYTES, DeckRefused, import_deck
from agenda.models import AgendaItem, Slide
from live.models import LiveState
from tests.decks import PptxSlide, pdf_deck, pptx_deck
from tests.factories import make_seminar

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def slides_of(item: AgendaItem) -> list[tuple[str, str]]:
    return list(item.slides.order_by("order").values_list("layout", "title"))


def first_item(*, slides_per_item: int = 1) -> AgendaItem:
    seminar = make_seminar(slides_per_item=slides_per_item)
    return AgendaItem.objects.get(day__seminar=seminar, day__number=1)


def test_each_pdf_page_becomes_a_slide_with_its_image_and_text_after_the_items_own():
    item = first_item(slides_per_item=2)
    revision = LiveState.objects.get(seminar=item.day.seminar).revision

    imported = import_deck(item=item, data=pdf_deck("Om Sel kommune", "Økonomi og befolkning"))

    assert imported.kind == "pdf"
    assert slides_of(item) == [
        ("bullets", "Slide 1.1.1"),
        ("bullets", "Slide 1.1.2"),
        ("page", "Om Sel kommune"),
        ("page", "Økonomi og befolkning"),
    ]
    assert imported.slides[1].body == "Økonomi og befolkning\nTall og fakta om kommunen"
    with Image.open(imported.slides[0].image.path) as page:
        assert (page.format, page.width) == ("PNG", 1920)
    served = Client().get(imported.slides[0].image.url)
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")
    # The console's agenda and the room's "next" follow the new slides.
    assert LiveState.objects.get(seminar=item.day.seminar).revision == revision + 1


@pytest.mark.usefixtures("without_libreoffice")
def test_a_pptx_gives_titles_bullets_tables_and_notes_as_text_slides_without_hidden_ones():
    item = first_item()
    data = pptx_deck(
        PptxSlide(
            "Om Sel kommune",
            bullets=[("6 000 innbyggere", 0), ("Otta er kommunesenteret", 1)],
            notes="Kommunedirektøren presenterer.",
        ),
        PptxSlide("Utkast vi ikke viser", bullets=[("Skjult", 0)], hidden=True),
        PptxSlide("Budsjett 2024", table=[["Drift", "412 mill."], ["Investering", "88 mill."]]),
        PptxSlide("Spørsmål?"),
    )

    imported = import_deck(item=item, data=data)

    assert imported.kind == "pptx"
    assert [
        (slide.layout, slide.title, slide.body, slide.notes, bool(slide.image))
        for slide in item.slides.order_by("order")[1:]
    ] == [
        (
            "bullets",
            "Om Sel kommune",
            "6 000 innbyggere\n  Otta er kommunesenteret",
            "Kommunedirektøren presenterer.",
            False,
        ),
        ("bullets", "Budsjett 2024", "Drift · 412 mill.\nInvestering · 88 mill.", "", False),
        ("section", "Spørsmål?", "", "", False),
    ]
    assert [block.bullets[0].children for block in imported.slides[0].blocks] == [
        ["Otta er kommunesenteret"]
    ]


def test_a_deck_can_go_before_the_items_own_slides():
    item = first_item(slides_per_item=2)

    import_deck(item=item, data=pdf_deck("Om Sel kommune"), position=1)

    assert list(item.slides.order_by("order").values_list("order", "title")) == [
        (1, "Om Sel kommune"),
        (2, "Slide 1.1.1"),
        (3, "Slide 1.1.2"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"Just some notes in a text file",
            "That is neither a PDF nor a PowerPoint file (.pptx). "
            "Save the presentation as PDF and try again.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an encrypted pptx or a .ppt",
            "The file is locked with a password, or it is an old PowerPoint file (.ppt). "
            "Save it as PDF without a password and try again.",
        ),
        (b"%PDF" + bytes(MAX_BYTES), "The file is too large: at most 50 MB."),
        (pdf_deck("Side")[:400], "The PDF is damaged and cannot be read."),
        (
            pdf_deck("Hemmelig", password="hemmelig"),
            "The PDF is locked with a password. Save it again without one.",
        ),
        (
            pdf_deck("1", "2", "3"),
            "The file has 3 slides; at most 2 can be imported at once.",
        ),
        (b"PK\x03\x04 not a zip at all", "The PowerPoint file is damaged and cannot be read."),
        (pptx_deck()[:-200], "The PowerPoint file is damaged and cannot be read."),
        (pptx_deck(), "The file has no slides."),
        (
            pptx_deck(PptxSlide("1"), PptxSlide("2"), PptxSlide("3")),
            "The file has 3 slides; at most 2 can be imported at once.",
        ),
    ],
    ids=[
        "text",
        "ole",
        "too-large",
        "damaged-pdf",
        "password-pdf",
        "too-many-pages",
        "damaged-zip",
        "cut-pptx",
        "empty-pptx",
        "too-many-slides",
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_and_changes_nothing(data, message, settings):
    item = first_item()
    before = slides_of(item)
    revision = LiveState.objects.get(seminar=item.day.seminar).revision

    with pytest.raises(DeckRefused) as refused:
        import_deck(item=item, data=data, max_pages=2, position=1)

    assert str(refused.value) == message
    assert slides_of(item) == before
    assert LiveState.objects.get(seminar=item.day.seminar).revision == revision
    assert not (Path(settings.MEDIA_ROOT) / "slides").exists()


@pytest.mark.usefixtures("without_libreoffice")
def test_the_command_puts_a_deck_into_the_item_it_is_told_and_says_how(tmp_path):
    seminar = make_seminar(items=2)
    pdf = tmp_path / "sel.pdf"
    pdf.write_bytes(pdf_deck("Om Sel kommune"))
    pptx = tmp_path / "sel.pptx"
    pptx.write_bytes(pptx_deck(PptxSlide("Sel i tall", bullets=[("6 000 innbyggere", 0)])))
    from_pdf, from_pptx = io.StringIO(), io.StringIO()

    call_command("import_deck", seminar.slug, str(pdf), "--into-item", "2", stdout=from_pdf)
    call_command("import_deck", seminar.slug, str(pptx), "--into-item", "2", stdout=from_pptx)
    with pytest.raises(CommandError) as refused:
        call_command("import_deck", seminar.slug, str(pdf), "--into-item", "9")

    second = AgendaItem.objects.filter(day__seminar=seminar).order_by("day__number", "order")[1]
    assert slides_of(second)[-2:] == [("page", "Om Sel kommune"), ("bullets", "Sel i tall")]
    assert from_pdf.getvalue() == f"1 slides added to “{second.title}”.\n"
    assert from_pptx.getvalue().splitlines() == [
        f"1 slides added to “{second.title}”.",
        "Imported as text: LibreOffice is not installed on this server, so the pictures were "
        "left out. The README says how to add it; or save the deck as PDF and import that.",
    ]
    assert str(refused.value) == "The seminar's agenda items are numbered 1 to 4."
    assert Slide.objects.filter(layout="page").count() == 1


def test_a_pptx_that_unpacks_to_too_much_is_refused_before_it_is_read(monkeypatch):
    item = first_item()
    before = slides_of(item)
    monkeypatch.setattr(deck_import, "MAX_UNPACKED_BYTES", 1024 * 1024)
    buffer = io.BytesIO(pptx_deck(PptxSlide("Sel i tall")))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ppt/media/padding.bin", bytes(2 * 1024 * 1024))

    with pytest.raises(DeckRefused) as refused:
        import_deck(item=item, data=buffer.getvalue())

    assert str(refused.value) == "The PowerPoint file is too large unpacked: at most 1 MB."
    assert slides_of(item) == before
