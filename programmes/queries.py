from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from agenda.models import AgendaItem, Day, Slide
from exercises.models import Exercise
from polls.models import Poll, Survey
from questions.models import QuestionRound
from seminar.models import Seminar


def programme_days(seminar: Seminar) -> QuerySet[Day]:
    """Both days with their items, slides and the polls, surveys, exercises and questions
    from the room asked on them, in seven queries whatever the size."""
    slides = Slide.objects.order_by("order", "pk").prefetch_related(
        # A survey's questions are named by the survey.
        Prefetch(
            "polls", queryset=Poll.objects.filter(survey=None).only("pk", "slide_id", "question")
        ),
        Prefetch("surveys", queryset=Survey.objects.only("pk", "slide_id", "title")),
        Prefetch("exercises", queryset=Exercise.objects.only("pk", "slide_id", "title")),
        Prefetch("question_rounds", queryset=QuestionRound.objects.only("pk", "slide_id", "title")),
    )
    return Day.objects.filter(seminar=seminar).prefetch_related(
        Prefetch(
            "items",
            queryset=AgendaItem.objects.prefetch_related(
                Prefetch("slides", queryset=slides)
            ).order_by("order"),
        )
    )
