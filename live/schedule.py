"""The agenda's clock: when an item and a day are planned to end, in the venue's time
(Europe/Oslo, the project's TIME_ZONE), and how far the room is from it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from agenda.models import AgendaItem, Day

# The longest a timer runs (live.services.MAX_TIMER_SECONDS): a day that ends later than
# that from now gets no day-end clock yet.
LONGEST_DAY_CLOCK = timedelta(hours=8)


def planned_start(item: AgendaItem, day: Day) -> datetime:
    return timezone.make_aware(
        datetime.combine(day.date, item.starts_at), timezone.get_default_timezone()
    )


def planned_end(item: AgendaItem, day: Day) -> datetime:
    return planned_start(item, day) + timedelta(minutes=item.planned_minutes)


def day_ends_at(items: Iterable[AgendaItem], day: Day) -> datetime | None:
    """The end of the day's programme: its last item's planned end."""
    last = max(
        (item for item in items if item.day_id == day.pk), key=lambda item: item.order, default=None
    )
    return planned_end(last, day) if last is not None else None


@dataclass(frozen=True)
class Schedule:
    """Where the current item stands against the agenda, for the console's timer panel."""

    item: AgendaItem
    starts_at: datetime
    ends_at: datetime
    day_ends_at: datetime | None
    now: datetime

    @property
    def behind_minutes(self) -> int:
        """Minutes past the item's planned end (positive), minutes before its planned start
        (negative), 0 while the clock is inside the item's planned time."""
        if self.now > self.ends_at:
            return int((self.now - self.ends_at).total_seconds() // 60)
        if self.now < self.starts_at:
            return -int((self.starts_at - self.now).total_seconds() // 60)
        return 0

    @property
    def on_the_day(self) -> bool:
        """Only on the item's own day does behind or ahead mean anything: a rehearsal the
        week before is not 10,000 minutes ahead."""
        return timezone.localtime(self.now).date() == self.starts_at.date()

    @property
    def ahead_minutes(self) -> int:
        return -self.behind_minutes

    @property
    def day_end_offered(self) -> bool:
        if self.day_ends_at is None:
            return False
        return timedelta(0) < self.day_ends_at - self.now <= LONGEST_DAY_CLOCK

    @property
    def starts_at_ms(self) -> int:
        return int(self.starts_at.timestamp() * 1000)

    @property
    def ends_at_ms(self) -> int:
        return int(self.ends_at.timestamp() * 1000)

    @property
    def day_ends_at_ms(self) -> int:
        return int(self.day_ends_at.timestamp() * 1000) if self.day_ends_at else 0


def schedule(items: list[AgendaItem], item_id: int | None, now: datetime) -> Schedule | None:
    """The current item's schedule, from the items the console has loaded with their days."""
    item = next((item for item in items if item.pk == item_id), None)
    if item is None:
        return None
    return Schedule(
        item=item,
        starts_at=planned_start(item, item.day),
        ends_at=planned_end(item, item.day),
        day_ends_at=day_ends_at(items, item.day),
        now=now,
    )
