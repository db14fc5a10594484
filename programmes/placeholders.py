"""Placeholders in a programme's text, filled when a seminar is made from it.

A template serves any municipality: where it names the municipality, the seminar's dates
or the year (the election's), it says {municipality}, {dates} or {year}. Both ways a
seminar is made (create_seminar from a programme spec, import_programme from a file)
fill them the same way, after the programme is laid, in the seminar's own language.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import groupby

from django.db import models
from django.utils import dateformat, translation

from agenda.models import AgendaItem, Slide
from exercises.models import Exercise, Question
from polls.models import Choice, Poll, Survey
from questions.models import QuestionRound
from seminar.models import Seminar

# What each language says between the last two dates, and how it writes a day of a month.
AND = {"nb": "og", "nn": "og", "en": "and"}
DAY = {"nb": "j.", "nn": "j.", "en": "j"}

# Every text a programme holds, model by model, and how to find a seminar's rows.
TEXTS: list[tuple[type[models.Model], list[str], str]] = [
    (Seminar, ["title"], "pk"),
    (AgendaItem, ["title", "presenter"], "day__seminar"),
    (Slide, ["title", "body", "notes", "photo_credit"], "item__day__seminar"),
    (
        Poll,
        [
            "question",
            "series",
            "scale_min_label",
            "scale_max_label",
            "answer_key",
            "answer_key_rules",
            "answer_key_law_version",
        ],
        "seminar",
    ),
    (Choice, ["label"], "poll__seminar"),
    (Exercise, ["title", "prompt", "case_text"], "seminar"),
    (Question, ["text"], "exercise__seminar"),
    (Survey, ["title"], "seminar"),
    (QuestionRound, ["title"], "seminar"),
]


def spoken_dates(days: Iterable[date], language: str) -> str:
    """The seminar's dates as its first slide says them: "30. og 31. oktober 2023",
    "31. oktober og 1. november 2027", "30 and 31 October 2023"."""
    ordered = sorted(set(days))
    if not ordered:
        return ""
    with translation.override(language):
        parts = []
        for (year, _month), in_month in groupby(ordered, key=lambda day: (day.year, day.month)):
            dates = list(in_month)
            days_of_month = [dateformat.format(day, DAY.get(language, "j")) for day in dates]
            parts.append((days_of_month, dateformat.format(dates[0], "F"), year))
        said = []
        for index, (days_of_month, month, year) in enumerate(parts):
            last_of_year = index + 1 == len(parts) or parts[index + 1][2] != year
            text = f"{_joined(days_of_month, language)} {month}"
            said.append(f"{text} {year}" if last_of_year else text)
        return _joined(said, language)


def _joined(words: list[str], language: str) -> str:
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {AND.get(language, 'and')} {words[-1]}"


def election_year(first_day: date) -> int:
    """The year of the local elections the seminar follows: every four years, 2023, 2027,
    …; a seminar in the January after an election still follows that election."""
    return first_day.year - (first_day.year - 2023) % 4


def fill_placeholders(seminar: Seminar) -> None:
    """Fill the placeholders in every text of the seminar's programme, with its own
    municipality, dates and year. Text without a placeholder is not written."""
    days = [day.date for day in seminar.days.all()]
    values = {
        "{municipality}": seminar.municipality,
        "{dates}": spoken_dates(days, seminar.language),
        "{year}": str(election_year(min(days))) if days else "",
    }
    for model, fields, seminar_path in TEXTS:
        query = models.Q()
        for name in fields:
            for placeholder in values:
                query |= models.Q(**{f"{name}__contains": placeholder})
        rows = list(model._default_manager.filter(query, **{seminar_path: seminar.pk}))
        for row in rows:
            for name in fields:
                text = getattr(row, name)
                for placeholder, value in values.items():
                    text = text.replace(placeholder, value)
                setattr(row, name, text)
        if rows:
            model._default_manager.bulk_update(rows, fields)
    seminar.refresh_from_db(fields=["title"])
