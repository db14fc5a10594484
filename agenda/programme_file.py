"""A programme as one file, to share between facilitators and servers: days, items,
slides with their images, polls with answer keys, exercises and groups. Never anything a
participant wrote or voted.

A zip with `programme.json` and `images/`. Polls and exercises point at their slide by
position (day, item, slide), so slides with the same title stay apart.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import date, time, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Day, Slide
from exercises.models import Exercise, Question
from polls.models import Choice, Poll
from seminar.groupings import create_sides
from seminar.models import Group, LiveState, Seminar
from seminar.services import (
    RETENTION_AFTER_LAST_DAY,
    create_seminar,
    new_join_code,
    new_projector_token,
    unique_slug,
)

FORMAT = "plenum-programme"
VERSION = 1
JSON_NAME = "programme.json"
# The KS programme with its pictures is about 2 MB; a colleague's with a few decks of
# imported pages stays well under these.
MAX_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
POLL_FIELDS = [
    "order",
    "kind",
    "question",
    "series",
    "series_part",
    "max_choices",
    "scale_min",
    "scale_max",
    "scale_min_label",
    "scale_max_label",
    "results",
    "answer_key",
    "answer_key_rules",
    "answer_key_law_version",
    "answer_key_is_judgement",
]
EXERCISE_FIELDS = [
    "order",
    "kind",
    "grouping",
    "title",
    "prompt",
    "case_text",
    "limit",
    "max_length",
    "timer_minutes",
    "speech_seconds",
]
SLIDE_FIELDS = ["layout", "title", "body", "notes", "photo_credit", "link"]


class ProgrammeRefused(ValueError):
    """A programme file that was not imported, with the reason in the user's language."""


def export_programme(seminar: Seminar) -> bytes:
    days = list(
        seminar.days.order_by("number").prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.order_by("order")),
            Prefetch("items__slides", queryset=Slide.objects.order_by("order", "pk")),
        )
    )
    positions: dict[int, list[int]] = {}
    images: dict[str, bytes] = {}
    day_data = []
    for day in days:
        items = []
        for item_index, item in enumerate(day.items.all()):
            slides = []
            for slide_index, slide in enumerate(item.slides.all()):
                positions[slide.pk] = [day.number, item_index, slide_index]
                image = ""
                if slide.image:
                    image = f"images/{PurePosixPath(slide.image.name).name}"
                    with slide.image.open("rb") as file:
                        images[image] = file.read()
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
    data = {
        "format": FORMAT,
        "version": VERSION,
        "title": seminar.title,
        "municipality": seminar.municipality,
        "language": seminar.language,
        "allow_nicknames": seminar.allow_nicknames,
        "days": day_data,
        "polls": [
            {name: getattr(poll, name) for name in POLL_FIELDS}
            | {
                "slide": positions.get(poll.slide_id or 0),
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
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, json.dumps(data, ensure_ascii=False, indent=1))
        for name, content in images.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _read(data: bytes) -> tuple[dict[str, Any], zipfile.ZipFile]:
    if len(data) > MAX_BYTES:
        raise ProgrammeRefused(
            _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(part.file_size for part in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ProgrammeRefused(_("The programme file is incomplete or damaged."))
        programme = json.loads(archive.read(JSON_NAME))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ProgrammeRefused(_("That is not a Plenum programme file.")) from error
    if not isinstance(programme, dict) or programme.get("format") != FORMAT:
        raise ProgrammeRefused(_("That is not a Plenum programme file."))
    if programme.get("version") != VERSION:
        raise ProgrammeRefused(_("This programme file was made by another version of Plenum."))
    return programme, archive


@transaction.atomic
def import_programme(
    data: bytes,
    *,
    facilitator: User | None = None,
    municipality: str = "",
    first_date: date | None = None,
) -> Seminar:
    """A new seminar laid out exactly as the file says, with its own codes; for another
    `municipality` and from another `first_date` if given (the days keep their spacing)."""
    programme, archive = _read(data)
    try:
        dates = [date.fromisoformat(day["date"]) for day in programme["days"]]
        shift = first_date - min(dates) if first_date else timedelta(0)
        municipality = municipality or programme["municipality"]
        seminar = Seminar.objects.create(
            title=programme["title"],
            municipality=municipality,
            language=programme["language"],
            allow_nicknames=bool(programme.get("allow_nicknames")),
            slug=unique_slug(municipality=municipality, first_date=min(dates) + shift),
            join_code=new_join_code(),
            projector_token=new_projector_token(),
            delete_data_after=max(dates) + shift + RETENTION_AFTER_LAST_DAY,
        )
        if facilitator is not None:
            seminar.facilitators.add(facilitator)
        slides: dict[tuple[int, int, int], Slide] = {}
        for day_data in programme["days"]:
            day = Day.objects.create(
                seminar=seminar,
                number=day_data["number"],
                date=date.fromisoformat(day_data["date"]) + shift,
                ends_at=time.fromisoformat(day_data["ends_at"]),
            )
            for item_index, item_data in enumerate(day_data["items"]):
                item = AgendaItem.objects.create(
                    day=day,
                    order=item_index + 1,
                    title=item_data["title"],
                    starts_at=time.fromisoformat(item_data["starts_at"]),
                    planned_minutes=item_data["planned_minutes"],
                    kind=item_data["kind"],
                    presenter=item_data["presenter"],
                )
                for slide_index, slide_data in enumerate(item_data["slides"]):
                    slide = Slide(
                        item=item,
                        order=slide_index + 1,
                        **{name: slide_data[name] for name in SLIDE_FIELDS},
                    )
                    if slide_data["image"]:
                        # A fresh random name: the media view serves only such names.
                        suffix = PurePosixPath(slide_data["image"]).suffix.lower() or ".png"
                        content = ContentFile(archive.read(slide_data["image"]))
                        slide.image.save(f"{uuid.uuid4().hex}{suffix}", content, save=False)
                    slide.save()
                    slides[(day.number, item_index, slide_index)] = slide
        polls = []
        for poll_data in programme["polls"]:
            where = poll_data["slide"]
            poll = Poll.objects.create(
                seminar=seminar,
                slide=slides.get(tuple(where)) if where else None,
                **{name: poll_data[name] for name in POLL_FIELDS},
            )
            Choice.objects.bulk_create(
                Choice(poll=poll, order=order, label=choice["label"], light=choice["light"])
                for order, choice in enumerate(poll_data["choices"], start=1)
            )
            polls.append(poll)
        for exercise_data in programme["exercises"]:
            where = exercise_data["slide"]
            exercise = Exercise.objects.create(
                seminar=seminar,
                slide=slides.get(tuple(where)) if where else None,
                poll=polls[exercise_data["poll"]] if exercise_data["poll"] is not None else None,
                **{name: exercise_data[name] for name in EXERCISE_FIELDS},
            )
            Question.objects.bulk_create(
                Question(exercise=exercise, order=order, text=text)
                for order, text in enumerate(exercise_data["questions"])
            )
        Group.objects.bulk_create(
            Group(seminar=seminar, **group) for group in programme.get("groups", [])
        )
        if not seminar.groups.filter(kind=Group.Kind.SIDE).exists():
            create_sides(seminar=seminar)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ProgrammeRefused(_("The programme file is incomplete or damaged.")) from error
    first = (
        Slide.objects.filter(item__day__seminar=seminar)
        .order_by("item__day__number", "item__order", "order")
        .first()
    )
    LiveState.objects.create(seminar=seminar, slide=first)
    return seminar


TEMPLATE_PATH = Path(__file__).resolve().parent / "data" / "ks-basisprogram.zip"


def template_from_spec() -> bytes:
    """The KS basisprogram (agenda/ks_basisprogram.py) as a programme file: made in a
    transaction that is rolled back, so nothing stays in the database."""
    from agenda.ks_basisprogram import PROGRAMME

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
            )
            made.append(export_programme(seminar))
            raise Done
    except Done:
        pass
    return made[0]
