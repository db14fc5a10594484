from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from seminar.models import Seminar
from seminar.text import CleanTextField


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
