"""The demo seminar: the KS basisprogram as held in Sel kommune, 30-31 October 2023."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from exercises.services import build_exercises
from polls.services import build_polls
from programmes.ks_basisprogram import PROGRAMME
from programmes.programme_file import TEMPLATE_PATH, import_programme
from seminar.groupings import add_groups, add_tables, create_sides
from seminar.models import Group, Seminar
from seminar.services import RETENTION_AFTER_LAST_DAY, set_display_name

DEMO_SLUG = "sel-2023"
DEMO_USERNAME = "fasilitator"
# What the notes and the seminar's settings call the demo facilitator by,
# until they give their own on the account page.
DEMO_DISPLAY_NAME = "Kari Nordmann"
DEMO_TABLES = 6
# Party groups to try the speech exercise with; a real seminar names the council's own.
DEMO_PARTIES = (
    "Arbeiderpartiet",
    "Senterpartiet",
    "Høyre",
    "Fremskrittspartiet",
    "Sosialistisk Venstreparti",
    "Kristelig Folkeparti",
)


@dataclass(frozen=True)
class DemoSeminar:
    seminar: Seminar
    username: str
    password: str


def demo_password() -> str:
    """The demo facilitator's password: made on first run, kept in var/, never in code."""
    credentials = _demo_credentials()
    if credentials:
        return str(credentials["password"])
    password = get_random_string(16)
    _write_demo_credentials({"username": DEMO_USERNAME, "password": password})
    return password


def ensure_demo_facilitator() -> tuple[User, str]:
    password = demo_password()
    user, _created = User.objects.get_or_create(username=DEMO_USERNAME)
    # Checking a password hashes it (PBKDF2, about half a second here), and every start of
    # the server did it, while a hall waited to reconnect. The hash last found right is
    # kept beside the password: while the account still holds it, the password is the same.
    credentials = _demo_credentials()
    if user.password != credentials.get("checked_hash") and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    if credentials.get("checked_hash") != user.password:
        _write_demo_credentials(credentials | {"checked_hash": user.password})
    if not user.get_full_name():  # a name given on the account page stays
        set_display_name(user=user, name=DEMO_DISPLAY_NAME)
    return user, password


def _demo_credentials() -> dict[str, str]:
    path = settings.DEMO_CREDENTIALS_PATH
    if not path.exists():
        return {}
    found = json.loads(path.read_text())
    return {str(key): str(value) for key, value in found.items()} if isinstance(found, dict) else {}


def _write_demo_credentials(credentials: dict[str, str]) -> None:
    path = settings.DEMO_CREDENTIALS_PATH
    path.write_text(json.dumps(credentials))
    path.chmod(0o600)


@transaction.atomic
def ensure_demo_seminar() -> DemoSeminar:
    """Build the demo once; running it again changes nothing."""
    facilitator, password = ensure_demo_facilitator()
    seminar = Seminar.objects.filter(slug=DEMO_SLUG).first()
    if seminar is None:
        # The demo is the shipped programme file, imported as any facilitator would.
        seminar = import_programme(TEMPLATE_PATH.read_bytes(), facilitator=facilitator)
        seminar.slug = DEMO_SLUG
        seminar.save(update_fields=["slug"])
    else:
        seminar.facilitators.add(facilitator)
        # A demo built by an earlier version gets what the programme has since gained.
        if not seminar.polls.exists():
            build_polls(seminar_id=seminar.pk, specs=PROGRAMME.polls)
        if not seminar.exercises.exists():
            build_exercises(seminar_id=seminar.pk, specs=PROGRAMME.exercises)
        if not seminar.groups.filter(kind=Group.Kind.SIDE).exists():
            create_sides(seminar=seminar)
    if not seminar.groups.filter(kind=Group.Kind.TABLE).exists():
        add_tables(seminar=seminar, count=DEMO_TABLES)
    if not seminar.groups.filter(kind=Group.Kind.PARTY).exists():
        add_groups(seminar=seminar, kind=Group.Kind.PARTY, names=DEMO_PARTIES)
    # The demo is for trying out at any time, so its join code never runs out.
    keep_until = timezone.localdate() + RETENTION_AFTER_LAST_DAY
    if seminar.delete_data_after < keep_until:
        seminar.delete_data_after = keep_until
        seminar.save(update_fields=["delete_data_after"])
    return DemoSeminar(seminar=seminar, username=facilitator.username, password=password)
