"""Deck imports in the background: the upload waits as a file, a thread of the server
process reads it, and the console follows the job's progress in the database."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agenda.deck_import import DeckRefused, import_deck
from agenda.models import AgendaItem, DeckImport, Slide
from seminar.background import run_in_background

logger = logging.getLogger(__name__)

SLIDE_IMAGES = "slides"
UPLOADS = "imports"

# Progress is written after every page; a job silent this long died with its process.
STALLED_AFTER = timedelta(minutes=2)


def queue_deck_import(
    *, item: AgendaItem, upload: UploadedFile, position: int | None, language: str
) -> DeckImport:
    """Keep the upload and start reading it once the job is committed."""
    job = DeckImport(
        item=item, position=position, file_name=(upload.name or "")[:200], language=language
    )
    job.file.save(f"{uuid.uuid4().hex}.upload", upload, save=False)
    job.save()
    transaction.on_commit(lambda: _start(job.pk))
    return job


def _start(job_id: int) -> None:
    run_in_background(lambda: _run_in_thread(job_id), name=f"deck-import-{job_id}")


def _run_in_thread(job_id: int) -> None:
    try:
        run_deck_import(job_id=job_id)
    finally:
        connection.close()  # this thread's own connection


def run_deck_import(*, job_id: int) -> DeckImport:
    """Read the job's file into its agenda item; every outcome ends in the job's state."""
    job = DeckImport.objects.select_related("item__day").get(pk=job_id)
    jobs = DeckImport.objects.filter(pk=job_id)
    jobs.update(state=DeckImport.State.RUNNING, updated_at=timezone.now())

    def progress(done: int, total: int) -> None:
        jobs.update(pages_done=done, pages_total=total, updated_at=timezone.now())

    with translation.override(job.language):
        try:
            with job.file.open("rb") as upload:
                data = upload.read()
            imported = import_deck(
                item=job.item, data=data, position=job.position, progress=progress
            )
        except DeckRefused as refused:
            finished: dict[str, object] = {
                "state": DeckImport.State.FAILED,
                "message": str(refused),
            }
        except Exception:
            logger.exception("Deck import %s failed", job_id)
            finished = {
                "state": DeckImport.State.FAILED,
                "message": _("The import failed and nothing was changed. Try again."),
            }
        else:
            finished = {
                "state": DeckImport.State.DONE,
                "kind": imported.kind,
                "message": imported.message,
                "slides_added": len(imported.slides),
                "first_slide": imported.slides[0],
            }
        finally:
            job.file.delete(save=False)
    jobs.update(**finished, file="", updated_at=timezone.now())
    job.refresh_from_db()
    return job


def settle_if_stalled(job: DeckImport) -> DeckImport:
    """A job silent past `STALLED_AFTER` died with its process (a restart): it is marked
    failed with the reason, and its upload deleted."""
    if job.finished or job.updated_at >= timezone.now() - STALLED_AFTER:
        return job
    with translation.override(job.language):
        message = _("The import stopped, most likely because the server restarted. Try again.")
    job.file.delete(save=False)
    DeckImport.objects.filter(pk=job.pk, state=job.state).update(
        state=DeckImport.State.FAILED, message=message, file=""
    )
    job.refresh_from_db()
    return job


def sweep_abandoned_files(*, older_than: timedelta = timedelta(hours=1)) -> int:
    """Delete what imports cut off by a restart left behind: uploads of jobs that will not
    run again and page images no slide refers to. Files younger than `older_than` may
    belong to an import still running. The number of files deleted."""
    deleted = 0
    unfinished = DeckImport.objects.exclude(
        state__in=[DeckImport.State.DONE, DeckImport.State.FAILED]
    )
    for job in unfinished:
        had_upload = bool(job.file.name)
        if settle_if_stalled(job).finished and had_upload:
            deleted += 1
    in_use = {
        *Slide.objects.exclude(image="").values_list("image", flat=True),
        *DeckImport.objects.exclude(file="").values_list("file", flat=True),
    }
    cutoff = timezone.now() - older_than
    for folder in (SLIDE_IMAGES, UPLOADS):
        if not default_storage.exists(folder):
            continue
        for file_name in default_storage.listdir(folder)[1]:
            name = f"{folder}/{file_name}"
            if name not in in_use and default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                deleted += 1
    return deleted
