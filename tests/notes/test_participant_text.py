"""What participants typed stays text in the notes: no formulas in Excel, no markup in
Markdown (security review, issue 15 item 2)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from exercises import services as exercise_services
from notes.export import export_notes
from polls import services as poll_services
from seminar.groupings import add_groups
from seminar.models import Seminar
from tests.factories import make_exercise, make_poll, make_seminar, seat

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "=cmd|'/C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
]
MARKUP = [
    "Linje\n## overskrift",
    "[x](http://evil)",
    "<img src=x onerror=alert(1)>",
    "*fet* og _skrå_",
    "`kode`",
    "1. punkt",
    "- punkt",
    "a & b",
]
GROUP = '=HYPERLINK("http://evil","gruppe")'
NICKNAME = "## [Kari](http://evil)"


@pytest.fixture
def hostile() -> Seminar:
    """A seminar where people typed formulas and markup into every field they could."""
    seminar = make_seminar()
    seminar.allow_nicknames = True
    seminar.save()
    (table,) = add_groups(seminar=seminar, kind="table", names=[GROUP])
    people = [seat(seminar, table) for _ in range(len(FORMULAS))]
    poll = make_poll(seminar, kind="open_text", labels=(), question="Hva tenker du?")
    for person, text in zip(people, FORMULAS, strict=True):
        poll_services.cast_vote(poll_id=poll.pk, participant=person, text=text)
    wall = make_exercise(seminar, title="Fritt fram")
    for text in FORMULAS + MARKUP:
        exercise_services.contribute(
            exercise_id=wall.pk, participant=people[0], entry=exercise_services.Entry(text=text)
        )
    card = make_exercise(seminar, kind="card", grouping="individual", title="Visittkort")
    exercise_services.save_card(
        exercise_id=card.pk,
        participant=people[0],
        entry=exercise_services.CardEntry(
            name=NICKNAME, home="=1+1", occupation="@ordfører", motivation="-fordi"
        ),
    )
    return seminar


def test_excel_keeps_every_typed_formula_as_the_text_people_wrote(hostile):
    book = load_workbook(io.BytesIO(export_notes(seminar=hostile, format="xlsx").data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    texts = [cell for cell in cells if isinstance(cell.value, str)]
    risky = [cell for cell in texts if cell.value[0] in "=+-@\t\r"]

    assert [cell.coordinate for cell in texts if cell.data_type != "s"] == []
    assert [cell.coordinate for cell in risky if not cell.quotePrefix] == []
    answers = [row[1] for row in book["1 Hva tenker du"].iter_rows(min_row=3, values_only=True)]
    assert sorted(answers) == sorted(FORMULAS)  # type: ignore[type-var]
    wall = list(book["2 Fritt fram"].iter_rows(min_row=3, values_only=True))
    assert [row[3] for row in wall] == FORMULAS + MARKUP
    assert {row[1] for row in wall} == {GROUP}
    card = next(book["3 Visittkort"].iter_rows(min_row=3, values_only=True))
    assert card[1:] == (NICKNAME, None, "=1+1", "@ordfører", "-fordi")


def test_markdown_shows_typed_markup_as_the_literal_text(hostile):
    markdown = export_notes(seminar=hostile, format="md").data.decode()
    lines = markdown.splitlines()

    assert [line for line in lines if "overskrift" in line] == ["\\#\\# overskrift"]
    assert "- \\[x\\](http://evil)" in lines
    assert "- &lt;img src=x onerror=alert(1)>" in lines
    assert "<img" not in markdown
    assert "- \\*fet\\* og \\_skrå\\_" in lines
    assert "- \\`kode\\`" in lines
    assert "- 1\\. punkt" in lines
    assert "- \\- punkt" in lines
    assert "- a &amp; b" in lines
    assert '##### \\=HYPERLINK("http://evil","gruppe")' in lines
    assert "**\\#\\# \\[Kari\\](http://evil)**" in lines
