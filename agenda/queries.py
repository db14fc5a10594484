from __future__ import annotations

from django.db.models import QuerySet

from agenda.models import AgendaItem, Day, Slide


def slides_in_show_order(seminar_id: int) -> QuerySet[Slide]:
    """Every slide of a seminar in the order the room sees them: day by day, item by item,
    slide by slide. The one place that order is written."""
    return Slide.objects.filter(item__day__seminar_id=seminar_id).order_by(
        "item__day__number", "item__order", "order", "pk"
    )


def slide_ids_by_title(seminar_id: int) -> dict[str, int]:
    """Each title's first slide in show order: where a programme's polls and exercises
    are asked (they name their slide by its title)."""
    ids: dict[str, int] = {}
    for slide_id, title in slides_in_show_order(seminar_id).values_list("pk", "title"):
        ids.setdefault(title, slide_id)
    return ids


def first_slide(seminar_id: int) -> Slide | None:
    return slides_in_show_order(seminar_id).first()


Outline = list[tuple[int, list[int]]]
"""Every agenda item of a seminar in show order, with its slides' ids in order."""


def programme_outline(seminar_id: int) -> Outline:
    """Two queries, whatever the size; items without slides are in it too."""
    outline: dict[int, list[int]] = {
        item_id: []
        for item_id in AgendaItem.objects.filter(day__seminar_id=seminar_id)
        .order_by("day__number", "order")
        .values_list("pk", flat=True)
    }
    for slide_id, item_id in slides_in_show_order(seminar_id).values_list("pk", "item_id"):
        outline[item_id].append(slide_id)
    return list(outline.items())


def item_warnings(day: Day, items: list[AgendaItem]) -> dict[int, list[str]]:
    """What an item's times get wrong, flagged, not refused: it starts before the item
    before it ends ("overlaps"), or ends after the day does ("past_end")."""
    warnings: dict[int, list[str]] = {item.pk: [] for item in items}
    previous: AgendaItem | None = None
    for item in items:
        if previous is not None and item.starts_at < previous.ends_at:
            warnings[item.pk].append("overlaps")
        if item.ends_at > day.ends_at or item.ends_at < item.starts_at:
            warnings[item.pk].append("past_end")
        previous = item
    return warnings
