"""Joining a seminar and recognising the same phone again."""

from __future__ import annotations

from django.core import signing
from django.db import transaction

from seminar.groupings import join_sides
from seminar.models import Group, Membership, Participant, Seminar

COOKIE_NAME = "plenum_participant"
COOKIE_SALT = "plenum.participant"
COOKIE_MAX_AGE = 60 * 60 * 24 * 60  # two months: well past any seminar's last day


@transaction.atomic
def join_seminar(
    *, seminar: Seminar, side: str, group: Group | None = None, nickname: str = ""
) -> Participant:
    """A new participant, at the table they chose (if any) and on their side."""
    if group is not None and (group.seminar_id != seminar.pk or group.kind != Group.Kind.TABLE):
        raise ValueError("The table belongs to another seminar.")
    participant = Participant.objects.create(
        seminar=seminar,
        side=side,
        nickname=nickname.strip() if seminar.allow_nicknames else "",
    )
    if group is not None:
        Membership.objects.create(participant=participant, group=group, kind=group.kind)
    join_sides([participant])
    return participant


def cookie_value(participant: Participant) -> str:
    return signing.dumps({"s": participant.seminar_id, "p": participant.pk}, salt=COOKIE_SALT)


def participant_id_from_cookie(value: str | None, *, seminar_id: int) -> int | None:
    """The participant this phone joined as, if the cookie is genuine and for this seminar."""
    if not value:
        return None
    try:
        data = signing.loads(value, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") != seminar_id:
        return None
    participant_id = data.get("p")
    return participant_id if isinstance(participant_id, int) else None
