"""The notes in the room's time, with means rounded as people round, naming the facilitator."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from exercises import services as exercise_services
from exercises.models import Card, Contribution
from notes.export import export_notes
from polls import services as poll_services
from polls.models import Ballot
from seminar.services import set_display_name
from tests.factories import make_exercise, make_poll, make_seminar, make_tables, make_user, seat

pytestmark = pytest.mark.django_db


def in_norwegian(message: str) -> str:
    """A message as the notes say it in bokmål, whether or not it is translated yet."""
    with translation.override("nb"):
        return gettext(message)


@pytest.mark.parametrize(
    ("moment", "oslo"),
    [
        (datetime(2027, 1, 15, 13, 5, 10, tzinfo=UTC), datetime(2027, 1, 15, 14, 5, 10)),  # CET
        (datetime(2027, 10, 25, 11, 5, 10, tzinfo=UTC), datetime(2027, 10, 25, 13, 5, 10)),  # CEST
    ],
)
def test_votes_contributions_and_cards_of_one_minute_show_one_oslo_time(monkeypatch, moment, oslo):
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    person = seat(seminar, table)
    poll = make_poll(seminar, question="Er planlegging viktig?")
    poll_services.cast_vote(
        poll_id=poll.pk, participant=person, choice_ids=[poll.choices.get(label="Ja").pk]
    )
    flipover = make_exercise(seminar, title="Hva risikerer vi?")
    exercise_services.contribute(
        exercise_id=flipover.pk,
        participant=person,
        entry=exercise_services.Entry(text="Fraflytting"),
    )
    card = make_exercise(seminar, kind="card", grouping="individual", title="Visittkort")
    exercise_services.save_card(
        exercise_id=card.pk, participant=person, entry=exercise_services.CardEntry(home="Otta")
    )
    Ballot.objects.update(created_at=moment, updated_at=moment)
    Contribution.objects.update(created_at=moment, updated_at=moment)
    Card.objects.update(created_at=moment, updated_at=moment)
    monkeypatch.setattr(timezone, "now", lambda: moment)  # the notes are made that minute too

    with timezone.override("UTC"):  # whatever zone is active, the notes keep the room's
        book = load_workbook(io.BytesIO(export_notes(seminar=seminar, format="xlsx").data))
        markdown = export_notes(seminar=seminar, format="md").data.decode()

    answered, written = (
        in_norwegian("Answered at, Norwegian time"),
        in_norwegian("Written at, Norwegian time"),
    )
    vote_sheet, flipover_sheet, card_sheet = (list(sheet.values) for sheet in book.worksheets)
    assert vote_sheet[1:] == [(answered, "Svar"), (oslo, "Ja")]
    assert flipover_sheet[1][0] == written
    assert flipover_sheet[2][:4] == (oslo, "Bord 1", None, "Fraflytting")
    assert card_sheet[1][0] == written
    assert card_sheet[2][:4] == (oslo, None, None, "Otta")
    assert f"{oslo:%Y} {oslo:%H:%M}." in markdown  # "Laget 15. januar 2027 14:05."
    said = in_norwegian("Times are Norwegian time (%(zone)s).") % {"zone": "Europe/Oslo"}
    assert markdown.count(said) == 1


@pytest.mark.parametrize(
    ("values", "shown"), [((5, 5, 4, 3), "4,3"), ((5,) * 7 + (4,) * 13, "4,4")]
)
def test_the_notes_round_the_mean_half_up_as_the_projector_does(values, shown):
    seminar = make_seminar()
    evaluation = make_poll(seminar, kind="scale", labels=(), question="Hvor nyttig var det?")
    evaluation.series = "Evaluering"
    evaluation.save()
    (table,) = make_tables(seminar, 1)
    for value in values:
        poll_services.cast_vote(
            poll_id=evaluation.pk, participant=seat(seminar, table), value=value
        )

    markdown = export_notes(seminar=seminar, format="md").data.decode()

    assert f"Snitt: {shown}" in markdown
    assert f"Hvor nyttig var det? Snitt {shown} av 5." in markdown  # "In short"


def test_the_notes_name_the_facilitators_by_their_display_names():
    named, unnamed = make_user("kari"), make_user("ola")
    set_display_name(user=named, name="Kari Nordmann")
    seminar = make_seminar(facilitator=named)
    seminar.facilitators.add(unnamed)

    markdown = export_notes(seminar=seminar, format="md").data.decode()

    facilitators = in_norwegian("Facilitators: %(names)s") % {"names": "ola, Kari Nordmann"}
    assert facilitators in markdown.splitlines()
