"""A phone's contribution to an exercise (a note, a line, a verdict, a height), posted or
sent over its socket: stored, then answered with the form that was sent."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from exercises import services
from exercises.models import Exercise
from exercises.queries import my_part
from seminar.models import Participant, Seminar
from seminar.participants import admitted_participant


@dataclass(frozen=True)
class ContributionAnswer:
    exercise: Exercise
    partial: str  # of exercises/exercise.html: the form again, and for notes the phone's own
    context: dict[str, object]

    @property
    def error(self) -> str:
        return str(self.context.get("entry_error", ""))


def _saved_message(exercise: Exercise) -> str:
    messages: dict[str, str] = {
        Exercise.Kind.CASE: _("The group's answer is stored."),
        Exercise.Kind.DILEMMA: _("The group's verdict is stored."),
        Exercise.Kind.CONTEST: _("The team's height is stored."),
        Exercise.Kind.SPEECH: _("You present for the group."),
        Exercise.Kind.NOTES: _("Your note is on the wall."),
    }
    return messages.get(exercise.kind, _("Added to the group's sheet."))


def contribute_from_phone(
    *, participant: Participant, exercise_id: int, entry: services.Entry
) -> ContributionAnswer | None:
    """Store what the phone sent, or say why not with what it sent kept; None if the
    participant's seminar has no such exercise."""
    exercise = Exercise.objects.filter(pk=exercise_id, seminar_id=participant.seminar_id).first()
    if exercise is None:
        return None
    question = exercise.questions.filter(pk=entry.question_id or 0).first()
    context: dict[str, object] = {
        "form_id": question.form_id if question else exercise.form_id,
        "question": question,
    }
    try:
        contribution = services.contribute(
            exercise_id=exercise.pk, participant=participant, entry=entry
        )
    except services.ContributionRefused as refused:
        context |= {
            "entry_error": str(refused),
            "draft_text": entry.text,
            "draft_verdict": entry.verdict,
            "draft_height": entry.height,
            # The answer as it now stands: sending again replaces that one.
            "answer": refused.current,
        }
    else:
        context |= {"entry_saved": _saved_message(exercise), "answer": contribution}
        if exercise.kind in {Exercise.Kind.CASE, Exercise.Kind.DILEMMA}:
            # The group's answer stays in the form, to improve on.
            context |= {"draft_text": contribution.text, "draft_verdict": contribution.verdict}
    if exercise.kind == Exercise.Kind.NOTES:
        context["mine"] = my_part(exercise, participant)
        return ContributionAnswer(exercise=exercise, partial="notes_response", context=context)
    return ContributionAnswer(exercise=exercise, partial="entry_form", context=context)


def contribution_answer(
    answer: ContributionAnswer, *, seminar: Seminar, request: HttpRequest | None = None
) -> str:
    """The phone's form after its contribution, each element with its id, which htmx
    swaps (a socket's message out of band). Without a request (a socket) the forms carry
    no CSRF token: htmx sends the page's own as X-CSRFToken (base.html)."""
    context = answer.context | {
        "seminar": seminar,
        "exercise": answer.exercise,
        "entry_response": True,
    }
    return render_to_string(f"exercises/exercise.html#{answer.partial}", context, request=request)


def contribute_over_socket(
    *, participant_id: int, seminar_id: int, language: str, exercise_id: int, entry: services.Entry
) -> str | None:
    """A socket's contribution, for the participant it was let in as: the answer in the
    phone's language, or None if it is no longer in the room or the exercise is not its
    seminar's (nothing to swap on its screen)."""
    participant = admitted_participant(participant_id=participant_id, seminar_id=seminar_id)
    if participant is None:
        return None
    with translation.override(language):
        answer = contribute_from_phone(
            participant=participant, exercise_id=exercise_id, entry=entry
        )
        if answer is None:
            return None
        return contribution_answer(answer, seminar=participant.seminar)
