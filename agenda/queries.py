from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from agenda.models import AgendaItem, Day, Slide
from seminar.models import Seminar


def programme_days(seminar: Seminar) -> QuerySet[Day]:
    """Both days with their items and slides, in three queries whatever the size."""
    return Day.objects.filter(seminar=seminar).prefetch_related(
        Prefetch(
            "items",
            queryset=AgendaItem.objects.prefetch_related(
                Prefetch("slides", queryset=Slide.objects.order_by("order"))
            ).order_by("order"),
        )
    )


def first_slide(seminar: Seminar) -> Slide | None:
    return (
        Slide.objects.filter(item__day__seminar=seminar)
        .order_by("item__day__number", "item__order", "order")
        .first()
    )
