"""Laying a whole programme into a new seminar: days, slides, polls, exercises, groups
and the room's live state. It composes every layer below, so it sits above them all."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from agenda.programme_spec import ProgrammeSpec
from agenda.services import build_programme, programme_length_in_days
from exercises.services import build_exercises
from live.services import open_room
from polls.services import build_polls
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
) -> Seminar:
    """A new seminar with its own copy of `programme`, laid on the seminar's own dates."""
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
    create_sides(seminar=seminar)
    open_room(seminar=seminar)
    return seminar
