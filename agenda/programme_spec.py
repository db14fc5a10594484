"""A seminar programme as plain data: the shape of the built-in KS template.

Slide bodies use a tiny line-based markup so that authored content stays readable:

- a line starting with "# " is a heading (a column or group label on the slide);
- in the "bullets" layout every other non-empty line is a bullet, and a line indented
  by two spaces is a sub-bullet of the bullet above it;
- in the other layouts, blank lines separate paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass(frozen=True)
class SlideSpec:
    layout: str  # one of agenda.models.Slide.Layout values
    title: str
    body: str = ""
    notes: str = ""
    photo_credit: str = ""
    link: str = ""


@dataclass(frozen=True)
class ItemSpec:
    title: str
    starts_at: time
    planned_minutes: int
    kind: str  # one of agenda.models.AgendaItem.Kind values
    presenter: str = ""
    slides: tuple[SlideSpec, ...] = ()


@dataclass(frozen=True)
class DaySpec:
    number: int
    date: date
    ends_at: time
    items: tuple[ItemSpec, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ChoiceSpec:
    label: str
    light: str = ""  # "green", "yellow" or "red" for traffic-light polls


@dataclass(frozen=True)
class PollSpec:
    """A poll asked on the slide with the title `slide_title`."""

    slide_title: str
    kind: str  # one of polls.models.Poll.Kind values
    question: str
    choices: tuple[ChoiceSpec, ...] = ()
    series: str = ""
    series_part: str = ""
    max_choices: int = 1
    scale_min: int = 1
    scale_max: int = 5
    scale_min_label: str = ""
    scale_max_label: str = ""
    results: str = "live"  # or "on_reveal"
    answer_key: str = ""
    answer_key_rules: str = ""
    answer_key_law_version: str = ""
    answer_key_is_judgement: bool = False
    survey: str = ""  # the title of the survey it is a question of, on the same slide


@dataclass(frozen=True)
class ExerciseSpec:
    """An exercise run on the slide with the title `slide_title`."""

    slide_title: str
    kind: str  # one of exercises.models.Exercise.Kind values
    title: str
    prompt: str
    grouping: str = "table"  # or "party", "side", "individual"
    case_text: str = ""
    questions: tuple[str, ...] = ()
    limit: int = 0
    max_length: int = 280
    timer_minutes: int = 0
    speech_seconds: int = 120
    # A dilemma follows the room's vote: the poll of this series and part.
    poll_series: str = ""
    poll_part: str = ""


@dataclass(frozen=True)
class QuestionRoundSpec:
    """Questions from the room, asked on the slide with the title `slide_title`."""

    slide_title: str
    title: str
    moderation: str = "at_once"  # or "held": each question waits for the facilitator


@dataclass(frozen=True)
class ProgrammeSpec:
    title: str
    municipality: str
    language: str
    days: tuple[DaySpec, ...]
    polls: tuple[PollSpec, ...] = ()
    exercises: tuple[ExerciseSpec, ...] = ()
    question_rounds: tuple[QuestionRoundSpec, ...] = ()
