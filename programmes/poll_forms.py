"""The poll editor's form: the question, the kind, and only what that kind needs.

The choices are a formset of rows. Adding, removing and moving a row, and switching the
kind, re-draw the form from what was posted (nothing is saved); what another kind's
fields held travels along hidden, so switching back finds it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from polls.models import Choice, Poll
from polls.services import ChoiceDraft, PollDraft
from programmes.edit_check import VersionCheckedForm, fingerprint
from seminar.text import CleanTextField

MIN_CHOICES = 2
MAX_CHOICES = 12
MAX_LIGHTS = 3
LIGHTS = (Choice.Light.GREEN, Choice.Light.YELLOW, Choice.Light.RED)
CHOICE_KINDS = frozenset(
    {Poll.Kind.SINGLE, Poll.Kind.MULTIPLE, Poll.Kind.TRAFFIC_LIGHT, Poll.Kind.RANKING}
)
# The kinds whose max_choices the editor asks for: picks, or a ranking's places.
COUNTED_KINDS = frozenset({Poll.Kind.MULTIPLE, Poll.Kind.RANKING})
RANKING_PLACES = 3  # a new ranking's: "which three first?"
SCALE_FIELDS = ("scale_min", "scale_max", "scale_min_label", "scale_max_label")
# The fields that only some kinds show: typed into one kind, they travel hidden in another.
KIND_FIELDS = ("max_choices", *SCALE_FIELDS)
ROW_FIELDS = ("choice", "label", "light")
PREFIX = "choices"


@dataclass(frozen=True)
class Row:
    """One choice row as typed: `choice` is the stored choice's id, empty for a new one."""

    choice: str = ""
    label: str = ""
    light: str = ""


def poll_version(poll: Poll | None, choices: Sequence[Choice]) -> str:
    """The fingerprint of a poll as stored: every value its editor changes (a new poll has
    nothing stored to have changed meanwhile)."""
    if poll is None:
        return ""
    return fingerprint(
        [
            poll.kind,
            poll.question,
            poll.max_choices,
            poll.scale_min,
            poll.scale_max,
            poll.scale_min_label,
            poll.scale_max_label,
            poll.results,
            poll.answer_key,
            poll.answer_key_rules,
            poll.answer_key_law_version,
            poll.answer_key_is_judgement,
            *[(choice.pk, choice.label, choice.light) for choice in choices],
        ]
    )


def poll_initial(poll: Poll, choices: Sequence[Choice]) -> tuple[dict[str, object], list[Row]]:
    """The editor's values and choice rows for a stored poll."""
    values: dict[str, object] = {
        name: getattr(poll, name)
        for name in (
            "kind",
            "question",
            "max_choices",
            *SCALE_FIELDS,
            "results",
            "answer_key",
            "answer_key_rules",
            "answer_key_law_version",
            "answer_key_is_judgement",
        )
    }
    rows = [
        Row(choice=str(choice.pk), label=choice.label, light=choice.light) for choice in choices
    ]
    return values, rows


def new_poll_initial(kind: str) -> tuple[dict[str, object], list[Row]]:
    kind = kind if kind in Poll.Kind.values else Poll.Kind.SINGLE
    values: dict[str, object] = {"kind": kind, "results": Poll.Results.LIVE}
    if kind == Poll.Kind.RANKING:
        values["max_choices"] = RANKING_PLACES
    return values, _blank_rows(kind)


def _blank_rows(kind: str) -> list[Row]:
    if kind not in CHOICE_KINDS:
        return []
    if kind == Poll.Kind.TRAFFIC_LIGHT:
        return [Row() for _row in range(MAX_LIGHTS)]
    if kind == Poll.Kind.RANKING:
        return [Row() for _row in range(RANKING_PLACES + 1)]
    return [Row() for _row in range(MIN_CHOICES)]


def posted_rows(data: Mapping[str, Any]) -> list[Row]:
    """The choice rows in the posted order, as typed (at most one more than allowed)."""
    total = str(data.get(f"{PREFIX}-TOTAL_FORMS", ""))
    count = min(int(total), MAX_CHOICES + 1) if total.isascii() and total.isdecimal() else 0
    return [
        Row(**{name: str(data.get(f"{PREFIX}-{number}-{name}", "")) for name in ROW_FIELDS})
        for number in range(count)
    ]


@dataclass(frozen=True)
class Rearranged:
    """The rows after a button that adds, removes or moves one, and what to say about it."""

    rows: list[Row]
    focus: str  # "label-3", "up-3", "down-3" or "" (rows counted from 0)
    message: str


def rearrange(rows: list[Row], op: str, *, kind: str) -> Rearranged:
    """What an "add a choice", "remove" or "move" button does to the rows, unsaved."""
    rows = list(rows)
    most = MAX_LIGHTS if kind == Poll.Kind.TRAFFIC_LIGHT else MAX_CHOICES
    action, _sep, place = op.partition("-")
    index = int(place) if place.isascii() and place.isdecimal() else -1
    if action == "add":
        if len(rows) >= most:
            return Rearranged(
                rows, "", _("There can be at most %(count)s choices.") % {"count": most}
            )
        rows.append(Row())
        return Rearranged(
            rows,
            f"label-{len(rows) - 1}",
            _("Choice %(number)s is added; write it in the field.") % {"number": len(rows)},
        )
    if not 0 <= index < len(rows):
        return Rearranged(rows, "", "")
    if action == "remove":
        rows.pop(index)
        focus = f"label-{min(index, len(rows) - 1)}" if rows else ""
        return Rearranged(rows, focus, _("Choice %(number)s is removed.") % {"number": index + 1})
    if action in {"up", "down"}:
        to = index - 1 if action == "up" else index + 1
        if not 0 <= to < len(rows):
            return Rearranged(rows, f"{action}-{index}", "")
        rows[index], rows[to] = rows[to], rows[index]
        still = (to > 0) if action == "up" else (to < len(rows) - 1)
        focus = f"{action}-{to}" if still else f"{'down' if action == 'up' else 'up'}-{to}"
        return Rearranged(
            rows,
            focus,
            _("The choice moved to place %(place)s of %(count)s.")
            % {"place": to + 1, "count": len(rows)},
        )
    return Rearranged(rows, "", "")


class ChoiceRowForm(forms.Form):
    choice = forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)
    label = CleanTextField(
        label=gettext_lazy("Choice"),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Write this choice, or remove it."),
            "max_length": gettext_lazy(
                "Keep a choice to %(limit_value)d characters; this is %(show_value)d."
            ),
        },
    )
    light = forms.ChoiceField(
        label=gettext_lazy("Light"),
        choices=[("", "—"), *Choice.Light.choices],
        error_messages={"required": gettext_lazy("Choose this choice's light.")},
    )

    def __init__(self, *args: Any, traffic_light: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not traffic_light:
            del self.fields["light"]

    def choice_id(self) -> int | None:
        raw = self.cleaned_data.get("choice", "")
        return int(raw) if raw.isascii() and raw.isdecimal() and 0 < int(raw) < 2**31 else None


class ChoiceFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The choices' rows. Each row posted counts: a blank one is refused, not skipped."""

    form = ChoiceRowForm
    extra = 0
    can_order = can_delete = can_delete_extra = False
    min_num = MIN_CHOICES
    max_num = MAX_CHOICES
    absolute_max = MAX_CHOICES + 1  # one too many is drawn, and refused, with its text
    validate_min = validate_max = True
    renderer = None
    default_error_messages = {
        "too_few_forms": ngettext_lazy(
            "Give at least %(num)d choice.", "Give at least %(num)d choices.", "num"
        ),
        "too_many_forms": ngettext_lazy(
            "Give at most %(num)d choice: remove one.",
            "Give at most %(num)d choices: remove some.",
            "num",
        ),
    }

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: list[dict[str, str]] | None = None,
        kind: str,
        focus: str = "",
    ) -> None:
        traffic_light = kind == Poll.Kind.TRAFFIC_LIGHT
        super().__init__(
            data, initial=initial, prefix=PREFIX, form_kwargs={"traffic_light": traffic_light}
        )
        self.max_num = MAX_LIGHTS if traffic_light else MAX_CHOICES
        self.focus, _sep, place = focus.partition("-")
        self.focus_index = int(place) if place.isascii() and place.isdecimal() else -1
        if self.focus == "label" and self.focus_index < len(self.forms):
            self.forms[self.focus_index].fields["label"].widget.attrs["autofocus"] = True

    def rows(self) -> list[dict[str, object]]:
        """Each row's form with its place and which of its buttons has the focus."""
        count = len(self.forms)
        return [
            {
                "form": form,
                "index": index,
                "number": index + 1,
                "first": index == 0,
                "last": index == count - 1,
                "focus": self.focus if index == self.focus_index else "",
            }
            for index, form in enumerate(self.forms)
        ]

    def drafts(self) -> list[ChoiceDraft]:
        return [
            ChoiceDraft(
                label=form.cleaned_data["label"],
                light=form.cleaned_data.get("light", ""),
                choice_id=form.choice_id(),
            )
            for form in self.forms
            if form.cleaned_data  # a blank row beyond the posted ones
        ]


def _number(*, low: int, high: int, required: Any, wrong: Any) -> dict[str, Any]:
    return {
        "min_value": low,
        "max_value": high,
        "error_messages": {
            "required": required,
            "invalid": wrong,
            "min_value": wrong,
            "max_value": wrong,
        },
        "widget": forms.NumberInput(attrs={"inputmode": "numeric"}),
    }


class PollForm(VersionCheckedForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of poll"),
        choices=Poll.Kind.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the kinds in the list.")},
    )
    question = CleanTextField(
        label=gettext_lazy("Question"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Write the question."),
            "max_length": gettext_lazy(
                "Keep the question to %(limit_value)d characters; this is %(show_value)d."
            ),
        },
    )
    max_choices = forms.IntegerField(
        label=gettext_lazy("How many choices each person may pick"),
        initial=1,
        **_number(
            low=1,
            high=MAX_CHOICES,
            required=gettext_lazy("Say how many choices each person may pick."),
            wrong=gettext_lazy("Write a whole number from 1 to the number of choices."),
        ),
    )
    scale_min = forms.IntegerField(
        label=gettext_lazy("The scale starts at"),
        initial=1,
        **_number(
            low=0,
            high=1,
            required=gettext_lazy("Say where the scale starts: 0 or 1."),
            wrong=gettext_lazy("The scale starts at 0 or 1."),
        ),
    )
    scale_max = forms.IntegerField(
        label=gettext_lazy("The scale ends at"),
        initial=5,
        **_number(
            low=2,
            high=10,
            required=gettext_lazy("Say where the scale ends: a number from 2 to 10."),
            wrong=gettext_lazy("The scale ends at a number from 2 to 10."),
        ),
    )
    scale_min_label = CleanTextField(
        label=gettext_lazy("Words at the low end"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("For example “Not at all”. Leave empty for the number alone."),
        error_messages={
            "max_length": gettext_lazy(
                "Keep it to %(limit_value)d characters; this is %(show_value)d."
            )
        },
    )
    scale_max_label = CleanTextField(
        label=gettext_lazy("Words at the high end"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("For example “Completely”."),
        error_messages={
            "max_length": gettext_lazy(
                "Keep it to %(limit_value)d characters; this is %(show_value)d."
            )
        },
    )
    results = forms.ChoiceField(
        label=gettext_lazy("Results"),
        choices=Poll.Results.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose when the room sees the results."),
            "invalid_choice": gettext_lazy("Choose when the room sees the results."),
        },
    )
    answer_key = CleanTextField(
        label=gettext_lazy("The answer"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": gettext_lazy(
                "Keep it to %(limit_value)d characters; this is %(show_value)d."
            )
        },
    )
    answer_key_rules = CleanTextField(
        label=gettext_lazy("The rules it rests on"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example “Forvaltningsloven § 6 andre ledd”."),
        error_messages={
            "max_length": gettext_lazy(
                "Keep it to %(limit_value)d characters; this is %(show_value)d."
            )
        },
    )
    answer_key_law_version = CleanTextField(
        label=gettext_lazy("The law as of"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Which version of the law the answer states, with its date."),
        error_messages={
            "max_length": gettext_lazy(
                "Keep it to %(limit_value)d characters; this is %(show_value)d."
            )
        },
    )
    answer_key_is_judgement = forms.BooleanField(
        label=gettext_lazy("The answer is a judgement, not a fact: say so on the screen"),
        required=False,
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        stored_version: str,
        initial: Mapping[str, object] | None = None,
        rows: list[Row] | None = None,
        focus: str = "",
    ) -> None:
        super().__init__(data, initial=dict(initial or {}), stored_version=stored_version)
        source = self.data if self.is_bound else self.initial
        kind = str(source.get("kind", ""))
        self.shown_kind = kind if kind in Poll.Kind.values else Poll.Kind.SINGLE
        self.rows = posted_rows(self.data) if self.is_bound else list(rows or [])
        if self.shown_kind not in COUNTED_KINDS:
            del self.fields["max_choices"]
        elif self.shown_kind == Poll.Kind.RANKING:
            places = self.fields["max_choices"]
            places.label = _("How many places each person fills")
            places.help_text = _(
                "First place earns this many points, the next one less; a choice left out none."
            )
            places.error_messages["required"] = _("Say how many places each person fills.")
        if self.shown_kind != Poll.Kind.SCALE:
            for name in SCALE_FIELDS:
                del self.fields[name]
        self.choice_rows: ChoiceFormSet | None = None
        if self.shown_kind in CHOICE_KINDS:
            traffic_light = self.shown_kind == Poll.Kind.TRAFFIC_LIGHT
            self.choice_rows = ChoiceFormSet(
                data,
                initial=None
                if self.is_bound
                else [
                    _row_initial(row, index, traffic_light) for index, row in enumerate(self.rows)
                ],
                kind=self.shown_kind,
                focus=focus,
            )

    def clean_max_choices(self) -> int:
        picks: int = self.cleaned_data["max_choices"]
        count = len(self.rows)
        if count >= 1 and picks > count:
            if self.shown_kind == Poll.Kind.RANKING:
                raise forms.ValidationError(
                    _("There are %(count)s choices: at most %(count)s places.") % {"count": count}
                )
            raise forms.ValidationError(
                _("There are %(count)s choices: allow at most %(count)s picks.") % {"count": count}
            )
        return picks

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return (self.choice_rows is None or self.choice_rows.is_valid()) and valid

    def carried(self) -> list[tuple[str, str]]:
        """What another kind's fields hold, to travel hidden until the kind is switched back."""
        source = self.data if self.is_bound else self.initial
        kept = [
            (name, str(source[name]))
            for name in KIND_FIELDS
            if name not in self.fields and source.get(name) not in (None, "")
        ]
        if self.choice_rows is None and any(row.label or row.choice for row in self.rows):
            count = str(len(self.rows))
            kept += [(f"{PREFIX}-TOTAL_FORMS", count), (f"{PREFIX}-INITIAL_FORMS", count)]
            kept += [
                (f"{PREFIX}-{number}-{name}", value)
                for number, row in enumerate(self.rows)
                for name, value in (
                    ("choice", row.choice),
                    ("label", row.label),
                    ("light", row.light),
                )
                if value
            ]
        return kept

    def summary(self) -> list[tuple[str, str]]:
        """Every refusal as (the id of the field to go to, the message), in page order."""
        found: list[tuple[str, str]] = [("", str(error)) for error in self.non_field_errors()]
        order = ["kind", "question"]
        rows = self.choice_rows
        for name in order:
            found += [(self[name].id_for_label, str(error)) for error in self[name].errors]
        if rows is not None:
            found += [("choices", str(error)) for error in rows.non_form_errors()]
            for index, form in enumerate(rows.forms):
                for name in ("label", "light"):
                    if name in form.fields:
                        found += [
                            (
                                form[name].id_for_label,
                                _("Choice %(number)s: %(message)s")
                                % {"number": index + 1, "message": error},
                            )
                            for error in form[name].errors
                        ]
        for name in self.fields:
            if name not in order and name != "version":
                anchor = self[name].id_for_label or f"{self[name].auto_id}_0"  # a radio's first
                found += [(anchor, str(error)) for error in self[name].errors]
        return found

    def draft(self) -> PollDraft:
        """The poll as checked, for polls.services (only after is_valid)."""
        data = self.cleaned_data
        return PollDraft(
            kind=data["kind"],
            question=data["question"],
            choices=tuple(self.choice_rows.drafts()) if self.choice_rows is not None else (),
            max_choices=data.get("max_choices", 1),
            scale_min=data.get("scale_min", 1),
            scale_max=data.get("scale_max", 5),
            scale_min_label=data.get("scale_min_label", ""),
            scale_max_label=data.get("scale_max_label", ""),
            results=data["results"],
            answer_key=data["answer_key"],
            answer_key_rules=data["answer_key_rules"],
            answer_key_law_version=data["answer_key_law_version"],
            answer_key_is_judgement=data["answer_key_is_judgement"],
        )


def _row_initial(row: Row, index: int, traffic_light: bool) -> dict[str, str]:
    light = row.light
    if traffic_light and not light and index < len(LIGHTS):
        light = LIGHTS[index]  # a new traffic light starts green, yellow, red
    return {"choice": row.choice, "label": row.label, "light": light}


def redrawn_form(data: Mapping[str, Any], *, op: str, stored_version: str) -> tuple[PollForm, str]:
    """The form after a button that changes it without saving (a kind, a row added,
    removed or moved), from what was posted, with what to tell about it."""
    values: dict[str, object] = {
        name: data.get(name) for name in PollForm.base_fields if name in data
    }
    kind = str(values.get("kind", ""))
    rows = posted_rows(data)
    message, focus = "", ""
    if op == "kind":
        label = dict(Poll.Kind.choices).get(kind, "")
        message = _("The form shows what a poll of the kind “%(kind)s” needs.") % {"kind": label}
        if kind in CHOICE_KINDS and not rows:
            rows = _blank_rows(kind)
    else:
        changed = rearrange(rows, op, kind=kind)
        rows, focus, message = changed.rows, changed.focus, changed.message
    form = PollForm(initial=values, rows=rows, focus=focus, stored_version=stored_version)
    return form, message


class SurveyForm(forms.Form):
    """A survey's title: its questions are polls, each made in the poll editor."""

    title = CleanTextField(
        label=gettext_lazy("Title of the survey"),
        max_length=200,
        help_text=gettext_lazy("The phones and the projector show it above the questions."),
        error_messages={
            "required": gettext_lazy("Write the survey's title."),
            "max_length": gettext_lazy(
                "Keep the title to %(limit_value)d characters; this is %(show_value)d."
            ),
        },
    )
