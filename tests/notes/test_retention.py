"""Deleting participants' data: on the date, or when the organiser says so."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from agenda.models import Slide
from exercises.models import Card, Contribution, Exercise
from live import activities
from live.models import LiveState
from notes.retention import delete_participant_data
from polls.models import Ballot, Poll, Survey
from polls.queries import VoteDraft
from polls.services import answer_survey
from seminar.models import Group, Participant
from tests.factories import make_participant, make_seminar, make_user
from tests.polls.test_surveys import make_survey, questions

pytestmark = pytest.mark.django_db


def stored_pictures(seminar) -> list[Path]:
    photos = [
        Path(c.photo.path)
        for c in Contribution.objects.filter(exercise__seminar=seminar)
        if c.photo
    ]
    drawings = [
        Path(c.drawing.path) for c in Card.objects.filter(exercise__seminar=seminar) if c.drawing
    ]
    return photos + drawings


def test_purge_deletes_the_data_and_the_files_of_expired_seminars_and_keeps_the_programme(
    seminar, capsys, django_capture_on_commit_callbacks
):
    pictures = stored_pictures(seminar)
    seminar.delete_data_after = timezone.localdate() - timedelta(days=1)
    seminar.save()
    current = make_seminar(municipality="Fersk kommune")
    Participant.objects.create(seminar=current, side="elected")
    slides, polls, exercises, groups = (
        Slide.objects.filter(item__day__seminar=seminar).count(),
        Poll.objects.filter(seminar=seminar).count(),
        Exercise.objects.filter(seminar=seminar).count(),
        Group.objects.filter(seminar=seminar).count(),
    )

    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows have
        call_command("purge_expired")

    assert capsys.readouterr().out == (
        "testvik-kommune-2027-10-25: 11 participants, 30 votes, 5 contributions, 1 cards, "
        "3 files deleted\n"
    )
    assert [path.exists() for path in pictures] == [False, False, False]
    assert Participant.objects.filter(seminar=seminar).count() == 0
    assert Ballot.objects.filter(poll__seminar=seminar).count() == 0
    assert Contribution.objects.filter(exercise__seminar=seminar).count() == 0
    assert Card.objects.filter(exercise__seminar=seminar).count() == 0
    assert set(Poll.objects.filter(seminar=seminar).values_list("state", flat=True)) == {"draft"}
    assert (
        Slide.objects.filter(item__day__seminar=seminar).count(),
        Poll.objects.filter(seminar=seminar).count(),
        Exercise.objects.filter(seminar=seminar).count(),
        Group.objects.filter(seminar=seminar).count(),
    ) == (slides, polls, exercises, groups)
    assert Participant.objects.filter(seminar=current).count() == 1


def test_purge_says_so_when_there_is_nothing_to_delete(capsys):
    make_seminar()

    call_command("purge_expired")

    assert capsys.readouterr().out == "Nothing to delete.\n"


def test_the_organiser_deletes_now_after_ticking_the_box(seminar):
    owner = make_user()
    seminar.facilitators.add(owner)
    client = Client()
    client.force_login(owner)
    url = f"/seminars/{seminar.slug}/notes/"

    unticked = client.post(url, {})
    kept = Participant.objects.filter(seminar=seminar).count()
    deleted = client.post(url, {"confirm": "yes"})

    assert unticked.status_code == 400
    assert "Kryss av i boksen for å bekrefte at dataene kan slettes." in unticked.text
    assert kept == 11
    assert deleted.status_code == 200
    assert (
        "Slettet: 11 deltakere, 30 stemmer, 5 bidrag, 1 visittkort og 3 bilder. "
        "Programmet er beholdt."
    ) in deleted.text
    assert Participant.objects.filter(seminar=seminar).count() == 0


def test_deleting_now_takes_a_survey_back_to_a_draft_off_the_screen():
    seminar = make_seminar()
    survey = make_survey(seminar, scales=1, open_text=False)
    activities.open_survey(survey=survey)
    activities.show_survey_results(survey=survey, shown=True)
    (only,) = questions(survey)
    answer_survey(
        survey_id=survey.pk,
        participant=make_participant(seminar),
        answers={only.pk: VoteDraft(value=4)},
    )

    delete_participant_data(seminar=seminar)

    survey = Survey.objects.get(pk=survey.pk)
    assert (survey.state, survey.results_shown) == ("draft", False)
    assert [(q.state, q.revealed) for q in questions(survey)] == [("draft", False)]
    assert LiveState.objects.get(seminar=seminar).survey_id is None
    assert not Ballot.objects.filter(poll__survey=survey).exists()
