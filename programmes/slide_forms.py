"""The slide editor's form: what a facilitator may change on a slide, with its bounds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from agenda.models import Slide
from exercises.images import ImageRefused, clean_slide_image
from programmes.edit_check import VersionCheckedForm, fingerprint
from programmes.programme_schema import LONG_TEXT
from seminar.text import CleanTextField, clean_text

MAX_PICTURE_BYTES = 20 * 1024 * 1024
# A facilitator makes every layout but "page", which only a deck import makes.
EDITABLE_LAYOUTS = [
    (value, label) for value, label in Slide.Layout.choices if value != Slide.Layout.PAGE
]
BODY_HELP = _(
    "One line per paragraph. On a bullets slide each line is a bullet; indent by two "
    "spaces for a sub-bullet. A line starting with “# ” is a heading."
)


def clean_body(body: str) -> str:
    """The cleaning of every typed text, line by line: a line's leading spaces are meaning."""
    lines = []
    for line in body.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        text = clean_text(line)
        lines.append(" " * indent + text if text else "")
    return "\n".join(lines).strip("\n")


def slide_version(slide: Slide) -> str:
    if slide._state.adding:
        return ""  # a new slide: nobody else can have saved it
    return fingerprint(
        getattr(slide, name)
        for name in ("layout", "title", "body", "notes", "image", "image_alt", "photo_credit")
    )


class SlideForm(VersionCheckedForm, forms.ModelForm):  # type: ignore[type-arg]
    title = CleanTextField(label=_("Title"), max_length=300)
    body = forms.CharField(
        label=_("Text on the slide"),
        required=False,
        max_length=LONG_TEXT,
        strip=False,  # leading spaces mark sub-bullets
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    notes = CleanTextField(
        label=_("Speaker notes"),
        required=False,
        max_length=LONG_TEXT,
        help_text=_("Only on the console, never on the projector or the phones."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    image_alt = CleanTextField(
        label=_("Text alternative"),
        required=False,
        max_length=300,
        help_text=Slide._meta.get_field("image_alt").help_text,
    )
    photo_credit = CleanTextField(label=_("Photo credit"), required=False, max_length=200)
    link = forms.URLField(
        label=_("Link to a film or page"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Opens in a new tab from the projector and the phones."),
    )
    image = forms.ImageField(
        label=_("Picture"),
        required=False,
        help_text=_("JPEG, PNG, GIF or WebP, at most 20 MB; stored at most 1920 pixels wide."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )

    class Meta:
        model = Slide
        fields = ["layout", "title", "body", "notes", "image", "image_alt", "photo_credit", "link"]
        labels = {"layout": _("Layout")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        instance: Slide | None = kwargs.get("instance")
        super().__init__(*args, stored_version=slide_version(instance or Slide()), **kwargs)
        layout = self.fields["layout"]
        assert isinstance(layout, forms.ChoiceField)
        if instance is not None and instance.layout == Slide.Layout.PAGE:
            layout.choices = [*EDITABLE_LAYOUTS, (Slide.Layout.PAGE, Slide.Layout.PAGE.label)]
        else:
            layout.choices = EDITABLE_LAYOUTS

    def clean_body(self) -> str:
        return clean_body(self.cleaned_data.get("body") or "")

    def clean_image(self) -> Any:
        picture = self.cleaned_data.get("image")
        if not isinstance(picture, UploadedFile):
            return picture  # unchanged, or False to take it away
        if picture.size and picture.size > MAX_PICTURE_BYTES:
            raise forms.ValidationError(_("The picture is larger than 20 MB."))
        try:
            png = clean_slide_image(picture.read())
        except ImageRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        self.cleaned_png = png
        return picture
