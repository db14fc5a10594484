from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.slide_markup import Block, parse_body


class Day(models.Model):
    seminar = models.ForeignKey(
        "seminar.Seminar", on_delete=models.CASCADE, related_name="days", verbose_name=_("seminar")
    )
    number = models.PositiveSmallIntegerField(_("day number"))
    date = models.DateField(_("date"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        verbose_name = _("day")
        verbose_name_plural = _("days")
        ordering = ["seminar", "number"]
        constraints = [
            models.UniqueConstraint(fields=["seminar", "number"], name="unique_day_number")
        ]

    def __str__(self) -> str:
        return str(_("Day %(number)s") % {"number": self.number})


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        PRESENTATION = "presentation", _("Presentation")
        EXERCISE = "exercise", _("Exercise")
        FILM = "film", _("Film")
        BREAK = "break", _("Break")
        CLOSING = "closing", _("Closing")

    day = models.ForeignKey(
        Day, on_delete=models.CASCADE, related_name="items", verbose_name=_("day")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.TimeField(_("starts at"))
    planned_minutes = models.PositiveSmallIntegerField(_("planned minutes"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["day", "order"]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> time:
        start = datetime.combine(date.min, self.starts_at)
        return (start + timedelta(minutes=self.planned_minutes)).time()


class Slide(models.Model):
    class Layout(models.TextChoices):
        TITLE = "title", _("Title")
        SECTION = "section", _("Section")
        BULLETS = "bullets", _("Bullets")
        CASE = "case", _("Case")
        QUOTE = "quote", _("Quote")
        IMAGE = "image", _("Image")
        FILM = "film", _("Film")
        EXERCISE = "exercise", _("Exercise")
        PAGE = "page", _("Imported page")
        JOIN = "join", _("Join (QR code and code, full screen)")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="slides", verbose_name=_("agenda item")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    layout = models.CharField(_("layout"), max_length=20, choices=Layout.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "One bullet per line; indent by two spaces for a sub-bullet; "
            "a line starting with '# ' is a heading."
        ),
    )
    notes = models.TextField(_("speaker notes"), blank=True)
    image = models.ImageField(_("image"), upload_to="slides/", blank=True)
    image_alt = models.CharField(
        _("text alternative"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, for those who cannot see it; screen readers read it on "
            "the projector and the phones. Leave empty for a picture that only decorates."
        ),
    )
    photo_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("slide")
        verbose_name_plural = _("slides")
        ordering = ["item", "order"]

    def __str__(self) -> str:
        return self.title

    @property
    def blocks(self) -> list[Block]:
        return parse_body(self.body, as_bullets=self.layout == self.Layout.BULLETS)


class DeckImport(models.Model):
    """A deck being imported in the background: the console shows its progress."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="deck_imports",
        verbose_name=_("agenda item"),
    )
    position = models.PositiveSmallIntegerField(_("position"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="imports/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    kind = models.CharField(_("kind"), max_length=10, blank=True)
    pages_done = models.PositiveSmallIntegerField(_("pages done"), default=0)
    pages_total = models.PositiveSmallIntegerField(_("pages in all"), default=0)
    slides_added = models.PositiveSmallIntegerField(_("slides added"), default=0)
    first_slide = models.ForeignKey(
        Slide,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first slide added"),
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("deck import")
        verbose_name_plural = _("deck imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}
