"""The rules of seminars: creating one, its codes and tokens, who runs it."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from agenda.programme_spec import ProgrammeSpec
from agenda.queries import first_slide
from agenda.services import build_programme, programme_length_in_days
from exercises.services import build_exercises
from polls.services import build_polls
from seminar.groupings import create_sides
from seminar.models import LiveState, Seminar

RETENTION_AFTER_LAST_DAY = timedelta(days=30)
JOIN_CODE_DIGITS = 6


def new_join_code() -> str:
    """A six-digit code nobody else is using; short enough to type from the projector."""
    while True:
        code = f"{secrets.randbelow(10**JOIN_CODE_DIGITS):0{JOIN_CODE_DIGITS}d}"
        if not Seminar.objects.filter(join_code=code).exists():
            return code


def new_projector_token() -> str:
    return secrets.token_urlsafe(24)


def unique_slug(*, municipality: str, first_date: date) -> str:
    base = slugify(f"{municipality} {first_date:%Y-%m-%d}")[:70] or "seminar"
    slug, suffix = base, 2
    while Seminar.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


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
    last_date = first_date + programme_length_in_days(programme)
    seminar = Seminar.objects.create(
        title=title,
        municipality=municipality,
        language=language,
        slug=slug or unique_slug(municipality=municipality, first_date=first_date),
        join_code=new_join_code(),
        projector_token=new_projector_token(),
        delete_data_after=last_date + RETENTION_AFTER_LAST_DAY,
        allow_nicknames=allow_nicknames,
    )
    if facilitator is not None:
        seminar.facilitators.add(facilitator)
    build_programme(seminar=seminar, spec=programme, first_date=first_date)
    build_polls(seminar_id=seminar.pk, specs=programme.polls)
    build_exercises(seminar_id=seminar.pk, specs=programme.exercises)
    create_sides(seminar=seminar)
    LiveState.objects.create(seminar=seminar, slide=first_slide(seminar))
    return seminar
