"""Two facilitators editing the same thing: a form carries a fingerprint of what it was
opened on, and a save over something changed meanwhile is refused, with the text kept.

Arranging slides checks the outline the same way (agenda.services.arrange_slides)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

CHANGED_MEANWHILE = _(
    "Someone else saved this in another window while you were editing. Nothing of yours "
    "was saved, and what you typed is still here: look at the programme in a new tab, "
    "then save again to keep your version."
)


def fingerprint(values: Iterable[object]) -> str:
    """A short digest of the stored values a form was opened on."""
    text = json.dumps([str(value) for value in values], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


class VersionCheckedForm(forms.Form):
    """A mixin for any form: `stored_version` is the fingerprint of the object as stored now.

    Unbound, the form carries it; bound, a different posted fingerprint is refused, and the
    form then carries the current one, so a second, deliberate save goes through."""

    version = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)

    def __init__(self, *args: Any, stored_version: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored_version = stored_version
        self.fields["version"].initial = stored_version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.is_bound and cleaned.get("version") != self.stored_version:
            # The next save, made knowing, goes through.
            data = QueryDict(mutable=True)
            data.update(self.data)
            data[self.add_prefix("version")] = self.stored_version
            self.data = data
            raise forms.ValidationError(CHANGED_MEANWHILE, code="changed_meanwhile")
        return cleaned
