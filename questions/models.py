from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuestionRound(models.Model):
    """Questions from the room, asked on a slide: people write questions, see each
    other's and upvote them; the facilitator picks which to answer."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Not open yet")
        OPEN = "open", _("Taking questions")
        CLOSED = "closed", _("Closed")

    class Moderation(models.TextChoices):
        AT_ONCE = "at_once", _("Shown at once (the facilitator can hide one)")
        HELD = "held", _("Held until the facilitator approves them")

    seminar = models.ForeignKey(
        "seminar.Seminar",
        on_delete=models.CASCADE,
        related_name="question_rounds",
        verbose_name=_("seminar"),
    )
    slide = models.ForeignKey(
        "agenda.Slide",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="question_rounds",
        verbose_name=_("asked on slide"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.AT_ONCE
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    answering = models.ForeignKey(
        "questions.RoomQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question being answered"),
    )

    class Meta:
        verbose_name = _("questions from the room")
        verbose_name_plural = _("questions from the room")
        ordering = ["seminar", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def held(self) -> bool:
        return self.moderation == self.Moderation.HELD


class RoomQuestion(models.Model):
    """One question from a participant. Anonymous on every screen unless the seminar
    allows nicknames and the participant gave one."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for approval")
        SHOWN = "shown", _("Shown")
        HIDDEN = "hidden", _("Hidden by the facilitator")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    round = models.ForeignKey(
        QuestionRound,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("questions from the room"),
    )
    participant = models.ForeignKey(
        "seminar.Participant",
        on_delete=models.CASCADE,
        related_name="room_questions",
        verbose_name=_("participant"),
    )
    text = models.CharField(_("question"), max_length=280, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SHOWN
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Made on the phone per question: a resend is stored once.
    client_id = models.UUIDField(_("client id"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "client_id"], name="one_question_per_client_id"
            )
        ]
        indexes = [models.Index(fields=["round", "participant", "asked_at"])]

    def __str__(self) -> str:
        return self.text


class Upvote(models.Model):
    """One person's upvote of one question: at most one each, and it can be taken back."""

    question = models.ForeignKey(
        RoomQuestion, on_delete=models.CASCADE, related_name="upvotes", verbose_name=_("question")
    )
    participant = models.ForeignKey(
        "seminar.Participant",
        on_delete=models.CASCADE,
        related_name="upvotes",
        verbose_name=_("participant"),
    )

    class Meta:
        verbose_name = _("upvote")
        verbose_name_plural = _("upvotes")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "participant"], name="one_upvote_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.question_id}"
