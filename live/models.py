from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# What can be on screen over the slide, one at a time.
ACTIVITY_FIELDS = ("poll", "exercise", "survey", "question_round")


class LiveState(models.Model):
    """What the room sees right now. One row per seminar, changed only by services,
    each change bumping `revision` so every screen can tell old from new."""

    class TimerState(models.TextChoices):
        IDLE = "idle", _("Not started")
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")

    class TimerFor(models.TextChoices):
        """What a timer was started for: it ends with that, unless kept running."""

        NOTHING = "", _("Nothing")
        POLL = "poll", _("A poll")
        EXERCISE = "exercise", _("An exercise")
        ITEM = "item", _("An agenda item")
        DAY = "day", _("The end of the day")

    seminar = models.OneToOneField(
        "seminar.Seminar", on_delete=models.CASCADE, related_name="live", verbose_name=_("seminar")
    )
    slide = models.ForeignKey(
        "agenda.Slide",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current slide"),
    )
    poll = models.ForeignKey(
        "polls.Poll",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("poll on screen"),
    )
    exercise = models.ForeignKey(
        "exercises.Exercise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exercise on screen"),
    )
    survey = models.ForeignKey(
        "polls.Survey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey on screen"),
    )
    question_round = models.ForeignKey(
        "questions.QuestionRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("questions from the room on screen"),
    )
    blank = models.BooleanField(_("projector blanked"), default=False)
    join_banner = models.BooleanField(_("join banner shown"), default=True)
    # The machine's address the facilitator picked for the join QR code (a laptop on two
    # networks); blank is the first. Kept here, not in a process, so every process serving
    # the room draws the same code. Ignored once PLENUM_PUBLIC_URL is set.
    join_host = models.CharField(_("join address"), max_length=45, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    timer_state = models.CharField(
        _("timer"), max_length=10, choices=TimerState.choices, default=TimerState.IDLE
    )
    timer_total_seconds = models.PositiveIntegerField(_("timer length in seconds"), default=0)
    timer_ends_at = models.DateTimeField(_("timer ends at"), null=True, blank=True)
    timer_remaining_seconds = models.FloatField(_("seconds left while paused"), default=0)
    timer_for = models.CharField(
        _("timer started for"), max_length=10, choices=TimerFor.choices, blank=True, default=""
    )
    timer_poll = models.ForeignKey(
        "polls.Poll",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("poll the timer is for"),
    )
    timer_exercise = models.ForeignKey(
        "exercises.Exercise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exercise the timer is for"),
    )
    # The item on the projector when the timer started: moving to another item ends it.
    timer_item = models.ForeignKey(
        "agenda.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda item the timer was started in"),
    )
    timer_keep_running = models.BooleanField(_("keep the timer running"), default=False)

    class Meta:
        db_table = "seminar_livestate"  # made by the seminar app, before the live app was
        verbose_name = _("live state")
        verbose_name_plural = _("live states")

    def __str__(self) -> str:
        return f"{self.seminar} #{self.revision}"

    def clear_activities(self) -> list[str]:
        """Nothing but the slide on screen: no poll, exercise, survey or questions. The
        fields to save."""
        self.poll = self.exercise = self.survey = self.question_round = None
        return list(ACTIVITY_FIELDS)

    @property
    def timer_ends_at_ms(self) -> int | None:
        """The deadline as a Unix time in milliseconds, for the screens' local countdown."""
        return int(self.timer_ends_at.timestamp() * 1000) if self.timer_ends_at else None

    def timer_remaining_at(self, moment: datetime) -> float:
        if self.timer_state == self.TimerState.RUNNING and self.timer_ends_at is not None:
            return max(0.0, (self.timer_ends_at - moment).total_seconds())
        return self.timer_remaining_seconds
