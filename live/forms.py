from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

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


class JoinHostForm(forms.Form):
    """One of this machine's network addresses, for the phones' join address."""

    host = forms.ChoiceField(label=_("Address for the phones"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["host"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(host, host) for host in choices]
