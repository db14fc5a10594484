from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from live.services import MAX_TIMER_SECONDS


class TimerForm(forms.Form):
    minutes = forms.DecimalField(
        label=_("Minutes"),
        min_value=Decimal("0.05"),
        max_value=Decimal(MAX_TIMER_SECONDS // 60),
        decimal_places=2,
    )


class KeepTimerForm(forms.Form):
    keep = forms.BooleanField(label=_("Keep the timer running"), required=False)
