"""The rules of seminars: their codes and tokens, their names, how long data is kept."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

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
    # NO KEY: phones joining meanwhile (a row that points at the seminar) are not held up.
    Seminar.objects.select_for_update(no_key=True).filter(pk=seminar_id).exists()


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


class FacilitatorRefused(ValueError):
    """A change to who runs a seminar that was not made, with the reason in the user's
    language."""


@transaction.atomic
def add_facilitator(*, seminar: Seminar, username: str) -> User:
    """A colleague with an account runs the seminar too."""
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise FacilitatorRefused(
            _("Nobody has the user name “%(name)s” here.") % {"name": username.strip()}
        )
    if seminar.facilitators.filter(pk=user.pk).exists():
        raise FacilitatorRefused(
            _("%(name)s runs this seminar already.") % {"name": display_name(user)}
        )
    seminar.facilitators.add(user)
    return user


@transaction.atomic
def remove_facilitator(*, seminar: Seminar, user_id: int) -> None:
    """A facilitator no longer runs the seminar; the last one stays."""
    lock_seminar(seminar.pk)  # two removing each other at once must not leave nobody
    facilitators = list(seminar.facilitators.values_list("pk", flat=True))
    if user_id not in facilitators:
        raise FacilitatorRefused(_("That person does not run this seminar."))
    if len(facilitators) == 1:
        raise FacilitatorRefused(
            _("A seminar needs a facilitator: add a colleague before you leave it.")
        )
    seminar.facilitators.remove(user_id)


def display_name(user: User) -> str:
    return user.get_full_name() or user.username


class AccountRefused(ValueError):
    """An account that was not made, with the reason in the user's language."""


def create_facilitator(*, username: str, name: str) -> tuple[User, str]:
    """A facilitator's account with a first password to hand over (they change it)."""
    username = username.strip()
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as error:
        raise AccountRefused(" ".join(error.messages)) from error
    if User.objects.filter(username__iexact=username).exists():
        raise AccountRefused(_("The user name “%(name)s” is taken.") % {"name": username})
    first, _space, last = name.strip().rpartition(" ")
    user = User(
        username=username, first_name=(first or last)[:150], last_name=last[:150] if first else ""
    )
    password = first_password()
    user.set_password(password)
    user.save()
    return user, password


def first_password() -> str:
    """Twelve letters and digits, none that look alike: read out or copied by hand."""
    return get_random_string(
        12, allowed_chars="abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
    )


def set_display_name(*, user: User, name: str) -> User:
    first, _space, last = name.strip().rpartition(" ")
    user.first_name, user.last_name = (first, last) if first else (last, "")
    user.save(update_fields=["first_name", "last_name"])
    return user
