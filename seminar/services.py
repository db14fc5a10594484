"""The rules of seminars: their codes and tokens, their names, how long data is kept."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils.text import slugify

from seminar.models import Seminar

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


def lock_seminar(seminar_id: int) -> None:
    """Hold the seminar's row for this transaction: changes to its programme (slides
    added, moved, removed) never interleave."""
    Seminar.objects.select_for_update().filter(pk=seminar_id).exists()


def new_seminar(
    *,
    title: str,
    municipality: str,
    language: str,
    first_date: date,
    last_date: date,
    facilitator: User | None,
    allow_nicknames: bool = False,
    slug: str = "",
) -> Seminar:
    """A seminar with its own codes, kept until 30 days after its last day; its programme
    is laid into it by the programmes layer."""
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
    return seminar
