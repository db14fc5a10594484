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
class ProgrammeSpec:
    title: str
    municipality: str
    language: str
    days: tuple[DaySpec, ...]
