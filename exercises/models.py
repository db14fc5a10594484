from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.utils.translation import gettext_lazy as _


def image_path(instance: models.Model, filename: str) -> str:
    """Unguessable names: an image's address is all that protects it."""
    suffix = PurePosixPath(filename).suffix.lower() or ".jpg"
    return f"exercises/{uuid.uuid4().hex}{suffix}"


class Exercise(models.Model):
    """Work at the tables (or by each person alone) shown on a slide: the prompt, how the
    room is grouped for it, and its state in the live room."""

    class Kind(models.TextChoices):
        BRAINSTORM = "brainstorm", _("Brainstorm (flipover)")
        NOTES = "notes", _("Sticky notes")
        CASE = "case", _("Case questions")
        EXPECTATIONS = "expectations", _("Expectations")
        SPEECH = "speech", _("Speech")
        CONTEST = "contest", _("Contest")
        DILEMMA = "dilemma", _("Dilemma: red or green light")
        CARD = "card", _("Business card")

    class Grouping(models.TextChoices):
        TABLE = "table", _("Table groups")
        PARTY = "party", _("Party groups")
        SIDE = "side", _("Elected members and administration")
        INDIVIDUAL = "individual", _("Each person alone")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    seminar = models.ForeignKey(
        "seminar.Seminar",
        on_delete=models.CASCADE,
        related_name="exercises",
        verbose_name=_("seminar"),
    )
    slide = models.ForeignKey(
        "agenda.Slide",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exercises",
        verbose_name=_("shown on slide"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    grouping = models.CharField(
        _("grouping"), max_length=20, choices=Grouping.choices, default=Grouping.TABLE
    )
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(_("prompt"))
    case_text = models.TextField(_("case"), blank=True)
    limit = models.PositiveSmallIntegerField(
        _("most contributions"),
        default=0,
        help_text=_("Notes per person, or points per group. 0: no limit."),
    )
    max_length = models.PositiveSmallIntegerField(_("longest answer in characters"), default=280)
    timer_minutes = models.PositiveSmallIntegerField(_("minutes on the timer"), default=0)
    speech_seconds = models.PositiveSmallIntegerField(_("seconds per speech"), default=120)
    poll = models.ForeignKey(
        "polls.Poll",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exercises",
        verbose_name=_("the room's vote before the groups"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    revealed = models.BooleanField(
        _("revealed"), default=False, help_text=_("The winner, or the groups' verdicts.")
    )
    focus_group = models.ForeignKey(
        "seminar.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group on the projector"),
    )
    speaking_group = models.ForeignKey(
        "seminar.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group speaking"),
    )
    # The speaking queue (speech): party group ids in the order the facilitator set
    # (groups made since follow in the party list's order), those skipped, those done.
    speaking_order = models.JSONField(_("speaking order"), default=list, blank=True)
    skipped_groups = models.JSONField(_("groups skipped"), default=list, blank=True)
    spoken_groups = models.JSONField(_("groups that have spoken"), default=list, blank=True)
    # What the projector shows full screen: a highlighted note, answer or photo, or a card.
    spotlight_note = models.ForeignKey(
        "Contribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("full screen on the projector"),
    )
    spotlight_card = models.ForeignKey(
        "Card",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("card full screen on the projector"),
    )

    class Meta:
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        ordering = ["seminar", "order"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_individual(self) -> bool:
        return self.grouping == self.Grouping.INDIVIDUAL

    @property
    def form_id(self) -> str:
        """The element id of a phone's form for this exercise."""
        return f"entry-{self.pk}"

    @property
    def verdicts(self) -> list[tuple[str, str]]:
        return list(Contribution.Verdict.choices)


class Question(models.Model):
    """One of a case's questions: each group answers each once."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["exercise", "order"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def form_id(self) -> str:
        return f"entry-{self.exercise_id}-{self.pk}"


class Theme(models.Model):
    """A heading the facilitator sorts sticky notes under."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("theme"), max_length=80)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["exercise", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """Something a group (or one person) wrote: an answer, a note, a point, a verdict,
    a tower's height. Kept for the session notes; the author is kept only so a phone can
    be refused another group's sheet, never shown."""

    class Verdict(models.TextChoices):
        GREEN = "green", _("Green light: OK")
        RED = "red", _("Red light: not OK")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="contributions")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    group = models.ForeignKey(
        "seminar.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
    )
    participant = models.ForeignKey(
        "seminar.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    text = models.TextField(_("text"), blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, blank=True)
    height_cm = models.DecimalField(
        _("height in cm"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    photo = models.ImageField(_("photo"), upload_to=image_path, blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    hidden = models.BooleanField(_("hidden"), default=False)
    highlighted = models.BooleanField(_("highlighted"), default=False)
    confirmed = models.BooleanField(_("confirmed by the facilitator"), default=False)
    client_id = models.UUIDField(_("sent as"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["exercise", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "client_id"], name="one_contribution_per_client_id"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60] or str(self.height_cm or self.verdict)


class Card(models.Model):
    """One person's business card (visittkort). Every field is optional."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="cards")
    participant = models.ForeignKey(
        "seminar.Participant", on_delete=models.CASCADE, related_name="cards"
    )
    name = models.CharField(_("name"), max_length=80, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    home = models.CharField(_("where I live"), max_length=80, blank=True)
    occupation = models.CharField(_("occupation or student"), max_length=80, blank=True)
    motivation = models.TextField(
        _("why I became an elected member, or why I work in the municipality"), blank=True
    )
    drawing = models.ImageField(_("drawing"), upload_to=image_path, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    highlighted = models.BooleanField(_("highlighted"), default=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("business card")
        verbose_name_plural = _("business cards")
        ordering = ["exercise", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "participant"], name="one_card_each")
        ]

    def __str__(self) -> str:
        return self.name or str(_("Card %(number)s") % {"number": self.pk})
