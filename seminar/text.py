"""Text as people meant it, from any phone: one cleaning for everything typed in."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms

# Joiners hold emoji sequences and some scripts together; every other control or format
# character (NUL, escapes, bidirectional overrides, zero-width spaces) goes.
KEPT = frozenset("\n\t\u200c\u200d")


def clean_text(raw: str) -> str:
    """No control characters (PostgreSQL refuses NUL outright), NFC, no surrounding space."""
    kept = "".join(
        char
        for char in unicodedata.normalize("NFC", raw)
        if char in KEPT or unicodedata.category(char)[0] != "C"
    )
    return kept.strip()


class CleanTextField(forms.CharField):
    """A form's text field that cleans what was typed before it checks its length."""

    def to_python(self, value: Any) -> str:
        return clean_text(super().to_python(value) or "")
