"""A programme exported and imported elsewhere is the same programme."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from reportlab.pdfgen import canvas

from agenda.deck_import import import_deck
from agenda.models import AgendaItem
from programmes.ks_basisprogram import PROGRAMME
from programmes.programme_file import ProgrammeRefused, export_programme, import_programme
from programmes.services import create_seminar
from seminar.models import Seminar
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def programme_json(data: bytes) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("programme.json"))
    return loaded


def canonical(data: bytes) -> dict[str, Any]:
    """The programme with each image named by its content: names are fresh on import."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    programme = programme_json(data)
    for day in programme["days"]:
        for item in day["items"]:
            for slide in item["slides"]:
                if slide["image"]:
                    slide["image"] = hashlib.sha256(archive.read(slide["image"])).hexdigest()
    return programme


def one_page_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(60, 700, "Om Sel kommune")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_the_ks_programme_exported_and_imported_is_the_same_programme(tmp_path):
    original = create_seminar(
        title=PROGRAMME.title,
        municipality=PROGRAMME.municipality,
        language=PROGRAMME.language,
        first_date=PROGRAMME.days[0].date,
        programme=PROGRAMME,
        facilitator=make_user(),
    )
    item = AgendaItem.objects.filter(day__seminar=original, title__startswith="Om Sel").first()
    import_deck(item=item, data=one_page_pdf())
    path = tmp_path / "ks.zip"

    call_command("export_programme", original.slug, "--out", str(path))
    call_command("import_programme", str(path))

    copy = Seminar.objects.exclude(pk=original.pk).get()
    assert canonical(export_programme(copy)) == canonical(path.read_bytes())
    assert (copy.join_code, copy.projector_token) != (original.join_code, original.projector_token)
    shared = programme_json(path.read_bytes())
    assert sum(len(item["slides"]) for day in shared["days"] for item in day["items"]) == 80
    assert len(shared["polls"]) == 9 and len(shared["exercises"]) == 13
    assert [(r["title"], r["moderation"]) for r in shared["question_rounds"]] == [
        ("Spørsmål til kommunedirektøren", "at_once"),
        ("Spørsmål om hets", "held"),
        ("Spørsmål til ordføreren", "at_once"),
    ]
    assert zipfile.ZipFile(path).namelist()[1].startswith("images/")


def test_a_shared_programme_carries_nothing_participants_wrote():
    from exercises import services
    from tests.factories import make_exercise, make_seminar, make_tables, seat

    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    flipover = make_exercise(seminar)
    services.contribute(
        exercise_id=flipover.pk,
        participant=seat(seminar, table),
        entry=services.Entry(text="Dårlig økonomi"),
    )
    card = make_exercise(seminar, kind="card", grouping="individual", title="Visittkort")
    services.save_card(
        exercise_id=card.pk,
        participant=seat(seminar, table),
        entry=services.CardEntry(name="Kari Nordmann"),
    )

    text = zipfile.ZipFile(io.BytesIO(export_programme(seminar))).read("programme.json").decode()

    assert "Dårlig økonomi" not in text and "Kari Nordmann" not in text
    assert '"title": "Visittkort"' in text  # the exercise itself travels


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "That is not a Plenum programme file."),
        (b"PK\x05\x06" + b"\x00" * 18, "That is not a Plenum programme file."),
    ],
)
def test_a_file_that_is_not_a_programme_is_refused(data: bytes, message: str):
    with translation.override("en"), pytest.raises(ProgrammeRefused) as refused:
        import_programme(data)

    assert str(refused.value) == message
    assert Seminar.objects.count() == 0


def test_the_command_says_why_a_file_is_refused(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"junk")

    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("import_programme", str(path))

    assert str(refused.value) == "That is not a Plenum programme file."


def test_the_shipped_ks_template_is_the_authored_programme():
    from programmes.programme_file import TEMPLATE_PATH, template_from_spec

    assert canonical(TEMPLATE_PATH.read_bytes()) == canonical(template_from_spec())
    assert Seminar.objects.count() == 0  # made and rolled back
