from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from agenda.models import AgendaItem, Day, Slide
from exercises.models import Exercise
from polls.models import Poll
from seminar.models import Seminar


def programme_days(seminar: Seminar) -> QuerySet[Day]:
    """Both days with their items, slides and the polls and exercises asked on them, in
    five queries whatever the size."""
    slides = Slide.objects.order_by("order", "pk").prefetch_related(
        Prefetch("polls", queryset=Poll.objects.only("pk", "slide_id", "question")),
        Prefetch("exercises", queryset=Exercise.objects.only("pk", "slide_id", "title")),
    )
    return Day.objects.filter(seminar=seminar).prefetch_related(
        Prefetch(
            "items",
            queryset=AgendaItem.objects.prefetch_related(
                Prefetch("slides", queryset=slides)
            ).order_by("order"),
        )
    )


def first_slide(seminar: Seminar) -> Slide | None:
    return (
        Slide.objects.filter(item__day__seminar=seminar)
        .order_by("item__day__number", "item__order", "order")
        .first()
    )


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
    slides = Slide.objects.filter(item__day__seminar_id=seminar_id).order_by("order", "pk")
    for slide_id, item_id in slides.values_list("pk", "item_id"):
        outline[item_id].append(slide_id)
    return list(outline.items())
