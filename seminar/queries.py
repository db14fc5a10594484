from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from seminar.groupings import may_join
from seminar.models import Group, Membership, Participant, Seminar


def seminars_for_facilitator(user: User | AnonymousUser) -> QuerySet[Seminar]:
    """The seminars a user runs: the one scope every facilitator page looks up through."""
    if not user.is_authenticated:
        return Seminar.objects.none()
    return Seminar.objects.filter(facilitators=user)


@dataclass
class GroupRow:
    group: Group
    members: list[tuple[Participant, str]] = field(default_factory=list)  # with role


@dataclass
class Grouping:
    kind: str
    label: str
    rows: list[GroupRow]
    outside: list[Participant]  # people in no group of this kind


def group_overview(seminar: Seminar) -> list[Grouping]:
    """Every group of the seminar, kind by kind, with its members: three queries."""
    groups = list(seminar.groups.order_by("kind", "order", "pk"))
    people = {
        person.pk: person
        for person in seminar.participants.filter(
            admission=Participant.Admission.ADMITTED
        ).order_by("pk")
    }
    rows = {group.pk: GroupRow(group) for group in groups}
    placed: dict[str, set[int]] = {kind: set() for kind in Group.Kind.values}
    for participant_id, group_id, kind, role in Membership.objects.filter(
        group__seminar=seminar
    ).values_list("participant_id", "group_id", "kind", "role"):
        if participant_id not in people:  # waiting to be let in: not in the room yet
            continue
        rows[group_id].members.append((people[participant_id], role))
        placed[kind].add(participant_id)
    return [
        Grouping(
            kind=kind,
            label=str(label),
            rows=[rows[group.pk] for group in groups if group.kind == kind],
            outside=[
                person
                for pk, person in people.items()
                if pk not in placed[kind] and may_join(side=person.side, kind=kind)
            ],
        )
        for kind, label in (
            (Group.Kind.TABLE, _("Tables")),
            (Group.Kind.PARTY, _("Party groups")),
            (Group.Kind.SIDE, _("Elected members and administration")),
        )
    ]
