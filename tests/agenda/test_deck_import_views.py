"""The console's import: the upload is checked at once, read in the background, and the
console follows its progress; a bad file says why and leaves the programme as it was."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agenda.deck_import import import_deck
from agenda.deck_jobs import run_deck_import
from agenda.models import AgendaItem, DeckImport
from seminar.models import Seminar
from tests.decks import PptxSlide, pdf_deck, pptx_deck
from tests.factories import make_seminar, make_user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def second_item(seminar: Seminar) -> AgendaItem:
    return AgendaItem.objects.filter(day__seminar=seminar).order_by("day__number", "order")[1]


def upload(client: Client, seminar: Seminar, name: str, data: bytes, **fields: object):
    return client.post(
        reverse("agenda:deck_import", args=[seminar.slug]),
        {"file": SimpleUploadedFile(name, data), "place": "end", **fields},
        **HTMX,
    )


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_pdf_uploaded_from_the_console_is_imported_with_its_progress_shown(
    client: Client, seminar: Seminar, settings
):
    item = second_item(seminar)

    started = upload(
        client, seminar, "sel.pdf", pdf_deck("Om Sel", "Økonomi", "Planer"), item=item.pk
    )
    job = DeckImport.objects.get()
    waiting = text(started.text)
    stored_upload = Path(settings.MEDIA_ROOT) / job.file.name
    assert stored_upload.exists()
    run_deck_import(job_id=job.pk)
    status_url = reverse("agenda:deck_import_status", args=[seminar.slug, job.pk])
    done = client.get(status_url, **HTMX)

    assert started.status_code == 200
    assert waiting.startswith(f"Importerer «sel.pdf» til «{item.title}» Åpner fila …")
    assert f'hx-get="{status_url}"' in started.text
    assert text(done.text).startswith(
        f"«sel.pdf»: 3 lysbilder importert til «{item.title}». Vis det første av dem på lerretet"
    )
    assert 'hx-get="' + status_url not in done.text  # finished: it stops asking
    job.refresh_from_db()
    assert (job.state, job.kind, job.pages_done, job.pages_total, job.slides_added) == (
        "done",
        "pdf",
        3,
        3,
        3,
    )
    assert job.first_slide == item.slides.get(title="Om Sel")
    assert (job.file.name, stored_upload.exists()) == ("", False)


@pytest.mark.usefixtures("without_libreoffice")
def test_a_pptx_says_it_gave_text_only_and_why(client: Client, seminar: Seminar):
    client.post(reverse("set_language"), {"language": "en"})
    item = second_item(seminar)
    upload(client, seminar, "sel.pptx", pptx_deck(PptxSlide("Sel i tall")), item=item.pk)
    job = DeckImport.objects.get()
    run_deck_import(job_id=job.pk)

    done = client.get(reverse("agenda:deck_import_status", args=[seminar.slug, job.pk]), **HTMX)

    assert text(done.text).startswith(
        f"“sel.pptx”: 1 slide imported into “{item.title}”. Imported as text: LibreOffice is "
        "not installed on this server, so the pictures were left out. The README says how "
        "to add it; or save the deck as PDF and import that. Show the first of them"
    )
    assert not item.slides.get(title="Sel i tall").image


def test_a_file_that_is_no_deck_is_refused_at_once_and_the_form_keeps_the_choices(
    client: Client, seminar: Seminar
):
    item = second_item(seminar)

    refused = upload(client, seminar, "notater.docx", b"Just notes", item=item.pk, place="start")

    assert refused.status_code == 400
    assert (
        "Det er verken en PDF eller en PowerPoint-fil (.pptx). Lagre presentasjonen som PDF og "
        "prøv igjen." in text(refused.text)
    )
    assert f'<option value="{item.pk}" selected>' in refused.text
    assert 'name="item" data-chosen="true"' in refused.text  # the console will not reset it
    assert 'value="start" required id="id_place_1" checked' in refused.text
    assert not DeckImport.objects.exists()


def test_a_deck_that_fails_in_the_background_is_reported_and_changes_nothing(
    client: Client, seminar: Seminar
):
    item = second_item(seminar)
    before = list(item.slides.values_list("pk", "order"))
    upload(client, seminar, "låst.pdf", pdf_deck("Hemmelig", password="x"), item=item.pk)
    job = DeckImport.objects.get()

    run_deck_import(job_id=job.pk)
    failed = client.get(reverse("agenda:deck_import_status", args=[seminar.slug, job.pk]), **HTMX)

    assert text(failed.text).startswith(
        "«låst.pdf» ble ikke importert, og programmet er uendret. "
        "PDF-en er låst med passord. Lagre den på nytt uten passord."
    )
    assert list(item.slides.values_list("pk", "order")) == before
    job.refresh_from_db()
    assert (job.state, job.file.name) == ("failed", "")


def test_an_import_that_went_silent_is_reported_as_stopped_and_its_upload_deleted(
    client: Client, seminar: Seminar, settings
):
    upload(client, seminar, "sel.pdf", pdf_deck("Om Sel"), item=second_item(seminar).pk)
    job = DeckImport.objects.get()
    stored_upload = Path(settings.MEDIA_ROOT) / job.file.name
    DeckImport.objects.filter(pk=job.pk).update(
        state="running", updated_at=timezone.now() - timedelta(minutes=3)
    )

    stopped = client.get(reverse("agenda:deck_import_status", args=[seminar.slug, job.pk]), **HTMX)

    assert text(stopped.text).startswith(
        "«sel.pdf» ble ikke importert, og programmet er uendret. "
        "Importen stoppet, trolig fordi tjeneren startet på nytt. Prøv igjen."
    )
    job.refresh_from_db()
    assert (job.state, job.file.name, stored_upload.exists()) == ("failed", "", False)


def test_a_deck_cannot_go_into_another_seminars_item(client: Client, seminar: Seminar):
    other = make_seminar(facilitator=make_user(), municipality="Lom kommune")

    refused = upload(client, seminar, "sel.pdf", pdf_deck("Om Sel"), item=second_item(other).pk)

    assert refused.status_code == 400
    assert "Velg et gyldig valg." in text(refused.text)
    assert not DeckImport.objects.exists()


def test_the_form_speaks_the_facilitators_language(client: Client, seminar: Seminar):
    client.post(reverse("set_language"), {"language": "en"})

    form = client.get(reverse("agenda:deck_import_form", args=[seminar.slug]), **HTMX)

    assert "save it as PDF first. At most 50 MB." in text(form.text)


def test_the_progress_of_someone_elses_import_is_not_found(client: Client, seminar: Seminar):
    other = make_seminar(facilitator=make_user())
    job = DeckImport.objects.create(item=second_item(other), file_name="x.pdf", language="nb")

    response = client.get(reverse("agenda:deck_import_status", args=[seminar.slug, job.pk]))
    elsewhere = client.get(reverse("agenda:deck_import_status", args=[other.slug, job.pk]))

    assert (response.status_code, elsewhere.status_code) == (404, 404)


def test_progress_is_one_page_of_fixed_queries(
    client: Client, seminar: Seminar, django_assert_num_queries
):
    job = DeckImport.objects.create(
        item=second_item(seminar),
        file_name="sel.pdf",
        language="nb",
        state="running",
        pages_done=12,
        pages_total=60,
    )

    with django_assert_num_queries(4):
        running = client.get(
            reverse("agenda:deck_import_status", args=[seminar.slug, job.pk]), **HTMX
        )

    assert '<progress aria-labelledby="deck-import-label" max="60" value="12">' in running.text
    assert "12 av 60 sider" in text(running.text)


def test_the_daily_purge_deletes_what_interrupted_imports_left_and_nothing_else(
    client: Client, seminar: Seminar, settings, capsys
):
    media = Path(settings.MEDIA_ROOT)
    (page,) = import_deck(item=second_item(seminar), data=pdf_deck("Om Sel")).slides
    upload(client, seminar, "sel.pdf", pdf_deck("Om Sel"), item=second_item(seminar).pk)
    job = DeckImport.objects.get()
    DeckImport.objects.filter(pk=job.pk).update(
        state="running", updated_at=timezone.now() - timedelta(hours=2)
    )
    left_behind = media / "slides" / "0123456789abcdef0123456789abcdef.png"
    being_written = media / "slides" / "fedcba9876543210fedcba9876543210.png"
    for path in (left_behind, being_written):
        path.write_bytes(b"\x89PNG")
    two_hours_ago = (timezone.now() - timedelta(hours=2)).timestamp()
    os.utime(left_behind, (two_hours_ago, two_hours_ago))
    os.utime(media / page.image.name, (two_hours_ago, two_hours_ago))

    call_command("purge_expired")

    assert capsys.readouterr().out == "2 files left by interrupted slide imports deleted\n"
    assert sorted(path.name for path in media.rglob("*") if path.is_file()) == sorted(
        [Path(page.image.name).name, being_written.name]
    )
    job.refresh_from_db()
    assert job.state == "failed"
