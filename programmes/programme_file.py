"""A programme as one file, to share between facilitators and servers: days, items,
slides with their images, surveys, polls with answer keys, exercises and groups. Never anything a
participant wrote or voted.

A zip with `programme.json` and `images/`. Polls and exercises point at their slide by
position (day, item, slide), so slides with the same title stay apart.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Day, Slide
from agenda.queries import slides_in_show_order
from exercises.images import ImageRefused, clean_slide_image
from exercises.models import Exercise, Question
from live.services import open_room
from polls.models import Choice, Poll, Survey
from programmes.placeholders import fill_placeholders
from programmes.programme_schema import (
    FORMAT,
    VERSION,
    ExerciseFields,
    PollFields,
    Programme,
    ProgrammeRefused,
    SlideFields,
    check_programme,
)
from programmes.services import create_seminar
from questions.models import QuestionRound
from seminar.groupings import create_sides
from seminar.models import Group, Seminar
from seminar.services import new_seminar

__all__ = ["ProgrammeRefused", "export_programme", "import_programme"]

JSON_NAME = "programme.json"
# The KS programme with its pictures is about 2 MB; a colleague's with a few decks of
# imported pages stays well under these.
MAX_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
# What the file holds of each object is what the reader accepts (programmes/programme_schema.py).
POLL_FIELDS = list(PollFields.base_fields)
EXERCISE_FIELDS = list(ExerciseFields.base_fields)
SLIDE_FIELDS = list(SlideFields.base_fields)


def export_programme(seminar: Seminar) -> bytes:
    data, pictures = programme_data(seminar)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, json.dumps(data, ensure_ascii=False, indent=1))
        for member, stored_name in pictures.items():
            with default_storage.open(stored_name, "rb") as file:
                archive.writestr(member, file.read())
    return buffer.getvalue()


def programme_data(seminar: Seminar) -> tuple[dict[str, Any], dict[str, str]]:
    """The seminar as a programme file says it, and the pictures it names: each zip member
    with the stored file it is read from."""
    days = list(
        seminar.days.order_by("number").prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.order_by("order"))
        )
    )
    slides_of: dict[int, list[Slide]] = {}
    for slide in slides_in_show_order(seminar.pk):
        slides_of.setdefault(slide.item_id, []).append(slide)
    positions: dict[int, list[int]] = {}
    pictures: dict[str, str] = {}
    day_data = []
    for day in days:
        items = []
        for item_index, item in enumerate(day.items.all()):
            slides = []
            for slide_index, slide in enumerate(slides_of.get(item.pk, [])):
                positions[slide.pk] = [day.number, item_index, slide_index]
                image = ""
                if slide.image:
                    image = f"images/{PurePosixPath(slide.image.name).name}"
                    pictures[image] = slide.image.name
                slides.append(
                    {name: getattr(slide, name) for name in SLIDE_FIELDS} | {"image": image}
                )
            items.append(
                {
                    "title": item.title,
                    "starts_at": item.starts_at.isoformat(timespec="minutes"),
                    "planned_minutes": item.planned_minutes,
                    "kind": item.kind,
                    "presenter": item.presenter,
                    "slides": slides,
                }
            )
        day_data.append(
            {
                "number": day.number,
                "date": day.date.isoformat(),
                "ends_at": day.ends_at.isoformat(timespec="minutes"),
                "items": items,
            }
        )
    polls = list(
        Poll.objects.filter(seminar=seminar).order_by("order", "pk").prefetch_related("choices")
    )
    poll_index = {poll.pk: index for index, poll in enumerate(polls)}
    surveys = list(Survey.objects.filter(seminar=seminar).order_by("order", "pk"))
    survey_index = {survey.pk: index for index, survey in enumerate(surveys)}
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "title": seminar.title,
        "municipality": seminar.municipality,
        "language": seminar.language,
        "allow_nicknames": seminar.allow_nicknames,
        "days": day_data,
        "surveys": [
            {"title": survey.title, "slide": positions.get(survey.slide_id or 0)}
            for survey in surveys
        ],
        "polls": [
            {name: getattr(poll, name) for name in POLL_FIELDS}
            | {
                "slide": positions.get(poll.slide_id or 0),
                "survey": survey_index.get(poll.survey_id or 0),
                "choices": [{"label": c.label, "light": c.light} for c in poll.choices.all()],
            }
            for poll in polls
        ],
        "exercises": [
            {name: getattr(exercise, name) for name in EXERCISE_FIELDS}
            | {
                "slide": positions.get(exercise.slide_id or 0),
                "poll": poll_index.get(exercise.poll_id or 0),
                "questions": [q.text for q in exercise.questions.all()],
            }
            for exercise in Exercise.objects.filter(seminar=seminar)
            .order_by("order", "pk")
            .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order")))
        ],
        "groups": [
            {"kind": g.kind, "side": g.side, "name": g.name, "order": g.order}
            for g in seminar.groups.order_by("kind", "order", "pk")
        ],
        "question_rounds": [
            {
                "title": question_round.title,
                "moderation": question_round.moderation,
                "slide": positions.get(question_round.slide_id or 0),
            }
            for question_round in QuestionRound.objects.filter(seminar=seminar).order_by(
                "order", "pk"
            )
        ],
    }
    return data, pictures


def read_archive(data: bytes) -> tuple[object, zipfile.ZipFile]:
    if len(data) > MAX_BYTES:
        raise ProgrammeRefused(
            _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(part.file_size for part in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ProgrammeRefused(_("The programme file is incomplete or damaged."))
        programme = json.loads(archive.read(JSON_NAME))
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError) as error:
        raise ProgrammeRefused(_("That is not a Plenum programme file.")) from error
    return programme, archive


def _slide_images(programme: Programme, archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every picture the slides name, decoded and drawn again as PNG once each (many
    slides may show one picture): a file named .png is kept only if it is one."""
    images: dict[str, bytes] = {}
    for day in programme.days:
        for item_number, item in enumerate(day.items, start=1):
            for slide_number, entry in enumerate(item.slides, start=1):
                if not entry.image or entry.image in images:
                    continue
                where = _("day %(day)s, item %(item)s, slide %(slide)s") % {
                    "day": day.day.number,
                    "item": item_number,
                    "slide": slide_number,
                }
                try:
                    images[entry.image] = clean_slide_image(archive.read(entry.image))
                except (KeyError, zipfile.BadZipFile, EOFError, OSError) as error:
                    raise ProgrammeRefused(
                        _("The programme file is incomplete or damaged: %(where)s: %(problem)s")
                        % {"where": where, "problem": _("its picture is missing or damaged.")}
                    ) from error
                except ImageRefused as refused:
                    raise ProgrammeRefused(
                        _("The programme file is incomplete or damaged: %(where)s: %(problem)s")
                        % {"where": where, "problem": str(refused)}
                    ) from refused
    return images


def import_programme(
    data: bytes,
    *,
    facilitator: User | None = None,
    municipality: str = "",
    first_date: date | None = None,
) -> Seminar:
    """A new seminar laid out exactly as the file says, with its own codes; for another
    `municipality` and from another `first_date` if given (the days keep their spacing).

    The whole file is checked, pictures included, before anything is written; a refused
    file leaves no row and no picture behind."""
    raw, archive = read_archive(data)
    programme = check_programme(raw)
    images = _slide_images(programme, archive)
    stored: list[str] = []
    try:
        with transaction.atomic():
            return _lay_out(
                programme,
                images=images,
                stored=stored,
                facilitator=facilitator,
                municipality=municipality,
                first_date=first_date,
            )
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def _lay_out(
    programme: Programme,
    *,
    images: dict[str, bytes],
    stored: list[str],
    facilitator: User | None,
    municipality: str,
    first_date: date | None,
) -> Seminar:
    dates = [entry.day.date for entry in programme.days]
    shift = first_date - min(dates) if first_date else timedelta(0)
    fields = programme.seminar
    seminar = new_seminar(
        title=fields.title,
        municipality=municipality or fields.municipality,
        language=fields.language,
        first_date=min(dates) + shift,
        last_date=max(dates) + shift,
        facilitator=facilitator,
        allow_nicknames=fields.allow_nicknames,
    )

    for entry in programme.days:
        entry.day.seminar = seminar
        entry.day.date += shift
    Day.objects.bulk_create(entry.day for entry in programme.days)
    items = []
    for day_entry in programme.days:
        for order, item_entry in enumerate(day_entry.items, start=1):
            item_entry.item.day = day_entry.day
            item_entry.item.order = order
            items.append(item_entry)
    AgendaItem.objects.bulk_create(entry.item for entry in items)
    slides: dict[tuple[int, int, int], Slide] = {}
    saved: dict[str, str] = {}
    for day_entry in programme.days:
        for item_index, item_entry in enumerate(day_entry.items):
            for slide_index, slide_entry in enumerate(item_entry.slides):
                slide = slide_entry.slide
                slide.item = item_entry.item
                slide.order = slide_index + 1
                if slide_entry.image:
                    # One stored file per picture, under a fresh random name: the media
                    # view serves only such names.
                    if slide_entry.image not in saved:
                        saved[slide_entry.image] = default_storage.save(
                            f"slides/{uuid.uuid4().hex}.png",
                            ContentFile(images[slide_entry.image]),
                        )
                        stored.append(saved[slide_entry.image])
                    slide.image.name = saved[slide_entry.image]
                slides[(day_entry.day.number, item_index, slide_index)] = slide
    Slide.objects.bulk_create(slides.values())

    for order, survey_entry in enumerate(programme.surveys, start=1):
        survey_entry.survey.seminar = seminar
        survey_entry.survey.order = order
        survey_entry.survey.slide = slides[survey_entry.slide] if survey_entry.slide else None
    Survey.objects.bulk_create(entry.survey for entry in programme.surveys)
    for poll_entry in programme.polls:
        poll_entry.poll.seminar = seminar
        poll_entry.poll.slide = slides[poll_entry.slide] if poll_entry.slide else None
        if poll_entry.survey is not None:
            poll_entry.poll.survey = programme.surveys[poll_entry.survey].survey
    Poll.objects.bulk_create(entry.poll for entry in programme.polls)
    choices = []
    for poll_entry in programme.polls:
        for order, choice in enumerate(poll_entry.choices, start=1):
            choice.poll, choice.order = poll_entry.poll, order
            choices.append(choice)
    Choice.objects.bulk_create(choices)

    for exercise_entry in programme.exercises:
        exercise = exercise_entry.exercise
        exercise.seminar = seminar
        exercise.slide = slides[exercise_entry.slide] if exercise_entry.slide else None
        if exercise_entry.poll is not None:
            exercise.poll = programme.polls[exercise_entry.poll].poll
    Exercise.objects.bulk_create(entry.exercise for entry in programme.exercises)
    Question.objects.bulk_create(
        Question(exercise=entry.exercise, order=order, text=text)
        for entry in programme.exercises
        for order, text in enumerate(entry.questions)
    )

    for order, round_entry in enumerate(programme.question_rounds, start=1):
        round_entry.question_round.seminar = seminar
        round_entry.question_round.order = order
        round_entry.question_round.slide = slides[round_entry.slide] if round_entry.slide else None
    QuestionRound.objects.bulk_create(entry.question_round for entry in programme.question_rounds)

    for group in programme.groups:
        group.seminar = seminar
    Group.objects.bulk_create(programme.groups)
    if not any(group.kind == Group.Kind.SIDE for group in programme.groups):
        create_sides(seminar=seminar)
    fill_placeholders(seminar)
    open_room(seminar=seminar)
    return seminar


TEMPLATE_PATH = Path(__file__).resolve().parent / "data" / "ks-basisprogram.zip"


def template_from_spec() -> bytes:
    """The KS basisprogram (programmes/ks_basisprogram.py) as a programme file: made in a
    transaction that is rolled back, so nothing stays in the database."""
    from programmes.ks_basisprogram import PROGRAMME

    class Done(Exception):
        pass

    made: list[bytes] = []
    try:
        with transaction.atomic():
            seminar = create_seminar(
                title=PROGRAMME.title,
                municipality=PROGRAMME.municipality,
                language=PROGRAMME.language,
                first_date=PROGRAMME.days[0].date,
                programme=PROGRAMME,
                facilitator=None,
                keep_placeholders=True,
            )
            made.append(export_programme(seminar))
            raise Done
    except Done:
        pass
    return made[0]
