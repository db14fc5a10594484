"""Joining a seminar, being let in, and recognising the same phone again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import QuerySet

from seminar.groupings import join_sides
from seminar.models import Group, Membership, Participant, Seminar
from seminar.prepared import SAMPLE_ID, SAMPLE_OTHER_ID, PreparedQuery, sample_text
from seminar.text import clean_text

COOKIE_NAME = "plenum_participant"
COOKIE_SALT = "plenum.participant"
COOKIE_MAX_AGE = 60 * 60 * 24 * 60  # two months: well past any seminar's last day


@transaction.atomic
def join_seminar(
    *, seminar: Seminar, side: str, group: Group | None = None, nickname: str = ""
) -> Participant:
    """A new participant, at the table they chose (if any) and on their side; waiting to
    be let in while the seminar's admission is closed."""
    if group is not None and (group.seminar_id != seminar.pk or group.kind != Group.Kind.TABLE):
        raise ValueError("The table belongs to another seminar.")
    # Read under the seminar's lock: a phone joining as admission opens must not be left
    # waiting where no console lists it.
    closed = (
        Seminar.objects.select_for_update(no_key=True)
        .values_list("admission_closed", flat=True)
        .get(pk=seminar.pk)
    )
    participant = Participant.objects.create(
        seminar=seminar,
        side=side,
        nickname=clean_text(nickname) if seminar.allow_nicknames else "",
        admission=Participant.Admission.WAITING if closed else Participant.Admission.ADMITTED,
    )
    if group is not None:
        Membership.objects.create(participant=participant, group=group, kind=group.kind)
    join_sides([participant])
    return participant


def set_admission(*, seminar: Seminar, closed: bool) -> list[int]:
    """Close admission, or open it again and let everyone waiting in; the ids of the
    participants let in."""
    with transaction.atomic():
        Seminar.objects.select_for_update(no_key=True).filter(pk=seminar.pk).exists()
        Seminar.objects.filter(pk=seminar.pk).update(admission_closed=closed)
        seminar.admission_closed = closed
        if closed:
            return []
        waiting = list(
            seminar.participants.filter(admission=Participant.Admission.WAITING).values_list(
                "pk", flat=True
            )
        )
        Participant.objects.filter(pk__in=waiting).update(admission=Participant.Admission.ADMITTED)
        return waiting


@transaction.atomic
def decide_admission(*, seminar: Seminar, participant_id: int, admit: bool) -> bool:
    """Let one waiting phone in, or turn it away (out of the groups it chose too); False
    if it was not waiting here."""
    changed = Participant.objects.filter(
        pk=participant_id, seminar=seminar, admission=Participant.Admission.WAITING
    ).update(
        admission=Participant.Admission.ADMITTED if admit else Participant.Admission.TURNED_AWAY
    )
    if changed and not admit:
        Membership.objects.filter(participant_id=participant_id).delete()
    return changed == 1


def cookie_value(participant: Participant) -> str:
    return signing.dumps({"s": participant.seminar_id, "p": participant.pk}, salt=COOKIE_SALT)


def ids_from_cookie(value: str | None) -> tuple[int, int] | None:
    """(seminar id, participant id) of a genuine participant cookie."""
    if not value:
        return None
    try:
        data = signing.loads(value, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    seminar_id, participant_id = data.get("s"), data.get("p")
    if isinstance(seminar_id, int) and isinstance(participant_id, int):
        return seminar_id, participant_id
    return None


def participant_id_from_cookie(value: str | None, *, seminar_id: int) -> int | None:
    """The participant this phone joined as, if the cookie is genuine and for this seminar."""
    ids = ids_from_cookie(value)
    return ids[1] if ids is not None and ids[0] == seminar_id else None


def phone_participant(
    cookie: str | None, code: str, *, admitted: bool = True
) -> Participant | None:
    """The participant (with its seminar) a phone's cookie names, if the cookie is for the
    seminar with this code: one query, none without a genuine cookie. A phone that has not
    joined learns nothing here of whether the code is real. Prepared: every page and every
    vote over HTTP of a hall asks it (seminar/prepared.py)."""
    ids = ids_from_cookie(cookie)
    if ids is None:
        return None
    query = _ADMITTED_PHONE if admitted else _ANY_PHONE
    rows = query.run(seminar_id=ids[0], participant_id=ids[1], code=code)
    if not rows:
        return None
    own = len(_PARTICIPANT_FIELDS)
    participant = Participant.from_db(DEFAULT_DB_ALIAS, _PARTICIPANT_FIELDS, rows[0][:own])
    participant.seminar = Seminar.from_db(DEFAULT_DB_ALIAS, _SEMINAR_FIELDS, rows[0][own:])
    return participant


# Every field of both, as select_related("seminar") would load them.
_PARTICIPANT_FIELDS = [field.attname for field in Participant._meta.concrete_fields]
_SEMINAR_FIELDS = [field.attname for field in Seminar._meta.concrete_fields]


def _phone_query(*, admitted: bool) -> PreparedQuery:
    def build(*, seminar_id: int, participant_id: int, code: str) -> QuerySet[Participant, Any]:
        found = Participant.objects.filter(
            pk=participant_id, seminar_id=seminar_id, seminar__join_code=code
        )
        if admitted:
            found = found.filter(admission=Participant.Admission.ADMITTED)
        seminar_fields = [f"seminar__{name}" for name in _SEMINAR_FIELDS]
        return found.values_list(*_PARTICIPANT_FIELDS, *seminar_fields)[:1]

    return PreparedQuery(
        build, seminar_id=SAMPLE_OTHER_ID, participant_id=SAMPLE_ID, code=sample_text("code")
    )


_ADMITTED_PHONE = _phone_query(admitted=True)
_ANY_PHONE = _phone_query(admitted=False)


def admitted_participants(*, participant_ids: Iterable[int]) -> dict[int, Participant]:
    """The admitted participants among these, by id, with their seminars: one query (a
    batch of votes; the caller checks each against the seminar it claims)."""
    found = Participant.objects.select_related("seminar").filter(
        pk__in=set(participant_ids), admission=Participant.Admission.ADMITTED
    )
    return {participant.pk: participant for participant in found}


def admitted_light_participants(*, participant_ids: Iterable[int]) -> dict[int, Participant]:
    """The admitted participants among these, by id, each loaded with its id and seminar
    alone (any other field is read from the database when asked for), the seminar whole:
    two queries, and one model instance a participant."""
    pairs = list(
        Participant.objects.filter(
            pk__in=set(participant_ids), admission=Participant.Admission.ADMITTED
        ).values_list("pk", "seminar_id")
    )
    seminars = Seminar.objects.in_bulk({seminar_id for _pk, seminar_id in pairs})
    found: dict[int, Participant] = {}
    for pk, seminar_id in pairs:
        participant = Participant.from_db(DEFAULT_DB_ALIAS, ["id", "seminar_id"], [pk, seminar_id])
        participant.seminar = seminars[seminar_id]
        found[pk] = participant
    return found


def admitted_participant(*, participant_id: int, seminar_id: int) -> Participant | None:
    """The participant (with its seminar) a phone's socket was let in as, if still
    admitted: one query."""
    return (
        Participant.objects.select_related("seminar")
        .filter(pk=participant_id, seminar_id=seminar_id, admission=Participant.Admission.ADMITTED)
        .first()
    )
