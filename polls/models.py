from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):
    """Several polls answered on one phone page, each person at their own pace: the
    evaluation. Its questions are polls (`Poll.survey`), so results, charts and notes are
    the polls' own; the survey's state and `results_shown` drive its questions'."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    seminar = models.ForeignKey(
        "seminar.Seminar",
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("seminar"),
    )
    slide = models.ForeignKey(
        "agenda.Slide",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("asked on slide"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    results_shown = models.BooleanField(_("results shown to the room"), default=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["seminar", "order"]

    def __str__(self) -> str:
        return self.title


class Poll(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale")
        TRAFFIC_LIGHT = "traffic_light", _("Traffic light")
        OPEN_TEXT = "open_text", _("Open text")
        RANKING = "ranking", _("Ranking")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Results(models.TextChoices):
        LIVE = "live", _("Shown live from the start")
        ON_REVEAL = "on_reveal", _("Hidden until revealed")

    seminar = models.ForeignKey(
        "seminar.Seminar", on_delete=models.CASCADE, related_name="polls", verbose_name=_("seminar")
    )
    slide = models.ForeignKey(
        "agenda.Slide",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("asked on slide"),
    )
    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("question of the survey"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    question = models.TextField(_("question"))
    series = models.CharField(_("series"), max_length=120, blank=True)
    series_part = models.CharField(_("part"), max_length=40, blank=True)
    # A ranking's N: how many of its choices each person puts in order.
    max_choices = models.PositiveSmallIntegerField(_("most choices per person"), default=1)
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    scale_min_label = models.CharField(_("label at the low end"), max_length=60, blank=True)
    scale_max_label = models.CharField(_("label at the high end"), max_length=60, blank=True)
    results = models.CharField(
        _("results"), max_length=20, choices=Results.choices, default=Results.LIVE
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    revealed = models.BooleanField(_("results revealed"), default=False)
    answer_key = models.TextField(
        _("answer key"), blank=True, help_text=_("For the facilitator until shown to the room.")
    )
    answer_key_rules = models.TextField(_("rules the answer rests on"), blank=True)
    answer_key_law_version = models.CharField(_("law as of"), max_length=300, blank=True)
    answer_key_is_judgement = models.BooleanField(_("the answer is a judgement"), default=False)
    answer_key_shown = models.BooleanField(_("answer key shown to the room"), default=False)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["seminar", "order"]

    def __str__(self) -> str:
        return f"{self.series} {self.series_part}".strip() or self.question[:60]

    @property
    def results_visible(self) -> bool:
        if self.survey_id is not None:  # a survey's results wait until they are shown
            return self.revealed
        return self.results == self.Results.LIVE or self.revealed

    @property
    def has_choices(self) -> bool:
        return self.kind in {
            self.Kind.SINGLE,
            self.Kind.MULTIPLE,
            self.Kind.TRAFFIC_LIGHT,
            self.Kind.RANKING,
        }

    @property
    def ranked(self) -> bool:
        return self.kind == self.Kind.RANKING

    @property
    def places(self) -> range:
        """A ranking's places, 1 first."""
        return range(1, self.max_choices + 1)

    @property
    def scale_values(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class Choice(models.Model):
    class Light(models.TextChoices):
        GREEN = "green", _("Green light: OK")
        YELLOW = "yellow", _("Yellow light: unsure")
        RED = "red", _("Red light: not OK")

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=200)
    light = models.CharField(_("light"), max_length=10, choices=Light.choices, blank=True)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["poll", "order"]

    def __str__(self) -> str:
        return self.label


class Ballot(models.Model):
    """One participant's answer to one poll; changed in place until the poll closes.

    Anonymous in every result: only counts leave the database. No address or device
    information is stored."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    participant = models.ForeignKey(
        "seminar.Participant", on_delete=models.CASCADE, related_name="ballots"
    )
    choices: models.ManyToManyField[Choice, BallotChoice] = models.ManyToManyField(
        Choice, blank=True, related_name="ballots", through="BallotChoice"
    )
    value = models.SmallIntegerField(_("scale value"), null=True, blank=True)
    text = models.CharField(_("answer"), max_length=280, blank=True)
    client_id = models.UUIDField(_("sent as"), default=uuid.uuid4)
    created_at = models.DateTimeField(_("first answered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["poll", "participant"], name="one_ballot_per_poll")
        ]

    def __str__(self) -> str:
        return f"{self.poll} #{self.pk}"


class BallotChoice(models.Model):
    """A choice on a ballot; in a ranking, with its place (1 is first)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE)
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE)
    rank = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)

    class Meta:
        # The table Django made for Ballot.choices before it had a place to keep.
        db_table = "polls_ballot_choices"
        unique_together = [("ballot", "choice")]
        verbose_name = _("choice on a ballot")
        verbose_name_plural = _("choices on ballots")

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.choice_id} ({self.rank})"
