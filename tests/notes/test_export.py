"""The session notes, opened with each format's own library."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from notes.export import export_notes
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def word_text(data: bytes) -> list[str]:
    document = WordDocument(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return lines


def test_word_has_each_polls_counts_chart_and_every_groups_answers(seminar):
    data = export_notes(seminar=seminar, format="docx").data
    lines = word_text(data)
    document = WordDocument(io.BytesIO(data))

    assert lines[0] == "Notater fra seminaret: Folkevalgtprogram"
    assert "Ja | 7 | 64 %" in lines
    assert "Nei | 4 | 36 %" in lines
    assert "Snitt: 4,4" in lines
    assert "★ Dårlig økonomi" in lines
    assert "Fraflytting" in lines
    assert [line for line in lines if "Tullete" in line] == []
    assert "1. | Bord 2 | 143,5 cm | " in lines
    assert "2. | Bord 1 | 120 cm | " in lines
    # Four charts (one a poll) and two tower photos and one drawing.
    assert len(document.inline_shapes) == 3 + 2 + 1


def test_a_breakdown_by_side_appears_only_where_five_on_each_side_answered(seminar):
    lines = word_text(export_notes(seminar=seminar, format="docx").data)

    assert "Svar | Administrasjon | Folkevalgt" in lines
    assert "Ja | 3 | 4" in lines
    assert lines.count("Ingen fordeling på side: færre enn fem på en side svarte.") == 1


def test_without_nicknames_nobody_is_named_and_with_them_the_card_is(seminar):
    anonymous = export_notes(seminar=seminar, format="docx").data
    seminar.allow_nicknames = True
    seminar.save()
    named = export_notes(seminar=seminar, format="docx").data

    assert not any("Kari" in line for line in word_text(anonymous))
    assert any(line.startswith("Kort 1\nAlder: 54\nBor i Otta") for line in word_text(anonymous))
    assert any(line.startswith("Kari Nordmann\nAlder: 54") for line in word_text(named))


def test_the_pdf_says_the_same_with_every_letter(seminar):
    reader = PdfReader(io.BytesIO(export_notes(seminar=seminar, format="pdf").data))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert re.search(r"Notater fra seminaret:\s+Folkevalgtprogram", text)
    assert "Dårlig økonomi" in text
    assert "Tullete svar" not in text
    assert re.search(r"Bord 2\s+143,5 cm", text)
    assert "Kari" not in text


def test_excel_has_a_sheet_per_poll_and_exercise_with_a_row_per_vote_and_answer(seminar):
    book = load_workbook(io.BytesIO(export_notes(seminar=seminar, format="xlsx").data))

    assert book.sheetnames == [
        "1 Er planlegging viktig",
        "2 Middag med bedriften",
        "3 Hvor nyttig var det",
        "4 Hva risikerer vi",
        "5 Papirtårn",
        "6 Visittkort",
    ]
    votes = [
        row[1] for row in book["1 Er planlegging viktig"].iter_rows(min_row=3, values_only=True)
    ]
    assert sorted(votes) == ["Ja"] * 7 + ["Nei"] * 4  # type: ignore[type-var]
    flipover = list(book["4 Hva risikerer vi"].iter_rows(min_row=3, values_only=True))
    assert [(row[1], row[3], row[7]) for row in flipover] == [
        ("Bord 1", "Fraflytting", None),
        ("Bord 2", "Dårlig økonomi", "ja"),
    ]
    cards = list(book["6 Visittkort"].iter_rows(min_row=3, values_only=True))
    assert [(row[1], row[2], row[3]) for row in cards] == [(None, 54, "Otta")]


def test_the_zip_holds_every_format_and_the_pictures(seminar):
    archive = zipfile.ZipFile(io.BytesIO(export_notes(seminar=seminar, format="zip").data))
    names = archive.namelist()
    markdown = archive.read("testvik-kommune-2027-10-25-notater.md").decode()

    assert [name for name in names if "/" not in name] == [
        "testvik-kommune-2027-10-25-notater.docx",
        "testvik-kommune-2027-10-25-notater.pdf",
        "testvik-kommune-2027-10-25-notater.xlsx",
        "testvik-kommune-2027-10-25-notater.md",
    ]
    pictures = [name for name in names if name.startswith("bilder/")]
    assert len([name for name in pictures if name.endswith(".jpg")]) == 2
    assert len([name for name in pictures if name.endswith(".png")]) == 1 + 3  # drawing, charts
    assert "- ★ Dårlig økonomi" in markdown
    for picture_name in re.findall(r"\]\((bilder/[^)]+)\)", markdown):
        assert picture_name in names


def test_the_command_writes_the_notes_where_it_is_told(seminar, tmp_path):
    out = tmp_path / "notater.docx"

    call_command("export_notes", seminar.slug, "--format", "docx", "--out", str(out))

    assert word_text(out.read_bytes())[0] == "Notater fra seminaret: Folkevalgtprogram"


def test_only_the_seminars_facilitators_download_the_notes(seminar):
    owner, stranger = make_user(), make_user()
    seminar.facilitators.add(owner)
    as_owner, as_stranger = Client(), Client()
    as_owner.force_login(owner)
    as_stranger.force_login(stranger)
    url = f"/seminars/{seminar.slug}/notes/xlsx/"

    response = as_owner.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="testvik-kommune-2027-10-25-notater.xlsx"'
    )
    assert as_stranger.get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert as_owner.get(f"/seminars/{seminar.slug}/notes/exe/").status_code == 404
