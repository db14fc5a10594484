"""A .pptx drawn by LibreOffice: each slide its picture with its text; without LibreOffice,
or when it fails or takes too long, the text alone, and the import says which and why."""

from __future__ import annotations

import io
import logging
import os
import re
import select
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from agenda import office_convert
from agenda.deck_import import import_deck
from agenda.deck_jobs import run_deck_import
from agenda.models import AgendaItem, DeckImport, Slide
from agenda.office_convert import find_office
from seminar.models import Seminar
from tests.decks import PptxSlide, pptx_deck_with_picture

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
RED = (255, 0, 0)
PICTURES = "Imported as pictures with their text (converted with LibreOffice)."
NOT_INSTALLED = (
    "Imported as text: LibreOffice is not installed on this server, so the pictures were "
    "left out. The README says how to add it; or save the deck as PDF and import that."
)


def red_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), RED).save(buffer, format="PNG")
    return buffer.getvalue()


def sel_deck() -> bytes:
    return pptx_deck_with_picture(
        red_png(),
        PptxSlide(
            "Sel i tall",
            bullets=[("6 000 innbyggere", 0), ("Otta er kommunesenteret", 1)],
            notes="Kommunedirektøren presenterer.",
        ),
        PptxSlide("Utkast vi ikke viser", bullets=[("Skjult", 0)], hidden=True),
        PptxSlide("Spørsmål?"),
    )


def red_share(slide: Slide) -> float:
    with Image.open(slide.image.path) as page:
        assert (page.format, page.width) == ("PNG", 1920)
        small = page.convert("RGB").resize((192, 144), Image.Resampling.NEAREST)
    pixels = small.width * small.height
    red = sum(
        count
        for count, colour in small.getcolors(maxcolors=pixels) or []
        if isinstance(colour, tuple) and colour[0] > 200 and max(colour[1:]) < 60
    )
    return red / pixels


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def second_item(seminar: Seminar) -> AgendaItem:
    return AgendaItem.objects.filter(day__seminar=seminar).order_by("day__number", "order")[1]


def import_from_the_console(client: Client, seminar: Seminar, name: str, data: bytes) -> str:
    """Upload `data` as the facilitator does, in English, run the job; the finished page."""
    client.post(reverse("set_language"), {"language": "en"})
    client.post(
        reverse("agenda:deck_import", args=[seminar.slug]),
        {"file": SimpleUploadedFile(name, data), "place": "end", "item": second_item(seminar).pk},
        **HTMX,
    )
    job = DeckImport.objects.get()
    run_deck_import(job_id=job.pk)
    return text(
        client.get(reverse("agenda:deck_import_status", args=[seminar.slug, job.pk]), **HTMX).text
    )


def require_libreoffice() -> None:
    """As the browser tests do with Chromium: CI (.ci/run installs it) fails without it."""
    if find_office():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice is missing: CI must install Debian's libreoffice-impress package")
    pytest.skip(
        "LibreOffice is not installed (apt install --no-install-recommends "
        "libreoffice-impress); drawing PowerPoint slides needs it"
    )


def fake_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """A shell script standing in for LibreOffice, named by PLENUM_SOFFICE."""
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)
    monkeypatch.setenv("PLENUM_SOFFICE", str(program))


def test_with_libreoffice_each_shown_slide_is_its_picture_with_its_text_and_notes(
    client: Client, seminar: Seminar
):
    require_libreoffice()
    item = second_item(seminar)
    own = item.slides.count()

    done = import_from_the_console(client, seminar, "sel.pptx", sel_deck())

    pictured, questions = item.slides.order_by("order")[own:]
    assert [
        (slide.layout, slide.title, slide.body, slide.notes) for slide in (pictured, questions)
    ] == [
        (
            "page",
            "Sel i tall",
            "6 000 innbyggere\n  Otta er kommunesenteret",
            "Kommunedirektøren presenterer.",
        ),
        ("page", "Spørsmål?", "", ""),
    ]
    # The picture is on its own slide's page, a sixth of it, and nowhere else.
    assert red_share(pictured) > 0.1
    assert red_share(questions) == 0
    assert f"“sel.pptx”: 2 slides imported into “{item.title}”. {PICTURES}" in done
    job = DeckImport.objects.get()
    assert (job.state, job.kind, job.message, job.pages_done, job.pages_total) == (
        "done",
        "pptx",
        PICTURES,
        2,
        2,
    )


@pytest.mark.usefixtures("without_libreoffice")
def test_without_libreoffice_a_pptx_gives_text_slides_and_says_why(
    client: Client, seminar: Seminar
):
    item = second_item(seminar)
    own = item.slides.count()

    done = import_from_the_console(client, seminar, "sel.pptx", sel_deck())

    assert [
        (slide.layout, slide.title, slide.body, slide.notes, slide.image.name)
        for slide in item.slides.order_by("order")[own:]
    ] == [
        (
            "bullets",
            "Sel i tall",
            "6 000 innbyggere\n  Otta er kommunesenteret",
            "Kommunedirektøren presenterer.",
            "",
        ),
        ("section", "Spørsmål?", "", "", ""),
    ]
    assert f"“sel.pptx”: 2 slides imported into “{item.title}”. {NOT_INSTALLED}" in done
    assert (DeckImport.objects.get().pages_done, DeckImport.objects.get().pages_total) == (2, 2)


def test_a_conversion_past_the_time_limit_is_killed_and_gives_text(
    seminar: Seminar, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    child = tmp_path / "child.pid"
    fake_office(tmp_path, monkeypatch, f"sleep 300 &\necho $! > '{child}'\nwait\n")
    monkeypatch.setattr(office_convert, "TIMEOUT_SECONDS", 2)
    item = second_item(seminar)

    with translation.override("en"):
        imported = import_deck(item=item, data=sel_deck())

    assert [(slide.layout, slide.title) for slide in imported.slides] == [
        ("bullets", "Sel i tall"),
        ("section", "Spørsmål?"),
    ]
    assert imported.message == (
        "Imported as text: LibreOffice could not convert the file within 2 seconds, so the "
        "pictures were left out. Save the deck as PDF and import that for them."
    )
    # Its whole process group went, the launcher's children too.
    assert has_ended(int(child.read_text()))


def test_a_failed_conversion_gives_text_and_libreoffice_gets_no_file_name_nor_proxy(
    client: Client,
    seminar: Seminar,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
):
    arguments, environment = tmp_path / "arguments", tmp_path / "environment"
    fake_office(
        tmp_path,
        monkeypatch,
        f"printf '%s\\n' \"$@\" > '{arguments}'\nenv > '{environment}'\n"
        "echo 'Error: source file could not be loaded'\nexit 3\n",
    )
    monkeypatch.setenv("https_proxy", "http://proxy.example:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")

    with caplog.at_level(logging.WARNING, logger="agenda.deck_import"):
        done = import_from_the_console(client, seminar, "--outdir=evil.pptx", sel_deck())

    assert (
        "Imported as text: LibreOffice could not convert the file, so the pictures were left "
        "out. Save the deck as PDF and import that for them."
    ) in done
    assert list(second_item(seminar).slides.values_list("layout", flat=True))[-2:] == [
        "bullets",
        "section",
    ]
    given = arguments.read_text().splitlines()
    assert given[-1].endswith("/deck.pptx")
    assert given[-1].startswith("/")
    assert not any("evil" in argument for argument in given)
    (profile,) = [argument for argument in given if argument.startswith("-env:UserInstallation=")]
    assert profile.startswith("-env:UserInstallation=file:///")
    work = Path(given[-1]).parent
    assert not work.exists()  # the upload's copy and the profile went with their directory
    assert [line for line in environment.read_text().splitlines() if "proxy" in line.lower()] == []
    assert "LibreOffice exited with 3 and wrote no PDF: Error: source file could not be loaded" in (
        caplog.text
    )


def has_ended(pid: int) -> bool:
    """Whether the process has exited, waiting up to five seconds for it to."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([handle], [], [], 5)[0])
    finally:
        os.close(handle)
