from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from agenda.deck_import import MAX_BYTES, DeckRefused, check_size, deck_kind
from agenda.models import AgendaItem

DECK_TYPES = ",".join(
    [
        ".pdf",
        ".pptx",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ]
)


class AgendaItemChoiceField(forms.ModelChoiceField[AgendaItem]):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return f"{obj.day}, {obj.starts_at:%H.%M} {obj.title}"


class DeckImportForm(forms.Form):
    file = forms.FileField(
        label=_("PDF or PowerPoint file"),
        help_text=format_lazy(
            _(
                "A PDF gives the slides as they look. So does a PowerPoint file (.pptx) when "
                "the server has LibreOffice; without it, only their titles, text and speaker "
                "notes: for pictures and design, save it as PDF first. At most {mb} MB."
            ),
            mb=MAX_BYTES // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": DECK_TYPES}),
    )
    item = AgendaItemChoiceField(queryset=AgendaItem.objects.none(), label=_("Into agenda item"))
    place = forms.ChoiceField(
        label=_("Where in the item"),
        choices=[
            ("end", _("After the item's own slides")),
            ("start", _("Before the item's own slides")),
        ],
        initial="end",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, seminar_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item_field = self.fields["item"]
        assert isinstance(item_field, AgendaItemChoiceField)
        item_field.queryset = (
            AgendaItem.objects.filter(day__seminar_id=seminar_id)
            .select_related("day")
            .order_by("day__number", "order")
        )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        try:
            check_size(upload.size or 0)
            deck_kind(upload.read(8))
        except DeckRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        upload.seek(0)
        return upload

    @property
    def position(self) -> int | None:
        return 1 if self.cleaned_data["place"] == "start" else None
