from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seminar.models import Group, Participant, Seminar
from seminar.text import CleanTextField


class JoinCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from the screen"),
        regex=r"^\s*\d{3}\s*\d{3}\s*$",
        error_messages={"invalid": _("The code is six digits, like 123 456.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "9"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split())


class JoinForm(forms.Form):
    nickname = CleanTextField(
        label=_("Nickname (optional)"),
        max_length=40,
        required=False,
        help_text=_("Shown with your answers. Leave it empty to stay anonymous."),
    )
    group = forms.TypedChoiceField(
        label=_("Your table"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "Not sure yet? Leave it; you can choose your group when the group work starts."
        ),
    )
    side = forms.ChoiceField(
        label=_("I am"), choices=Participant.Side.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, seminar: Seminar, groups: list[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not seminar.allow_nicknames:
            del self.fields["nickname"]
        self.groups = {group.pk: group for group in groups}
        if groups:
            self.fields["group"].choices = [  # type: ignore[attr-defined]
                ("", _("Not chosen yet")),
                *((group.pk, group.name) for group in groups),
            ]
        else:
            del self.fields["group"]

    def chosen_group(self) -> Group | None:
        return self.groups.get(self.cleaned_data.get("group") or 0)


class GroupNameForm(forms.Form):
    """A group's new name: cleaned and bounded here; groupings.rename_group checks that it
    is new."""

    name = CleanTextField(
        label=_("New name"),
        max_length=80,  # Group.name
        error_messages={
            "required": _("Write the group's name."),
            "max_length": _("A group name can be at most 80 characters long."),
        },
    )


class GroupMoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", _("Move up")), ("down", _("Move down"))],
        error_messages={
            "required": _("Choose up or down."),
            "invalid_choice": _("Choose up or down."),
        },
    )


class GroupDeleteForm(forms.Form):
    confirm = forms.BooleanField(required=False)


class NewFacilitatorForm(forms.Form):
    name = CleanTextField(
        label=_("Name"),
        max_length=150,
        help_text=_("As the session notes and the pages name them."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("What they log in with: letters, digits and @ . + - _"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class DisplayNameForm(forms.Form):
    name = CleanTextField(
        label=_("Your name"),
        max_length=150,
        help_text=_("As the session notes and your colleagues' pages name you."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
