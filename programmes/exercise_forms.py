"""The exercise editor's form: for each kind only what it runs on, with bounds on everything.

Questions and themes are rows of their own fields ("question-0", "question-0-id", …), in
page order. The editor's buttons add, remove and move rows without JavaScript: the page is
drawn again from what was sent, rearranged (`rearranged`), and nothing is saved until
"Save"."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise, Question, Theme
from exercises.queries import Written
from exercises.services import DRAFT_FIELDS, GROUPINGS, ExerciseDraft, Row
from polls.models import Poll
from programmes.edit_check import VersionCheckedForm, fingerprint
from seminar.text import CleanTextField

TITLE_LENGTH = 200
PROMPT_LENGTH = 2000
CASE_LENGTH = 20_000
QUESTION_LENGTH = 1000
THEME_LENGTH = 80
MAX_QUESTIONS = 20
MAX_THEMES = 12
# More rows than this in a post are not read at all (the count is refused anyway).
MOST_ROWS_READ = 50
NEW_VERSION = "new"

# What each kind runs on besides its kind, title and prompt; a kind that can be run in more
# than one grouping also asks for it.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Exercise.Kind.BRAINSTORM: ("timer_minutes", "max_length"),
    Exercise.Kind.NOTES: ("themes", "limit", "max_length", "timer_minutes"),
    Exercise.Kind.CASE: ("case_text", "questions", "max_length", "timer_minutes"),
    Exercise.Kind.EXPECTATIONS: ("limit", "max_length", "timer_minutes"),
    Exercise.Kind.SPEECH: ("timer_minutes", "speech_seconds"),
    Exercise.Kind.CONTEST: ("timer_minutes",),
    Exercise.Kind.DILEMMA: ("poll", "max_length", "timer_minutes"),
    Exercise.Kind.CARD: ("max_length", "timer_minutes"),
}
OPTIONAL_FIELDS = (
    "case_text",
    "questions",
    "themes",
    "grouping",
    "limit",
    "max_length",
    "timer_minutes",
    "speech_seconds",
    "poll",
)
ROW_PREFIX = {"questions": "question", "themes": "theme"}
# The fields as the page shows them, each list of rows after its own name.
PAGE_ORDER = (
    "kind",
    "title",
    "prompt",
    "case_text",
    "questions",
    "themes",
    "poll",
    "grouping",
    "timer_minutes",
    "speech_seconds",
    "limit",
    "max_length",
)

# What the room does in each kind, under the kind's choice.
KIND_HELP: dict[str, Any] = {
    Exercise.Kind.BRAINSTORM: _(
        "Each group writes as many answers as it can on its own sheet; the projector shows "
        "every group's sheet."
    ),
    Exercise.Kind.NOTES: _(
        "Each person writes short notes on their phone; you sort them under themes on the "
        "projector's wall."
    ),
    Exercise.Kind.CASE: _(
        "The groups read the case and give one answer to each question; an answer saved "
        "again replaces the group's earlier one."
    ),
    Exercise.Kind.EXPECTATIONS: _(
        "Elected members and the administration work in groups of their own side and agree "
        "on their points; the projector shows the two sides side by side."
    ),
    Exercise.Kind.SPEECH: _(
        "The groups prepare a speech and say who presents; the console gives each group the "
        "floor in turn, with a timer for each speech."
    ),
    Exercise.Kind.CONTEST: _(
        "The teams send the height of their tower in centimetres, with a photo if they like; "
        "the tallest tower wins when you reveal the result. Equal heights share the place."
    ),
    Exercise.Kind.DILEMMA: _(
        "The room votes first, in a poll on the slide; then each group gives its verdict, red "
        "or green light, with one line on why."
    ),
    Exercise.Kind.CARD: _(
        "Each person fills in a business card and draws something they like to do; the "
        "projector shows the cards."
    ),
}

ACTION = re.compile(r"^(add|remove|up|down)-(question|theme)(?:-(\d{1,2}))?$")


def _number(low: int, high: int, message: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=low,
        max_value=high,
        error_messages={
            code: message for code in ("required", "invalid", "min_value", "max_value")
        },
        **kwargs,
    )


@dataclass(frozen=True)
class RowFields:
    """One question or theme as the page draws it."""

    index: int
    text: forms.BoundField
    id: forms.BoundField
    written: int  # answers to the question, or notes sorted under the theme
    first: bool
    last: bool
    removable: bool
    focus: str  # "up" or "down": that button takes the focus

    @property
    def number(self) -> int:
        return self.index + 1


class ExerciseForm(VersionCheckedForm):
    kind = forms.ChoiceField(
        label=_("Kind of exercise"),
        choices=Exercise.Kind.choices,
        error_messages={
            "required": _("Choose one of the kinds of exercise."),
            "invalid_choice": _("Choose one of the kinds of exercise."),
        },
    )
    title = CleanTextField(
        label=_("Title"),
        max_length=TITLE_LENGTH,
        help_text=_("On the projector, the phones and the console, and in the notes."),
        error_messages={"required": _("Give the exercise a title.")},
    )
    prompt = CleanTextField(
        label=_("Prompt"),
        max_length=PROMPT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the room is asked to do, as the projector and the phones show it."),
        error_messages={"required": _("Write what the room is asked to do.")},
    )
    case_text = CleanTextField(
        label=_("The case"),
        max_length=CASE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The phones show it under “Read the case”. Leave it empty if the slide says it all."
        ),
    )
    questions = forms.CharField(required=False, widget=forms.HiddenInput)
    themes = forms.CharField(required=False, widget=forms.HiddenInput)
    grouping = forms.ChoiceField(
        label=_("Who works together"),
        choices=Exercise.Grouping.choices,
        error_messages={
            "required": _("Choose who works together."),
            "invalid_choice": _("Choose who works together from the list."),
        },
    )
    limit = _number(0, 20, _("Write a number from 0 to 20; 0 means no limit."))
    max_length = _number(
        20,
        2000,
        _("Write a number of characters from 20 to 2000."),
        label=_("Longest answer, in characters"),
    )
    timer_minutes = _number(
        0,
        180,
        _("Write a number of minutes from 0 to 180."),
        label=_("Minutes on the timer"),
        help_text=_("It starts when you open the exercise. 0: no timer."),
    )
    speech_seconds = _number(
        15,
        900,
        _("Write a number of seconds from 15 to 900 (a quarter of an hour)."),
        label=_("Seconds per speech"),
        help_text=_("Each group's timer when the console gives it the floor."),
    )
    poll = forms.ChoiceField(
        label=_("The room's vote before the groups"),
        required=False,
        help_text=_(
            "A poll on this slide that the room answers first; the projector shows its "
            "result beside the groups' verdicts."
        ),
        error_messages={"invalid_choice": _("Choose one of this slide's polls, or none.")},
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        initial: dict[str, Any],
        stored_version: str,
        polls: list[Poll],
        written: Written | None = None,
        focus: str = "",
    ) -> None:
        super().__init__(data, initial=initial, stored_version=stored_version)
        self.focus = focus
        source: Mapping[str, Any] = self.data if self.is_bound else self.initial
        posted_kind = str(source.get("kind") or "")
        self.chosen_kind = posted_kind if posted_kind in KIND_FIELDS else Exercise.Kind.BRAINSTORM
        uses = set(KIND_FIELDS[self.chosen_kind])
        groupings = GROUPINGS[self.chosen_kind]
        if len(groupings) > 1:
            uses.add("grouping")
        self.fixed_grouping = "" if len(groupings) > 1 else Exercise.Grouping(groupings[0]).label
        self.uses = uses
        # What a kind does not show stays in the page, hidden: switching back brings it.
        self.carried: list[tuple[str, str]] = []
        for name in OPTIONAL_FIELDS:
            if name in uses:
                continue
            del self.fields[name]
            if name in ROW_PREFIX:
                for index, (row_id, text) in enumerate(posted_rows(source, ROW_PREFIX[name])):
                    key = f"{ROW_PREFIX[name]}-{index}"
                    self.carried += [(key, text), (f"{key}-id", row_id)]
            elif source.get(name) is not None:
                self.carried.append((name, str(source.get(name))))
        if "grouping" in uses:
            self.fields["grouping"].choices = [  # type: ignore[attr-defined]
                (value, Exercise.Grouping(value).label) for value in groupings
            ]
        if "poll" in uses:
            self.fields["poll"].choices = [  # type: ignore[attr-defined]
                ("", _("None: the groups start at once")),
                *((str(poll.pk), _poll_label(poll)) for poll in polls),
            ]
        if "limit" in uses:
            self.fields["limit"].label = (
                _("Notes per person")
                if self.chosen_kind == Exercise.Kind.NOTES
                else _("Points per group")
            )
            self.fields["limit"].help_text = _("0: no limit.")
        if self.chosen_kind == Exercise.Kind.SPEECH:
            self.fields["timer_minutes"].label = _("Minutes for the groups to prepare")
            self.fields["timer_minutes"].help_text = _(
                "The console's “Start” button runs it. 0: no timer."
            )
        if self.chosen_kind == Exercise.Kind.DILEMMA:
            self.fields["max_length"].label = _("Longest reason, in characters")
        if self.chosen_kind == Exercise.Kind.CARD:
            self.fields["max_length"].label = _("Longest “why”, in characters")
        written = written or Written()
        self.rows: dict[str, list[RowFields]] = {}
        for name in uses & set(ROW_PREFIX):
            self.rows[name] = self._add_rows(
                name,
                posted_rows(source, ROW_PREFIX[name]),
                written.per_question if name == "questions" else written.per_theme,
            )
        for name in self.fields:
            if self[name].auto_id == focus:
                self.fields[name].widget.attrs["autofocus"] = True

    def _add_rows(
        self, name: str, posted: list[tuple[str, str]], written: dict[int, int]
    ) -> list[RowFields]:
        prefix = ROW_PREFIX[name]
        rows = []
        for index, (row_id, _text) in enumerate(posted):
            key = f"{prefix}-{index}"
            if name == "questions":
                self.fields[key] = CleanTextField(
                    label=_("Question %(number)s") % {"number": index + 1},
                    max_length=QUESTION_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    error_messages={
                        "required": _("Write the question, or remove it."),
                        "max_length": _(
                            "A question is at most %(limit_value)d characters; this one is "
                            "%(show_value)d."
                        ),
                    },
                )
            else:
                self.fields[key] = CleanTextField(
                    label=_("Theme %(number)s") % {"number": index + 1},
                    max_length=THEME_LENGTH,
                    error_messages={
                        "required": _("Name the theme, or remove it."),
                        "max_length": _(
                            "A theme's name is at most %(limit_value)d characters; this one "
                            "is %(show_value)d."
                        ),
                    },
                )
            self.fields[f"{key}-id"] = forms.CharField(required=False, widget=forms.HiddenInput)
            stored = _row_id(row_id)
            rows.append(
                RowFields(
                    index=index,
                    text=self[key],
                    id=self[f"{key}-id"],
                    written=written.get(stored, 0) if stored is not None else 0,
                    first=index == 0,
                    last=index == len(posted) - 1,
                    # A case keeps at least one question.
                    removable=name == "themes" or len(posted) > 1,
                    focus=next(
                        (verb for verb in ("up", "down") if self.focus == f"{verb}-{key}"),
                        "",
                    ),
                )
            )
        return rows

    @property
    def question_rows(self) -> list[RowFields]:
        return self.rows.get("questions", [])

    @property
    def theme_rows(self) -> list[RowFields]:
        return self.rows.get("themes", [])

    @property
    def kind_help(self) -> str:
        return str(KIND_HELP[self.chosen_kind])

    @property
    def questions_full(self) -> bool:
        return len(self.question_rows) >= MAX_QUESTIONS

    @property
    def themes_full(self) -> bool:
        return len(self.theme_rows) >= MAX_THEMES

    def clean(self) -> dict[str, Any]:
        if "questions" in self.uses:
            if not self.question_rows:
                self.add_error("questions", _("A case needs at least one question."))
            elif len(self.question_rows) > MAX_QUESTIONS:
                self.add_error(
                    "questions",
                    _("At most %(count)s questions: remove some.") % {"count": MAX_QUESTIONS},
                )
        if "themes" in self.uses:
            if len(self.theme_rows) > MAX_THEMES:
                self.add_error(
                    "themes", _("At most %(count)s themes: remove some.") % {"count": MAX_THEMES}
                )
            seen: set[str] = set()
            for row in self.theme_rows:
                name = self.cleaned_data.get(row.text.name, "")
                if name and name.casefold() in seen:
                    self.add_error(
                        row.text.name,
                        _("There is already a theme called “%(name)s”.") % {"name": name},
                    )
                seen.add(name.casefold())
        return super().clean()

    def error_links(self) -> list[tuple[str, str]]:
        """Each refusal for the summary at the top, in page order: (the field's id, or ""
        for the form as a whole; the message with the field's label)."""
        links = [("", str(message)) for message in self.non_field_errors()]
        names: list[str] = []
        for name in PAGE_ORDER:
            names += [name, *(row.text.name for row in self.rows.get(name, []))]
        for name in names:
            if name not in self.errors:
                continue
            if name in ROW_PREFIX:
                anchor, label = name, ""
            else:
                anchor, label = self[name].id_for_label, str(self.fields[name].label or "")
            for message in self.errors[name]:
                links.append((anchor, f"{label}: {message}" if label else str(message)))
        return links

    def draft(self, base: Exercise) -> ExerciseDraft:
        """The cleaned form as the exercise to store; what the kind does not ask for keeps
        `base`'s value."""
        data = self.cleaned_data

        def number(name: str) -> int:
            return int(data[name]) if name in self.uses else int(getattr(base, name))

        return ExerciseDraft(
            kind=self.chosen_kind,
            grouping=data.get("grouping") or base.grouping,
            title=data["title"],
            prompt=data["prompt"],
            case_text=data.get("case_text", ""),
            limit=number("limit"),
            max_length=number("max_length"),
            timer_minutes=number("timer_minutes"),
            speech_seconds=number("speech_seconds"),
            poll_id=int(data["poll"]) if data.get("poll") else None,
            questions=self._drafted_rows("questions"),
            themes=self._drafted_rows("themes"),
        )

    def _drafted_rows(self, name: str) -> tuple[Row, ...]:
        return tuple(
            Row(
                id=_row_id(self.cleaned_data.get(row.id.name, "")),
                text=self.cleaned_data[row.text.name],
            )
            for row in self.rows.get(name, [])
        )


# Drawing the form: what it starts from, and the row buttons ----------------------------------


def _poll_label(poll: Poll) -> str:
    series = f"{poll.series} {poll.series_part}".strip()
    question = Truncator(poll.question).chars(90)
    return f"{series}: {question}" if series else question


def _row_id(raw: object) -> int | None:
    text = str(raw or "")
    return int(text) if text.isascii() and text.isdecimal() and 0 < int(text) < 2**31 else None


def posted_rows(source: Mapping[str, Any], prefix: str) -> list[tuple[str, str]]:
    """(stored id or "", text) of each row in page order."""
    rows = []
    for index in range(MOST_ROWS_READ):
        text = source.get(f"{prefix}-{index}")
        if text is None:
            break
        rows.append((str(source.get(f"{prefix}-{index}-id") or ""), str(text)))
    return rows


def _with_rows(values: dict[str, Any], prefix: str, rows: list[tuple[str, str]]) -> None:
    for key in [key for key in values if re.fullmatch(rf"{prefix}-\d+(-id)?", key)]:
        del values[key]
    for index, (row_id, text) in enumerate(rows):
        values[f"{prefix}-{index}"] = text
        values[f"{prefix}-{index}-id"] = row_id


def stored_values(
    exercise: Exercise, questions: list[Question], themes: list[Theme]
) -> dict[str, Any]:
    """The form's starting values for a stored exercise."""
    values: dict[str, Any] = {
        name: getattr(exercise, name) for name in DRAFT_FIELDS if name != "poll_id"
    }
    values["poll"] = str(exercise.poll_id or "")
    _with_rows(values, "question", [(str(q.pk), q.text) for q in questions])
    _with_rows(values, "theme", [(str(t.pk), t.name) for t in themes])
    return values


def new_values(*, kind: str, case_text: str) -> dict[str, Any]:
    """A new exercise's starting values: one empty question for a case, no theme yet."""
    kind = kind if kind in KIND_FIELDS else Exercise.Kind.BRAINSTORM
    values: dict[str, Any] = {
        "kind": kind,
        "grouping": GROUPINGS[kind][0],
        "title": "",
        "prompt": "",
        "case_text": case_text,
        "limit": 3,
        "max_length": 280,
        "timer_minutes": 10,
        "speech_seconds": 120,
        "poll": "",
    }
    _with_rows(values, "question", [("", "")])
    return values


def exercise_version(exercise: Exercise, questions: list[Question], themes: list[Theme]) -> str:
    """The fingerprint of what the editor changes; not the exercise's state in the room,
    which the console changes while it runs."""
    values = stored_values(exercise, questions, themes)
    return fingerprint(f"{key}={value}" for key, value in sorted(values.items()))


def rearranged(data: Mapping[str, Any], action: str) -> tuple[dict[str, Any], str]:
    """What was sent, with a row added, removed or moved (or the kind changed: nothing to
    move), and the id of the field that takes the focus."""
    values = {key: data.get(key) for key in data if key not in {"action", "csrfmiddlewaretoken"}}
    match = ACTION.match(action)
    if match is None:
        return values, "id_kind"
    verb, prefix, number = match.groups()
    rows = posted_rows(data, prefix)
    index = int(number) if number is not None else len(rows)
    limit = MAX_QUESTIONS if prefix == "question" else MAX_THEMES
    focus = f"id_{prefix}-{index}"
    if verb == "add" and len(rows) < limit:
        rows.append(("", ""))
        focus = f"id_{prefix}-{len(rows) - 1}"
    elif verb == "remove" and index < len(rows):
        rows.pop(index)
        focus = f"id_{prefix}-{min(index, len(rows) - 1)}" if rows else f"add-{prefix}"
    elif verb in {"up", "down"} and index < len(rows):
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
            # The moved row's same button, so a second press moves it on; at the top or
            # the bottom, where that button is gone, its other one.
            at_end = other == 0 if verb == "up" else other == len(rows) - 1
            opposite = "down" if verb == "up" else "up"
            focus = f"{opposite if at_end else verb}-{prefix}-{other}"
    _with_rows(values, prefix, rows)
    return values, focus
