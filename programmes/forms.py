from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem, Day
from seminar.models import Seminar
from seminar.text import CleanTextField

MAX_KEEP_AFTER_LAST_DAY = timedelta(days=365)


class ProgrammeFileForm(forms.Form):
    file = forms.FileField(
        label=_("Programme file"),
        help_text=_(
            "A .zip file downloaded from a programme page in Plenum, on this server or another. "
            "It holds the days, agenda items, slides, polls and exercises, never participants' "
            "answers."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    municipality = forms.CharField(
        label=_("Municipality or county"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to keep the one in the file."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    first_date = forms.DateField(
        label=_("First day"),
        required=False,
        help_text=_("Leave empty to keep the file's dates. The other days keep their spacing."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class CreateSeminarForm(forms.Form):
    municipality = CleanTextField(
        label=_("Municipality or county"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    title = CleanTextField(
        label=_("Title"),
        max_length=200,
        initial=_("KS Folkevalgtprogram – basisprogram"),  # noqa: RUF001
    )
    first_date = forms.DateField(
        label=_("First day"),
        help_text=_("The second day follows the next day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the participants' screens"),
        choices=Seminar.Language.choices,
        initial=Seminar.Language.BOKMAL,
    )
    start_from = forms.ChoiceField(
        label=_("Start from"),
        choices=[
            ("ks", _("The KS basisprogram: both days, every item, slide, poll and exercise")),
            ("empty", _("An empty programme: one day with one item and a title slide")),
        ],
        initial="ks",
        required=False,  # a form sent without it starts from the KS programme
        widget=forms.RadioSelect,
    )
    allow_nicknames = forms.BooleanField(
        label=_("Ask participants for a nickname"),
        required=False,
        help_text=_(
            "Off unless you need it: without names, what people write and vote cannot be "
            "traced to them, and the seminar's notes name nobody. Council members' answers "
            "can reveal political opinions."
        ),
    )

    def clean_start_from(self) -> str:
        return str(self.cleaned_data.get("start_from") or "ks")


class SeminarSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    """The seminar's own settings, as its facilitators change them."""

    title = CleanTextField(label=_("Title"), max_length=200)
    municipality = CleanTextField(
        label=_("Municipality or county"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    class Meta:
        model = Seminar
        fields = ["title", "municipality", "language", "allow_nicknames", "delete_data_after"]
        labels = {
            "language": _("Language of the participants' screens"),
            "allow_nicknames": _("Ask participants for a nickname"),
            "delete_data_after": _("Delete the participants' data after"),
        }
        help_texts = {
            "delete_data_after": _(
                "Participants, their answers and votes are deleted the day after; the "
                "programme stays. At most a year after the last day."
            ),
        }
        widgets = {"delete_data_after": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, last_day: date | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_day = last_day

    def clean_delete_data_after(self) -> date:
        chosen: date = self.cleaned_data["delete_data_after"]
        if chosen < timezone.localdate():
            raise forms.ValidationError(
                _("Choose today or a later day; to delete the data now, use the notes page.")
            )
        if self.last_day is not None and chosen > self.last_day + MAX_KEEP_AFTER_LAST_DAY:
            raise forms.ValidationError(
                _("Keep the data at most a year after the seminar's last day (%(day)s).")
                % {"day": date_format(self.last_day + MAX_KEEP_AFTER_LAST_DAY, "j. F Y")}
            )
        return chosen


class AddFacilitatorForm(forms.Form):
    username = forms.CharField(
        label=_("A colleague's user name"),
        max_length=150,
        help_text=_("They need an account on this Plenum first: an administrator makes it."),
    )


class ItemForm(forms.ModelForm):  # type: ignore[type-arg]
    title = CleanTextField(label=_("Title"), max_length=200)
    planned_minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=24 * 60)
    presenter = CleanTextField(label=_("Presenter"), max_length=200, required=False)

    class Meta:
        model = AgendaItem
        fields = ["title", "starts_at", "planned_minutes", "kind", "presenter"]
        labels = {"starts_at": _("Starts at"), "kind": _("Kind")}
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class DayForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Day
        fields = ["date", "ends_at"]
        labels = {"date": _("Date"), "ends_at": _("Ends at")}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
