"""The session notes carry the questions from the room: the approved ones in the
document with their upvotes and whether they were answered; every one in Excel, held and
hidden ones marked so."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from agenda.models import Slide
from notes.export import export_notes
from questions import services
from questions.models import QuestionRound
from tests.factories import make_participant, make_seminar
from tests.notes.test_export import word_text
from tests.questions.test_services import ask, do

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked():
    seminar = make_seminar()
    room = QuestionRound.objects.create(
        seminar=seminar,
        slide=Slide.objects.filter(item__day__seminar=seminar).first(),
        title="Spørsmål til ordføreren",
        state="open",
    )
    people = [make_participant(seminar) for _ in range(3)]
    answered = ask(room, people[0], "Hvordan følger vi opp?")
    ask(room, people[1], "Når er neste møte?")
    hidden = ask(room, people[2], "Et spørsmål om en navngitt ansatt")
    for person in people[1:]:
        do(room, person, "upvote", question=answered)
    services.mark_answered(question=answered)
    services.hide(question=hidden)
    room.moderation = QuestionRound.Moderation.HELD
    room.save()
    ask(room, people[1], "Holdt tilbake")
    return seminar


def test_the_document_has_the_approved_questions_with_upvotes_and_answers(asked):
    lines = word_text(export_notes(seminar=asked, format="docx").data)
    markdown = export_notes(seminar=asked, format="md").data.decode()

    assert "2 spørsmål fra salen, 1 av dem besvart." in lines
    section = lines[lines.index("Spørsmål til ordføreren") :]
    assert section[2:5] == [
        "Spørsmål | Stemmer | Besvart",
        "Hvordan følger vi opp? | 2 | ja",
        "Når er neste møte? | 0 | nei",
    ]
    for left_out in ("Et spørsmål om en navngitt ansatt", "Holdt tilbake"):
        assert left_out not in lines
        assert left_out not in markdown
    assert "| Hvordan følger vi opp? | 2 | ja |" in markdown


def test_the_excel_sheet_has_every_question_marked(asked):
    book = load_workbook(io.BytesIO(export_notes(seminar=asked, format="xlsx").data))
    sheet = book[book.sheetnames[-1]]
    rows = [[cell.value for cell in row][1:] for row in sheet.iter_rows(min_row=3)]

    assert sheet["A1"].value == "Spørsmål til ordføreren"
    assert rows == [
        ["Hvordan følger vi opp?", 2, "ja", "ja"],
        ["Når er neste møte?", 0, "ja", None],
        ["Et spørsmål om en navngitt ansatt", 0, "nei: skjult av ordstyreren", None],
        ["Holdt tilbake", 0, "nei: aldri godkjent", None],
    ]
