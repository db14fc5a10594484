"""Building and copying programmes: days, agenda items and slides."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from agenda.models import AgendaItem, Day, Slide
from agenda.programme_spec import ProgrammeSpec
from seminar.models import Seminar


@transaction.atomic
def build_programme(*, seminar: Seminar, spec: ProgrammeSpec, first_date: date) -> None:
    """Lay the programme's days, items and slides into an empty seminar.

    Day N of the programme falls N-1 days after `first_date`, so a copy for another
    municipality keeps the two-day shape on its own dates.
    """
    spec_first_date = min(day.date for day in spec.days)
    days = Day.objects.bulk_create(
        Day(
            seminar=seminar,
            number=day.number,
            date=first_date + (day.date - spec_first_date),
            ends_at=day.ends_at,
        )
        for day in spec.days
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            day=day,
            order=order,
            title=item.title,
            starts_at=item.starts_at,
            planned_minutes=item.planned_minutes,
            kind=item.kind,
            presenter=item.presenter,
        )
        for day, day_spec in zip(days, spec.days, strict=True)
        for order, item in enumerate(day_spec.items, start=1)
    )
    item_specs = [item for day_spec in spec.days for item in day_spec.items]
    Slide.objects.bulk_create(
        Slide(
            item=item,
            order=order,
            layout=slide.layout,
            title=slide.title,
            body=slide.body,
            notes=slide.notes,
            photo_credit=slide.photo_credit,
            link=slide.link,
        )
        for item, item_spec in zip(items, item_specs, strict=True)
        for order, slide in enumerate(item_spec.slides, start=1)
    )


def programme_length_in_days(spec: ProgrammeSpec) -> timedelta:
    dates = [day.date for day in spec.days]
    return max(dates) - min(dates)
