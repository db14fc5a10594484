"""Deleting what participants left behind: on the seminar's delete-after date, or when the
organiser says so. The programme stays, as a template for the next time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from exercises.models import Card, Contribution, Exercise, Theme
from live.services import locked_state, save_state
from notes.report import stored_files
from polls.models import Ballot, Poll, Survey
from questions.models import QuestionRound
from seminar.models import Seminar


@dataclass(frozen=True)
class Deleted:
    participants: int
    votes: int
    contributions: int
    cards: int
    files: int


@transaction.atomic
def delete_participant_data(*, seminar: Seminar) -> Deleted:
    """Participants, their votes, everything written and every picture, gone; the polls
    and exercises back to drafts. Files leave the disk once the rows are gone for good."""
    files = stored_files(seminar)
    deleted = Deleted(
        participants=seminar.participants.count(),
        votes=Ballot.objects.filter(poll__seminar=seminar).count(),
        contributions=Contribution.objects.filter(exercise__seminar=seminar).count(),
        cards=Card.objects.filter(exercise__seminar=seminar).count(),
        files=len(files),
    )
    live = locked_state(seminar.pk)
    Contribution.objects.filter(exercise__seminar=seminar).delete()
    Card.objects.filter(exercise__seminar=seminar).delete()
    Theme.objects.filter(exercise__seminar=seminar).delete()
    Ballot.objects.filter(poll__seminar=seminar).delete()
    seminar.participants.all().delete()  # and their memberships
    Exercise.objects.filter(seminar=seminar).update(
        state=Exercise.State.DRAFT,
        revealed=False,
        focus_group=None,
        speaking_group=None,
        spoken_groups=[],
        skipped_groups=[],
        spotlight_note=None,
        spotlight_card=None,
    )
    Poll.objects.filter(seminar=seminar).update(
        state=Poll.State.DRAFT, revealed=False, answer_key_shown=False
    )
    Survey.objects.filter(seminar=seminar).update(state=Survey.State.DRAFT, results_shown=False)
    QuestionRound.objects.filter(seminar=seminar).update(
        state=QuestionRound.State.DRAFT, answering=None
    )
    save_state(live, live.clear_activities())
    transaction.on_commit(lambda: _delete_files(files))
    return deleted


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def purge_expired(*, today: date | None = None) -> list[tuple[Seminar, Deleted]]:
    """Every seminar past its delete-after date that still holds participants' data."""
    today = today or timezone.localdate()
    expired = Seminar.objects.filter(delete_data_after__lt=today).order_by("pk")
    done = []
    for seminar in expired:
        has_data = (
            seminar.participants.exists()
            or Contribution.objects.filter(exercise__seminar=seminar).exists()
        )
        if has_data:
            done.append((seminar, delete_participant_data(seminar=seminar)))
    return done
