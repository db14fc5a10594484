"""Building and copying programmes: days, agenda items and slides."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Day, Slide
from agenda.programme_spec import ProgrammeSpec
from agenda.queries import Outline, programme_outline
from agenda.signals import slides_changed
from seminar.models import Seminar
from seminar.services import RETENTION_AFTER_LAST_DAY, lock_seminar


@transaction.atomic
def build_programme(*, seminar: Seminar, spec: ProgrammeSpec, first_date: date) -> None:
    """Lay the programme's days, items and slides into an empty seminar.

    Day N of the programme falls N-1 days after `first_date`, so a copy for another
    municipality keeps the two-day shape on its own dates.
    """
    spec_first_date = min(day.date for day in spec.days)
    days = Day.objects.bulk_create(
        Day(
            seminar=seminar,
            number=day.number,
            date=first_date + (day.date - spec_first_date),
            ends_at=day.ends_at,
        )
        for day in spec.days
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            day=day,
            order=order,
            title=item.title,
            starts_at=item.starts_at,
            planned_minutes=item.planned_minutes,
            kind=item.kind,
            presenter=item.presenter,
        )
        for day, day_spec in zip(days, spec.days, strict=True)
        for order, item in enumerate(day_spec.items, start=1)
    )
    item_specs = [item for day_spec in spec.days for item in day_spec.items]
    Slide.objects.bulk_create(
        Slide(
            item=item,
            order=order,
            layout=slide.layout,
            title=slide.title,
            body=slide.body,
            notes=slide.notes,
            photo_credit=slide.photo_credit,
            link=slide.link,
        )
        for item, item_spec in zip(items, item_specs, strict=True)
        for order, slide in enumerate(item_spec.slides, start=1)
    )


def programme_length_in_days(spec: ProgrammeSpec) -> timedelta:
    dates = [day.date for day in spec.days]
    return max(dates) - min(dates)


class ArrangementRefused(ValueError):
    """A move that was not made, with the reason in the user's language."""


@dataclass(frozen=True)
class Placement:
    """Where a moved slide landed, for the sentence that tells."""

    item_title: str
    position: int
    count: int


@transaction.atomic
def arrange_slides(*, seminar: Seminar, outline: Outline) -> None:
    """Put every slide where the programme page shows it after a drag: `outline` lists the
    seminar's items in order, each with its slides' ids in their new order."""
    lock_seminar(seminar.pk)  # one change to a seminar's slides at a time
    current = programme_outline(seminar.pk)
    listed = sorted(slide_id for _item_id, slide_ids in outline for slide_id in slide_ids)
    if {item_id for item_id, _slides in outline} - {item_id for item_id, _slides in current} or (
        listed != sorted(slide_id for _item_id, slide_ids in current for slide_id in slide_ids)
    ):
        raise ArrangementRefused(
            _(
                "The programme was changed in another window. "
                "This page now shows it as it is: make the move again."
            )
        )
    _store(seminar_id=seminar.pk, after=outline)


@transaction.atomic
def move_slide(*, seminar: Seminar, slide_id: int, by: int) -> Placement:
    """One place earlier (by=-1) or later (by=1); past the first or last slide of its item
    it moves into the item before or after, so the keyboard reaches every place."""
    lock_seminar(seminar.pk)  # one change to a seminar's slides at a time
    current = programme_outline(seminar.pk)
    after = [(item_id, list(slide_ids)) for item_id, slide_ids in current]
    found = next(
        (
            (index, slide_ids)
            for index, (_item_id, slide_ids) in enumerate(after)
            if slide_id in slide_ids
        ),
        None,
    )
    if found is None:
        raise ArrangementRefused(_("That slide is not part of this seminar."))
    item_index, slide_ids = found
    place = slide_ids.index(slide_id) + by
    if 0 <= place < len(slide_ids):
        slide_ids.remove(slide_id)
        slide_ids.insert(place, slide_id)
    elif 0 <= item_index + by < len(after):
        slide_ids.remove(slide_id)
        item_index += by
        neighbour = after[item_index][1]
        neighbour.insert(len(neighbour) if by < 0 else 0, slide_id)
    _store(seminar_id=seminar.pk, after=after)
    item_id, slide_ids = after[item_index]
    return Placement(
        item_title=AgendaItem.objects.values_list("title", flat=True).get(pk=item_id),
        position=slide_ids.index(slide_id) + 1,
        count=len(slide_ids),
    )


def _store(*, seminar_id: int, after: Outline) -> None:
    """Number each item's slides 1, 2, 3… as `after` has them, writing only the slides whose
    item or number changed, and have the screens follow."""
    stored = {
        slide_id: (item_id, order)
        for slide_id, item_id, order in Slide.objects.filter(
            item__day__seminar_id=seminar_id
        ).values_list("pk", "item_id", "order")
    }
    changed = [
        Slide(pk=slide_id, item_id=item_id, order=order)
        for item_id, slide_ids in after
        for order, slide_id in enumerate(slide_ids, start=1)
        if stored[slide_id] != (item_id, order)
    ]
    if changed:
        Slide.objects.bulk_update(changed, ["item", "order"])
        slides_changed.send(None, seminar_id=seminar_id)


# Editing the agenda: days and items ------------------------------------------------------

NEW_DAY_ENDS_AT = time(16, 0)


@transaction.atomic
def add_item(
    *,
    day: Day,
    title: str,
    starts_at: time,
    planned_minutes: int,
    kind: str,
    presenter: str = "",
) -> AgendaItem:
    """A new item at the end of its day."""
    lock_seminar(day.seminar_id)
    last = day.items.aggregate(last=Max("order"))["last"] or 0
    item = AgendaItem.objects.create(
        day=day,
        order=last + 1,
        title=title,
        starts_at=starts_at,
        planned_minutes=planned_minutes,
        kind=kind,
        presenter=presenter,
    )
    slides_changed.send(None, seminar_id=day.seminar_id)
    return item


def programme_edited(*, seminar_id: int) -> None:
    """A day's or an item's title, time or kind was saved: the console's agenda follows."""
    slides_changed.send(None, seminar_id=seminar_id)


@transaction.atomic
def move_item(*, item: AgendaItem, by: int) -> AgendaItem:
    """One place earlier (by=-1) or later (by=1) within its day; the first and last stay."""
    lock_seminar(item.day.seminar_id)
    items = list(item.day.items.order_by("order", "pk"))
    index = next(index for index, other in enumerate(items) if other.pk == item.pk)
    place = index + by
    if 0 <= place < len(items):
        items.insert(place, items.pop(index))
        for order, other in enumerate(items, start=1):
            other.order = order
        AgendaItem.objects.bulk_update(items, ["order"])
        slides_changed.send(None, seminar_id=item.day.seminar_id)
    return next(other for other in items if other.pk == item.pk)


@transaction.atomic
def arrange_items(*, seminar: Seminar, outline: Outline) -> bool:
    """Put every agenda item where the agenda editor shows it after a drag: `outline` lists
    the seminar's days, each with its items' ids in their new order. Whether any item's
    place changed is returned (one dropped where it was changes nothing)."""
    lock_seminar(seminar.pk)  # one change to a seminar's agenda at a time
    day_ids = list(seminar.days.order_by().values_list("pk", flat=True))
    stored = {
        item_id: (day_id, order)
        for item_id, day_id, order in AgendaItem.objects.filter(day__seminar=seminar)
        .order_by()
        .values_list("pk", "day_id", "order")
    }
    # Every day and every item exactly once: a page that lacks one, or shows one that has
    # gone, was drawn before another window changed the agenda.
    if sorted(day_id for day_id, _items in outline) != sorted(day_ids) or sorted(
        item_id for _day_id, item_ids in outline for item_id in item_ids
    ) != sorted(stored):
        raise ArrangementRefused(
            _(
                "The agenda was changed in another window. "
                "This page now shows it as it is: make the move again."
            )
        )
    changed = [
        AgendaItem(pk=item_id, day_id=day_id, order=order)
        for day_id, item_ids in outline
        for order, item_id in enumerate(item_ids, start=1)
        if stored[item_id] != (day_id, order)
    ]
    if changed:
        AgendaItem.objects.bulk_update(changed, ["day", "order"])
        slides_changed.send(None, seminar_id=seminar.pk)
    return bool(changed)


@transaction.atomic
def add_day(*, seminar: Seminar) -> Day:
    """A day after the last one; the participants' data is kept as long after it."""
    lock_seminar(seminar.pk)
    last = seminar.days.order_by("-number").first()
    day = Day.objects.create(
        seminar=seminar,
        number=(last.number + 1) if last else 1,
        date=(last.date + timedelta(days=1)) if last else timezone.localdate(),
        ends_at=NEW_DAY_ENDS_AT,
    )
    keep_until = day.date + RETENTION_AFTER_LAST_DAY
    if seminar.delete_data_after < keep_until:
        seminar.delete_data_after = keep_until
        seminar.save(update_fields=["delete_data_after"])
    slides_changed.send(None, seminar_id=seminar.pk)
    return day


# Editing slides ----------------------------------------------------------------------------


@transaction.atomic
def save_slide(*, slide: Slide, picture: bytes | None = None, position: int | None = None) -> Slide:
    """A slide as the editor saved it. A new one goes into its item at `position` (0 is
    first; None, or past the end, is last). `picture` is a new picture, already cleaned to
    a PNG; the one it replaces goes once no slide shows it."""
    seminar_id = slide.item.day.seminar_id
    lock_seminar(seminar_id)  # one change to a seminar's slides at a time
    before = Slide.objects.filter(pk=slide.pk).values_list("image", flat=True).first() or ""
    if picture is not None:
        # A fresh random name: the media view serves only such names.
        slide.image = default_storage.save(f"slides/{uuid.uuid4().hex}.png", ContentFile(picture))
    if slide._state.adding:
        slide.order = 0
        slide.save()
        after = programme_outline(seminar_id)
        item_slides = next(ids for item_id, ids in after if item_id == slide.item_id)
        item_slides.remove(slide.pk)
        place = len(item_slides) if position is None else max(0, position)
        item_slides.insert(place, slide.pk)
        _store(seminar_id=seminar_id, after=after)  # and the screens follow
    else:
        slide.save()
        slides_changed.send(None, seminar_id=seminar_id)
    if before and before != slide.image.name:
        forget_pictures([before])
    return slide


@transaction.atomic
def duplicate_slide(*, slide: Slide) -> Slide:
    """A copy of the slide right after it, sharing its picture; its polls and exercises stay
    with the original."""
    position = list(slide.item.slides.order_by("order", "pk").values_list("pk", flat=True))
    copy = Slide(
        item=slide.item,
        layout=slide.layout,
        title=slide.title,
        body=slide.body,
        notes=slide.notes,
        image=slide.image.name,
        image_alt=slide.image_alt,
        photo_credit=slide.photo_credit,
        link=slide.link,
    )
    return save_slide(slide=copy, position=position.index(slide.pk) + 1)


def forget_pictures(names: Iterable[str]) -> None:
    """Delete, after the commit, the pictures among `names` that no slide shows any more
    (copies and duplicates share their picture)."""
    names = set(names) - {""}
    unused = sorted(
        names - set(Slide.objects.filter(image__in=names).values_list("image", flat=True))
    )

    def delete_pictures() -> None:
        for name in unused:
            default_storage.delete(name)

    if unused:
        transaction.on_commit(delete_pictures)
