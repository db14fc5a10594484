from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Seminar(models.Model):
    class Language(models.TextChoices):
        BOKMAL = "nb", _("Norwegian Bokmål")
        NYNORSK = "nn", _("Norwegian Nynorsk")
        ENGLISH = "en", _("English")

    title = models.CharField(_("title"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.BOKMAL
    )
    join_code = models.CharField(_("join code"), max_length=6, unique=True)
    projector_token = models.CharField(_("projector token"), max_length=64, unique=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        related_name="facilitated_seminars",
        blank=True,
    )
    delete_data_after = models.DateField(
        _("delete participants' data after"),
        help_text=_("Participants, answers and votes are deleted after this date."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.title}"

    @property
    def first_date(self) -> date | None:
        dates = [day.date for day in self.days.all()]
        return min(dates) if dates else None

    @property
    def last_date(self) -> date | None:
        dates = [day.date for day in self.days.all()]
        return max(dates) if dates else None
