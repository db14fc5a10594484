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
