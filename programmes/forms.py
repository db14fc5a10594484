from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
