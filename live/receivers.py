"""What the live layer does when a layer below it says something changed (their
signals): the screens follow. Connected once, in LiveConfig.ready."""

from __future__ import annotations

from typing import Any

from agenda.signals import slides_changed
from exercises.signals import answers_changed
from live.broadcast import regroup_phones_on_commit
from live.results import results_changed_on_commit
from polls.signals import ballots_changed
from questions.signals import questions_changed
from seminar.signals import groups_changed


def _slides_changed(*, seminar_id: int, **kwargs: Any) -> None:
    from live.services import programme_changed

    programme_changed(seminar_id=seminar_id)


def _answers_changed(*, seminar_id: int, **kwargs: Any) -> None:
    results_changed_on_commit(seminar_id)


def _groups_changed(*, seminar_id: int, participant_ids: list[int], **kwargs: Any) -> None:
    if participant_ids:
        regroup_phones_on_commit(seminar_id, participant_ids)
    results_changed_on_commit(seminar_id)  # the groups' sheets on the screens change too


def connect() -> None:
    slides_changed.connect(_slides_changed, dispatch_uid="live.slides_changed")
    ballots_changed.connect(_answers_changed, dispatch_uid="live.ballots_changed")
    answers_changed.connect(_answers_changed, dispatch_uid="live.answers_changed")
    questions_changed.connect(_answers_changed, dispatch_uid="live.questions_changed")
    groups_changed.connect(_groups_changed, dispatch_uid="live.groups_changed")
