"""Laying a whole programme into a new seminar: days, slides, polls, exercises, groups
and the room's live state. It composes every layer below, so it sits above them all."""

from __future__ import annotations

from datetime import date, time

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from agenda.programme_spec import DaySpec, ItemSpec, ProgrammeSpec, SlideSpec
from agenda.services import build_programme, programme_length_in_days
from exercises.services import build_exercises
from live.services import open_room
from polls.services import build_polls
from programmes.placeholders import fill_placeholders
from questions.services import build_question_rounds
from seminar.groupings import create_sides
from seminar.models import Seminar
from seminar.services import new_seminar


@transaction.atomic
def create_seminar(
    *,
    title: str,
    municipality: str,
    language: str,
    first_date: date,
    programme: ProgrammeSpec,
    facilitator: User | None,
    slug: str = "",
    allow_nicknames: bool = False,
    keep_placeholders: bool = False,
) -> Seminar:
    """A new seminar with its own copy of `programme`, laid on the seminar's own dates,
    its placeholders filled (kept only to write the template file itself)."""
    seminar = new_seminar(
        title=title,
        municipality=municipality,
        language=language,
        first_date=first_date,
        last_date=first_date + programme_length_in_days(programme),
        facilitator=facilitator,
        allow_nicknames=allow_nicknames,
        slug=slug,
    )
    build_programme(seminar=seminar, spec=programme, first_date=first_date)
    build_polls(seminar_id=seminar.pk, specs=programme.polls)
    build_exercises(seminar_id=seminar.pk, specs=programme.exercises)
    build_question_rounds(seminar_id=seminar.pk, specs=programme.question_rounds)
    create_sides(seminar=seminar)
    if not keep_placeholders:
        fill_placeholders(seminar)
    open_room(seminar=seminar)
    return seminar


def empty_programme(*, language: str, first_date: date) -> ProgrammeSpec:
    """One day with one item and a title slide naming the municipality and the date: a
    start for a facilitator who builds the programme in the editor."""
    with translation.override(language):
        welcome = _("Welcome")
    title_slide = SlideSpec(layout="title", title="{municipality}", body="{dates}")
    item = ItemSpec(
        title=welcome,
        starts_at=time(9, 0),
        planned_minutes=30,
        kind="presentation",
        slides=(title_slide,),
    )
    return ProgrammeSpec(
        title="",
        municipality="",
        language=language,
        days=(DaySpec(number=1, date=first_date, ends_at=time(16, 0), items=(item,)),),
    )
