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
    allow_nicknames = models.BooleanField(
        _("participants may give a nickname"),
        default=False,
        help_text=_("Off by default: answers stay anonymous unless you need names."),
    )
    delete_data_after = models.DateField(
        _("delete participants' data after"),
        help_text=_("Participants, answers and votes are deleted after this date."),
    )
    admission_closed = models.BooleanField(
        _("admission closed"),
        default=False,
        help_text=_("New phones wait until the facilitator lets them in."),
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


class Group(models.Model):
    """People who answer together: a table, a party group, or one of the two sides.

    Each exercise says which kind of group it uses; a person belongs to at most one
    group of each kind."""

    class Kind(models.TextChoices):
        TABLE = "table", _("Table")
        PARTY = "party", _("Party group")
        SIDE = "side", _("Side")

    seminar = models.ForeignKey(
        Seminar, on_delete=models.CASCADE, related_name="groups", verbose_name=_("seminar")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TABLE)
    side = models.CharField(
        _("side"),
        max_length=20,
        blank=True,
        help_text=_("Side groups only: whose side the group is on."),
    )
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["seminar", "kind", "order", "name"]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """One phone in the room. Anonymous: no name unless the seminar allows nicknames,
    and nothing about the device or its address is stored."""

    class Side(models.TextChoices):
        ELECTED = "elected", _("Elected member")
        ADMINISTRATION = "administration", _("Administration")

    class Admission(models.TextChoices):
        ADMITTED = "admitted", _("In the room")
        WAITING = "waiting", _("Waiting to be let in")
        TURNED_AWAY = "turned_away", _("Turned away")

    seminar = models.ForeignKey(
        Seminar, on_delete=models.CASCADE, related_name="participants", verbose_name=_("seminar")
    )
    nickname = models.CharField(_("nickname"), max_length=40, blank=True)
    side = models.CharField(_("I am"), max_length=20, choices=Side.choices)
    admission = models.CharField(
        _("admission"), max_length=12, choices=Admission.choices, default=Admission.ADMITTED
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.nickname or str(_("Participant %(number)s") % {"number": self.pk})


class Membership(models.Model):
    """A person in a group, with the role the group gave them, if any."""

    class Role(models.TextChoices):
        MEMBER = "", _("Member")
        LEADER = "leader", _("Group leader")
        REFERENT = "referent", _("Referent")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    # The group's kind again, so the database itself allows one group of each kind.
    kind = models.CharField(_("kind"), max_length=10, choices=Group.Kind.choices)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["participant", "kind"], name="one_group_of_each_kind")
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.group}"
