"""The programme editor's form for questions from the room on a slide: its title and how
the room's questions reach the screens. What the room asked is the console's to moderate,
never this form's."""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy

from programmes.edit_check import VersionCheckedForm, fingerprint
from questions.models import QuestionRound
from seminar.text import CleanTextField

TITLE_LENGTH = QuestionRound._meta.get_field("title").max_length

# What each choice means for the room, one line each beside its radio button.
MODERATION_CHOICES = [
    (QuestionRound.Moderation.AT_ONCE, gettext_lazy("Shown at once")),
    (QuestionRound.Moderation.HELD, gettext_lazy("Held for approval")),
]
MODERATION_HELP = {
    QuestionRound.Moderation.AT_ONCE: gettext_lazy(
        "Each question is on the phones and the projector as soon as it is sent; you can "
        "hide one in the console."
    ),
    QuestionRound.Moderation.HELD: gettext_lazy(
        "Each question waits in the console until you approve it; the room sees only the "
        "ones you approve."
    ),
}


def round_version(question_round: QuestionRound | None) -> str:
    """The fingerprint of what the editor changes (a new round has nothing stored to have
    changed meanwhile); not its state in the room, which the console changes."""
    if question_round is None:
        return ""
    return fingerprint([question_round.title, question_round.moderation])


def round_initial(question_round: QuestionRound) -> dict[str, str]:
    return {"title": question_round.title, "moderation": question_round.moderation}


class QuestionRoundForm(VersionCheckedForm):
    title = CleanTextField(
        label=gettext_lazy("Title"),
        max_length=TITLE_LENGTH,
        help_text=gettext_lazy(
            "The projector and the phones show it above the questions, for example "
            "“Questions for the mayor”."
        ),
        error_messages={
            "required": gettext_lazy("Write a title for the questions."),
            "max_length": gettext_lazy(
                "Keep the title to %(limit_value)d characters; this is %(show_value)d."
            ),
        },
    )
    moderation = forms.ChoiceField(
        label=gettext_lazy("How the questions reach the room"),
        choices=MODERATION_CHOICES,
        widget=forms.RadioSelect,
        initial=QuestionRound.Moderation.AT_ONCE,
        error_messages={
            "required": gettext_lazy(
                "Choose whether questions are shown at once or held for approval."
            ),
            "invalid_choice": gettext_lazy(
                "Choose whether questions are shown at once or held for approval."
            ),
        },
    )

    @property
    def moderation_options(self) -> list[tuple[BoundWidget, str]]:
        """Each radio button with its one line of explanation."""
        return [(radio, str(MODERATION_HELP[radio.data["value"]])) for radio in self["moderation"]]

    @property
    def summary(self) -> list[tuple[str, str]]:
        """What stops the save, each with the field it is about (none for the form's own)."""
        anchors = {"title": "id_title", "moderation": "id_moderation_0"}
        return [
            (anchors.get(name, ""), str(error))
            for name, errors in sorted(self.errors.items(), key=lambda item: item[0] != "__all__")
            for error in errors
        ]
