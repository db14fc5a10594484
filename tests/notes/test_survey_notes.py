"""The session notes report a survey: each question's results and the open answers."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from notes.export import export_notes
from polls import services
from polls.models import Poll, Survey
from polls.queries import VoteDraft
from tests.factories import make_participant, make_seminar
from tests.notes.test_export import word_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed():
    seminar = make_seminar()
    survey = Survey.objects.create(seminar=seminar, title="Evaluering")
    scale = Poll.objects.create(
        seminar=seminar, survey=survey, order=1, kind="scale", question="Hvor nyttig var det?"
    )
    skipped = Poll.objects.create(
        seminar=seminar, survey=survey, order=2, kind="scale", question="Hvor trygg er du nå?"
    )
    text = Poll.objects.create(
        seminar=seminar, survey=survey, order=3, kind="open_text", question="Hva tar du med?"
    )
    services.open_survey(survey=survey)
    for value, trygg, words in [(5, 4, "Dilemmaene"), (4, None, ""), (4, 3, "Mer tid")]:
        answers = {scale.pk: VoteDraft(value=value), text.pk: VoteDraft(text=words)}
        if trygg is not None:
            answers[skipped.pk] = VoteDraft(value=trygg)
        services.answer_survey(
            survey_id=survey.pk, participant=make_participant(seminar), answers=answers
        )
    return seminar


def test_the_notes_give_each_questions_results_and_the_open_answers(surveyed):
    lines = word_text(export_notes(seminar=surveyed, format="docx").data)
    markdown = export_notes(seminar=surveyed, format="md").data.decode()

    # In short, each scale's average; then the survey's own section, question by question.
    assert "Hvor nyttig var det? Snitt 4,3 av 5." in lines
    assert "Hvor trygg er du nå? Snitt 3,5 av 5." in lines
    section = lines[lines.index("Evaluering") :]
    assert section[2:4] == ["Hvor nyttig var det?", "3 svar."]
    assert section[12:16] == ["Hva tar du med?", "2 svar.", "Dilemmaene", "Mer tid"]
    assert "4 | 2 | 67 %" in section
    for text in ["Dilemmaene", "Mer tid", "Hvor trygg er du nå?", "Hva tar du med?"]:
        assert text in markdown
    # Two of the three answered every scale; the open question could be left blank.
    assert (
        "En spørreundersøkelse: 2 av 3 personer som svarte, svarte på alle spørsmålene." in markdown
    )


def test_excel_has_a_sheet_for_each_question_of_the_survey(surveyed):
    book = load_workbook(io.BytesIO(export_notes(seminar=surveyed, format="xlsx").data))

    assert book.sheetnames == ["1 Hvor nyttig var det", "2 Hvor trygg er du nå", "3 Hva tar du med"]
    texts = [row[1] for row in book["3 Hva tar du med"].iter_rows(min_row=3, values_only=True)]
    assert texts == ["Dilemmaene", "Mer tid"]
