"""Joining a seminar and recognising the same phone again."""

from __future__ import annotations

from django.core import signing

from seminar.models import Group, Participant, Seminar

COOKIE_NAME = "plenum_participant"
COOKIE_SALT = "plenum.participant"
COOKIE_MAX_AGE = 60 * 60 * 24 * 60  # two months: well past any seminar's last day


def join_seminar(
    *, seminar: Seminar, side: str, group: Group | None = None, nickname: str = ""
) -> Participant:
    if group is not None and group.seminar_id != seminar.pk:
        raise ValueError("The group belongs to another seminar.")
    return Participant.objects.create(
        seminar=seminar,
        side=side,
        group=group,
        nickname=nickname.strip() if seminar.allow_nicknames else "",
    )


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
