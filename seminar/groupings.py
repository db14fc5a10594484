"""The rules of groups: tables, party groups and the two sides, who is in which, and
the roles a group gives its members.

A person is in at most one group of each kind. When a phone's groups change, its live
connection is closed so that it reconnects at once and follows its new group's sheet.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seminar.models import Group, Membership, Participant, Seminar
from seminar.signals import groups_changed
from seminar.text import clean_text

MAX_GROUPS_AT_ONCE = 60
NAME_LENGTH = 80  # Group.name's max_length
SIDE_NAMES = {
    "nb": {"elected": "Folkevalgte", "administration": "Administrasjonen"},
    "nn": {"elected": "Folkevalde", "administration": "Administrasjonen"},
    "en": {"elected": "Elected members", "administration": "Administration"},
}
TABLE_NAME = {"nb": "Bord {number}", "nn": "Bord {number}", "en": "Table {number}"}


class GroupRefused(ValueError):
    """A change to the groups that was not made, with the reason in the user's language."""


def may_join(*, side: str, kind: str) -> bool:
    """Who a kind of group is for: party groups are the elected members' own (the
    administration has no party); tables and sides take everyone."""
    return kind != Group.Kind.PARTY or side == Participant.Side.ELECTED


def create_sides(*, seminar: Seminar) -> list[Group]:
    """The two sides every seminar has: elected members and the administration."""
    names = SIDE_NAMES.get(seminar.language, SIDE_NAMES["nb"])
    return [
        Group.objects.create(
            seminar=seminar, kind=Group.Kind.SIDE, side=side, name=name, order=order
        )
        for order, (side, name) in enumerate(names.items())
    ]


def _next_order(seminar: Seminar, kind: str) -> int:
    highest = seminar.groups.filter(kind=kind).aggregate(Max("order"))["order__max"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def add_groups(*, seminar: Seminar, kind: str, names: Sequence[str], side: str = "") -> list[Group]:
    """New groups of one kind, named by the facilitator (one name a line)."""
    cleaned = [clean_text(name) for name in names if clean_text(name)]
    if not cleaned:
        raise GroupRefused(_("Write at least one group name."))
    if len(cleaned) > MAX_GROUPS_AT_ONCE:
        raise GroupRefused(
            _("Add at most %(count)s groups at once.") % {"count": MAX_GROUPS_AT_ONCE}
        )
    if any(len(name) > 80 for name in cleaned):
        raise GroupRefused(_("A group name can be at most 80 characters long."))
    existing = {
        name.casefold() for name in seminar.groups.filter(kind=kind).values_list("name", flat=True)
    }
    seen: set[str] = set()
    for name in cleaned:
        if name.casefold() in existing or name.casefold() in seen:
            raise GroupRefused(_("There is already a group called “%(name)s”.") % {"name": name})
        seen.add(name.casefold())
    if kind == Group.Kind.SIDE and side not in Participant.Side.values:
        raise GroupRefused(_("Choose whose side the group is on."))
    order = _next_order(seminar, kind)
    return Group.objects.bulk_create(
        Group(
            seminar=seminar,
            kind=kind,
            side=side if kind == Group.Kind.SIDE else "",
            name=name,
            order=order + index,
        )
        for index, name in enumerate(cleaned)
    )


def add_tables(*, seminar: Seminar, count: int) -> list[Group]:
    """`count` more numbered tables: Bord 1, Bord 2, ..."""
    if not 1 <= count <= MAX_GROUPS_AT_ONCE:
        raise GroupRefused(
            _("Add between 1 and %(count)s tables at once.") % {"count": MAX_GROUPS_AT_ONCE}
        )
    pattern = TABLE_NAME.get(seminar.language, TABLE_NAME["nb"])
    taken = set(seminar.groups.filter(kind=Group.Kind.TABLE).values_list("name", flat=True))
    names: list[str] = []
    number = 1
    while len(names) < count:
        name = pattern.format(number=number)
        if name not in taken:
            names.append(name)
        number += 1
    return add_groups(seminar=seminar, kind=Group.Kind.TABLE, names=names)


def _new_name(*, group: Group, name: str) -> str:
    """The name cleaned, and checked as add_groups checks a new group's."""
    cleaned = clean_text(name)
    if not cleaned:
        raise GroupRefused(_("Write the group's name."))
    if len(cleaned) > NAME_LENGTH:
        raise GroupRefused(_("A group name can be at most 80 characters long."))
    others = Group.objects.filter(seminar_id=group.seminar_id, kind=group.kind).exclude(pk=group.pk)
    if any(
        other.casefold() == cleaned.casefold() for other in others.values_list("name", flat=True)
    ):
        raise GroupRefused(_("There is already a group called “%(name)s”.") % {"name": cleaned})
    return cleaned


@transaction.atomic
def rename_group(*, group: Group, name: str) -> Group:
    """A new name for a group (a party renamed, a typo mended): its members and what it
    wrote stay with it."""
    group.name = _new_name(group=group, name=name)
    group.save(update_fields=["name"])
    # Nobody moved: the screens are redrawn, no phone's connection is closed.
    groups_changed.send(None, seminar_id=group.seminar_id, participant_ids=[])
    return group


@transaction.atomic
def move_group(*, group: Group, by: int) -> list[Group]:
    """A group one place up (by=-1) or down (by=1) its kind's list (for party groups, the
    order they speak in unless the console changes it)."""
    groups = list(group.seminar.groups.filter(kind=group.kind).order_by("order", "pk"))
    index = next(index for index, other in enumerate(groups) if other.pk == group.pk)
    other = index + by
    if not 0 <= other < len(groups):
        raise GroupRefused(
            _("“%(name)s” is already first.") % {"name": group.name}
            if by < 0
            else _("“%(name)s” is already last.") % {"name": group.name}
        )
    groups[index], groups[other] = groups[other], groups[index]
    for order, each in enumerate(groups):
        each.order = order
    Group.objects.bulk_update(groups, ["order"])
    groups_changed.send(None, seminar_id=group.seminar_id, participant_ids=[])
    return groups


@transaction.atomic
def delete_group(*, group: Group, confirmed: bool = False) -> None:
    """Only an empty group goes: what a group wrote is never lost with it. A group with
    members goes only when the facilitator has confirmed that they leave it."""
    if group.contributions.exists():
        raise GroupRefused(
            _("“%(name)s” has written answers; it cannot be deleted.") % {"name": group.name}
        )
    members = list(group.memberships.values_list("participant_id", flat=True))
    # People still waiting to be let in are in no one's way: only those in the room count.
    in_room = group.memberships.filter(participant__admission=Participant.Admission.ADMITTED)
    if members and not confirmed and (count := in_room.count()):
        raise GroupRefused(
            ngettext(
                "“%(name)s” has %(count)s member: tick the box to confirm that they leave it.",
                "“%(name)s” has %(count)s members: tick the box to confirm that they leave it.",
                count,
            )
            % {"name": group.name, "count": count}
        )
    group.delete()
    groups_changed.send(None, seminar_id=group.seminar_id, participant_ids=members)


@transaction.atomic
def put_in_group(*, participant: Participant, group: Group) -> Membership:
    """Move a person into a group (or let a phone choose one): out of any other group of
    the same kind."""
    if group.seminar_id != participant.seminar_id:
        raise GroupRefused(_("That group belongs to another seminar."))
    if not may_join(side=participant.side, kind=group.kind):
        raise GroupRefused(
            _("Party groups are for elected members; the administration is not in one.")
        )
    membership, created = Membership.objects.select_for_update().get_or_create(
        participant=participant, kind=group.kind, defaults={"group": group}
    )
    moved = not created and membership.group_id != group.pk
    if moved:
        membership.group = group
        membership.role = Membership.Role.MEMBER
        membership.save(update_fields=["group", "role"])
    if created or moved:
        groups_changed.send(None, seminar_id=group.seminar_id, participant_ids=[participant.pk])
    return membership


@transaction.atomic
def assign_at_random(
    *, seminar: Seminar, kind: str, rng: random.Random | None = None
) -> dict[int, int]:
    """Everyone into the groups of one kind at random, sizes differing by one at most.
    Sides keep people on their own side: each side is shared among its own groups.
    Roles start afresh. Returns how many people each group got."""
    rng = rng or random.SystemRandom()
    groups = list(seminar.groups.filter(kind=kind).order_by("order", "pk"))
    if not groups:
        raise GroupRefused(_("Make the groups first."))
    people = [
        person
        for person in seminar.participants.filter(
            admission=Participant.Admission.ADMITTED
        ).order_by("pk")
        if may_join(side=person.side, kind=kind)
    ]
    if kind == Group.Kind.SIDE:
        pools = [
            ([g for g in groups if g.side == side], [p for p in people if p.side == side])
            for side in Participant.Side.values
        ]
    else:
        pools = [(groups, people)]
    memberships: list[Membership] = []
    sizes = {group.pk: 0 for group in groups}
    for pool_groups, pool_people in pools:
        if not pool_groups:
            continue
        rng.shuffle(pool_people)
        # Start each round with the groups in a fresh order: the leftover people
        # do not always land in the first groups.
        for start in range(0, len(pool_people), len(pool_groups)):
            order = pool_groups[:]
            rng.shuffle(order)
            for group, person in zip(
                order, pool_people[start : start + len(pool_groups)], strict=False
            ):
                memberships.append(Membership(participant=person, group=group, kind=kind))
                sizes[group.pk] += 1
    assigned = [membership.participant_id for membership in memberships]
    Membership.objects.filter(participant__seminar=seminar, kind=kind).delete()
    Membership.objects.bulk_create(memberships)
    groups_changed.send(None, seminar_id=seminar.pk, participant_ids=assigned)
    return sizes


@transaction.atomic
def set_role(*, group: Group, participant: Participant, role: str) -> Membership:
    """Make a member the group's leader or referent (one of each a group), or a member."""
    if role not in Membership.Role.values:
        raise GroupRefused(_("Unknown role."))
    membership = (
        Membership.objects.select_for_update().filter(group=group, participant=participant).first()
    )
    if membership is None:
        raise GroupRefused(_("That person is not in this group."))
    if role:
        Membership.objects.filter(group=group, role=role).exclude(pk=membership.pk).update(
            role=Membership.Role.MEMBER
        )
    membership.role = role
    membership.save(update_fields=["role"])
    groups_changed.send(None, seminar_id=group.seminar_id, participant_ids=[])
    return membership


def join_sides(participants: Iterable[Participant]) -> None:
    """Put newly joined people in their side's first group."""
    people = list(participants)
    if not people:
        return
    seminar_ids = {person.seminar_id for person in people}
    first_side_group: dict[tuple[int, str], Group] = {}
    for group in Group.objects.filter(seminar_id__in=seminar_ids, kind=Group.Kind.SIDE).order_by(
        "-order"
    ):
        first_side_group[(group.seminar_id, group.side)] = group
    Membership.objects.bulk_create(
        Membership(participant=person, group=side_group, kind=Group.Kind.SIDE)
        for person in people
        if (side_group := first_side_group.get((person.seminar_id, person.side))) is not None
    )
