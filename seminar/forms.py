from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from seminar.models import Seminar


class CreateSeminarForm(forms.Form):
    municipality = forms.CharField(
        label=_("Municipality or county"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    title = forms.CharField(
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
