"""What a programme file may say, checked before anything is written.

A programme file comes from outside: every object in it is read through a form that names
the fields it may have, with their types and bounds. A key the form does not name is
refused, so a file cannot set a seminar, a primary key or a state. Each form gives an
unsaved model instance; the caller sets the foreign keys and saves.

Every change to the format that adds a field bumps `VERSION`, and `UPGRADES` gains the
step that brings a file of the version before up to it: a newer Plenum reads every older
file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Day, Slide
from exercises.models import Exercise
from polls.models import Choice, Poll, Survey
from questions.models import QuestionRound
from seminar.models import Group, Seminar

FORMAT = "plenum-programme"
VERSION = 4


def _slides_get_text_alternatives(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 gave a slide's picture a text alternative; a version 1 picture has none."""
    for day in data.get("days") or []:
        for item in (day.get("items") or []) if isinstance(day, dict) else []:
            for slide in (item.get("slides") or []) if isinstance(item, dict) else []:
                if isinstance(slide, dict):
                    slide.setdefault("image_alt", "")
    return data | {"version": 2}


def _polls_may_be_asked_in_surveys(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 gathered polls into surveys (several questions on one phone page); a
    version 2 file has none, and each of its polls is asked on its own."""
    for poll in data.get("polls") or []:
        if isinstance(poll, dict):
            poll.setdefault("survey", None)
    return data | {"surveys": data.get("surveys") or [], "version": 3}


def _questions_from_the_room(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 added questions from the room; a version 3 file has none."""
    return data | {"question_rounds": data.get("question_rounds") or [], "version": 4}


# Each step takes a file of version N (the key) and returns it as version N + 1.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _slides_get_text_alternatives,
    2: _polls_may_be_asked_in_surveys,
    3: _questions_from_the_room,
}

MAX_DAYS = 14
MAX_ITEMS_PER_DAY = 100
MAX_SLIDES_PER_ITEM = 300
MAX_SLIDES = 2000  # in the whole file: a programme of a few decks
MAX_POLLS = 500
MAX_QUESTION_ROUNDS = 200
MAX_SURVEYS = 100
MAX_CHOICES = 50
MAX_EXERCISES = 300
MAX_QUESTIONS = 50
MAX_GROUPS = 300
# Text fields are unbounded in the database; a slide or an answer key is never this long.
LONG_TEXT = 20_000


class ProgrammeRefused(ValueError):
    """A programme file that was not imported, with the reason in the user's language."""


def _long_text() -> forms.CharField:
    # Not stripped: a body's leading spaces mark its sub-bullets.
    return forms.CharField(max_length=LONG_TEXT, required=False, strip=False)


class SeminarFields(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Seminar
        fields = ["title", "municipality", "language", "allow_nicknames"]


class DayFields(forms.ModelForm):  # type: ignore[type-arg]
    number = forms.IntegerField(min_value=1, max_value=MAX_DAYS)

    class Meta:
        model = Day
        fields = ["number", "date", "ends_at"]


class ItemFields(forms.ModelForm):  # type: ignore[type-arg]
    planned_minutes = forms.IntegerField(min_value=0, max_value=24 * 60)

    class Meta:
        model = AgendaItem
        fields = ["title", "starts_at", "planned_minutes", "kind", "presenter"]


class SlideFields(forms.ModelForm):  # type: ignore[type-arg]
    body = _long_text()
    notes = _long_text()
    link = forms.URLField(max_length=200, required=False, assume_scheme="https")

    class Meta:
        model = Slide
        fields = ["layout", "title", "body", "notes", "image_alt", "photo_credit", "link"]


class PollFields(forms.ModelForm):  # type: ignore[type-arg]
    question = forms.CharField(max_length=LONG_TEXT)
    max_choices = forms.IntegerField(min_value=1, max_value=MAX_CHOICES)
    scale_min = forms.IntegerField(min_value=-100, max_value=100)
    scale_max = forms.IntegerField(min_value=-100, max_value=100)
    answer_key = _long_text()
    answer_key_rules = _long_text()

    class Meta:
        model = Poll
        fields = [
            "order",
            "kind",
            "question",
            "series",
            "series_part",
            "max_choices",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "results",
            "answer_key",
            "answer_key_rules",
            "answer_key_law_version",
            "answer_key_is_judgement",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        if low is not None and high is not None and low >= high:
            raise forms.ValidationError(_("The scale must go from a lower to a higher number."))
        return cleaned


class SurveyFields(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Survey
        fields = ["title"]


class QuestionRoundFields(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = QuestionRound
        fields = ["title", "moderation"]


class ChoiceFields(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Choice
        fields = ["label", "light"]


class ExerciseFields(forms.ModelForm):  # type: ignore[type-arg]
    prompt = forms.CharField(max_length=LONG_TEXT)
    case_text = _long_text()
    # The room's timer runs at most eight hours (live.services.MAX_TIMER_SECONDS).
    timer_minutes = forms.IntegerField(min_value=0, max_value=8 * 60, required=False)
    speech_seconds = forms.IntegerField(min_value=0, max_value=8 * 60 * 60, required=False)

    class Meta:
        model = Exercise
        fields = [
            "order",
            "kind",
            "grouping",
            "title",
            "prompt",
            "case_text",
            "limit",
            "max_length",
            "timer_minutes",
            "speech_seconds",
        ]


class GroupFields(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Group
        fields = ["kind", "side", "name", "order"]


Position = tuple[int, int, int]  # (day number, item index, slide index), as exported


@dataclass
class SlideEntry:
    slide: Slide
    image: str  # the member of the zip holding its picture, or ""


@dataclass
class ItemEntry:
    item: AgendaItem
    slides: list[SlideEntry]


@dataclass
class DayEntry:
    day: Day
    items: list[ItemEntry]


@dataclass
class SurveyEntry:
    survey: Survey
    slide: Position | None


@dataclass
class QuestionRoundEntry:
    question_round: QuestionRound
    slide: Position | None


@dataclass
class PollEntry:
    poll: Poll
    slide: Position | None
    choices: list[Choice]
    survey: int | None = None  # index into the file's surveys


@dataclass
class ExerciseEntry:
    exercise: Exercise
    slide: Position | None
    poll: int | None  # index into the file's polls
    questions: list[str]


@dataclass
class Programme:
    """A checked programme file: unsaved instances without their foreign keys."""

    seminar: Seminar
    days: list[DayEntry]
    surveys: list[SurveyEntry] = field(default_factory=list)
    polls: list[PollEntry] = field(default_factory=list)
    exercises: list[ExerciseEntry] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    question_rounds: list[QuestionRoundEntry] = field(default_factory=list)

    def positions(self) -> set[Position]:
        return {
            (day.day.number, item_index, slide_index)
            for day in self.days
            for item_index, item in enumerate(day.items)
            for slide_index in range(len(item.slides))
        }


def _refuse(where: str, problem: str) -> ProgrammeRefused:
    return ProgrammeRefused(
        _("The programme file is incomplete or damaged: %(where)s: %(problem)s")
        % {"where": where, "problem": problem}
    )


def _fits(form_field: forms.Field, value: object) -> bool:
    """The JSON type the field reads: the forms would take "5" for 5 and [1] for "[1]"."""
    if isinstance(form_field, forms.BooleanField):
        return isinstance(value, bool)
    if isinstance(form_field, forms.IntegerField):
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


def _object(data: object, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise _refuse(where, _("this should be an object with named fields."))
    return data


def _read(
    form_class: type[forms.ModelForm],  # type: ignore[type-arg]
    data: dict[str, Any],
    where: str,
    *,
    also: frozenset[str] = frozenset(),
) -> Any:
    """The unsaved instance `form_class` makes of `data`; `also` are the keys the caller
    reads itself (children, references)."""
    fields = form_class.base_fields
    unknown = sorted(set(data) - set(fields) - also)
    if unknown:
        raise _refuse(
            where,
            _("fields this version of Plenum does not know: %(names)s.")
            % {"names": ", ".join(unknown)},
        )
    for name, form_field in fields.items():
        if name in data and not _fits(form_field, data[name]):
            raise _refuse(f"{where}, {name}", _("a value of the wrong kind."))
    form = form_class(data={name: data[name] for name in fields if name in data})
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        label = where if name == "__all__" else f"{where}, {name}"
        raise _refuse(label, " ".join(str(error) for error in errors))
    return form.save(commit=False)


def _list(data: dict[str, Any], key: str, where: str, *, most: int) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _refuse(f"{where}, {key}", _("this should be a list."))
    if len(value) > most:
        raise _refuse(f"{where}, {key}", _("more than %(most)s.") % {"most": most})
    return value


def _position(value: object, where: str, known: set[Position]) -> Position | None:
    if value is None:
        return None
    if (
        isinstance(value, list)
        and len(value) == 3
        and all(isinstance(part, int) and not isinstance(part, bool) for part in value)
        and (position := (value[0], value[1], value[2])) in known
    ):
        return position
    raise _refuse(where, _("it points at a slide the file does not have."))


def _upgraded(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProgrammeRefused(_("That is not a Plenum programme file."))
    if version > VERSION:
        raise ProgrammeRefused(
            _(
                "This programme file was made by a newer version of Plenum. Update Plenum "
                "on this server to read it."
            )
        )
    while version < VERSION:
        data = UPGRADES[version](data)
        version += 1
    return data


def check_programme(data: object) -> Programme:
    """The programme in `data` (programme.json, parsed), checked through and through, or
    ProgrammeRefused saying the first thing that is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgrammeRefused(_("That is not a Plenum programme file."))
    data = _upgraded(data)
    programme_where = _("the programme")
    lists = frozenset(
        {"format", "version", "days", "surveys", "polls", "exercises", "groups", "question_rounds"}
    )
    seminar = _read(SeminarFields, data, programme_where, also=lists)

    days: list[DayEntry] = []
    for day_data in _list(data, "days", programme_where, most=MAX_DAYS):
        where = _("day %(number)s") % {"number": len(days) + 1}
        day_data = _object(day_data, where)
        day = _read(DayFields, day_data, where, also=frozenset({"items"}))
        if any(other.day.number == day.number for other in days):
            raise _refuse(where, _("two days have the same number."))
        items: list[ItemEntry] = []
        for item_data in _list(day_data, "items", where, most=MAX_ITEMS_PER_DAY):
            item_where = _("day %(day)s, item %(item)s") % {
                "day": day.number,
                "item": len(items) + 1,
            }
            item_data = _object(item_data, item_where)
            item = _read(ItemFields, item_data, item_where, also=frozenset({"slides"}))
            slides: list[SlideEntry] = []
            for slide_data in _list(item_data, "slides", item_where, most=MAX_SLIDES_PER_ITEM):
                slide_where = _("day %(day)s, item %(item)s, slide %(slide)s") % {
                    "day": day.number,
                    "item": len(items) + 1,
                    "slide": len(slides) + 1,
                }
                slide_data = _object(slide_data, slide_where)
                slide = _read(SlideFields, slide_data, slide_where, also=frozenset({"image"}))
                image = slide_data.get("image", "")
                if not isinstance(image, str):
                    raise _refuse(f"{slide_where}, image", _("a value of the wrong kind."))
                slides.append(SlideEntry(slide=slide, image=image))
            items.append(ItemEntry(item=item, slides=slides))
        days.append(DayEntry(day=day, items=items))
    if not days:
        raise _refuse(programme_where, _("it has no days."))
    if sum(len(item.slides) for day in days for item in day.items) > MAX_SLIDES:
        raise _refuse(programme_where, _("more than %(most)s slides.") % {"most": MAX_SLIDES})
    programme = Programme(seminar=seminar, days=days)
    known = programme.positions()

    for survey_data in _list(data, "surveys", programme_where, most=MAX_SURVEYS):
        where = _("survey %(number)s") % {"number": len(programme.surveys) + 1}
        survey_data = _object(survey_data, where)
        survey = _read(SurveyFields, survey_data, where, also=frozenset({"slide"}))
        slide = _position(survey_data.get("slide"), f"{where}, slide", known)
        programme.surveys.append(SurveyEntry(survey=survey, slide=slide))

    for poll_data in _list(data, "polls", programme_where, most=MAX_POLLS):
        where = _("poll %(number)s") % {"number": len(programme.polls) + 1}
        poll_data = _object(poll_data, where)
        poll = _read(PollFields, poll_data, where, also=frozenset({"slide", "choices", "survey"}))
        survey_index = poll_data.get("survey")
        if survey_index is not None and not (
            isinstance(survey_index, int)
            and not isinstance(survey_index, bool)
            and 0 <= survey_index < len(programme.surveys)
        ):
            raise _refuse(f"{where}, survey", _("it points at a survey the file does not have."))
        choices = [
            _read(
                ChoiceFields,
                _object(choice, where),
                _("%(poll)s, choice %(number)s") % {"poll": where, "number": number},
            )
            for number, choice in enumerate(
                _list(poll_data, "choices", where, most=MAX_CHOICES), start=1
            )
        ]
        slide = _position(poll_data.get("slide"), f"{where}, slide", known)
        programme.polls.append(
            PollEntry(poll=poll, slide=slide, choices=choices, survey=survey_index)
        )

    for exercise_data in _list(data, "exercises", programme_where, most=MAX_EXERCISES):
        where = _("exercise %(number)s") % {"number": len(programme.exercises) + 1}
        exercise_data = _object(exercise_data, where)
        exercise = _read(
            ExerciseFields, exercise_data, where, also=frozenset({"slide", "poll", "questions"})
        )
        questions = _list(exercise_data, "questions", where, most=MAX_QUESTIONS)
        if not all(isinstance(text, str) and 0 < len(text) <= LONG_TEXT for text in questions):
            raise _refuse(f"{where}, questions", _("a value of the wrong kind."))
        poll_index = exercise_data.get("poll")
        if poll_index is not None and not (
            isinstance(poll_index, int)
            and not isinstance(poll_index, bool)
            and 0 <= poll_index < len(programme.polls)
        ):
            raise _refuse(f"{where}, poll", _("it points at a poll the file does not have."))
        programme.exercises.append(
            ExerciseEntry(
                exercise=exercise,
                slide=_position(exercise_data.get("slide"), f"{where}, slide", known),
                poll=poll_index,
                questions=questions,
            )
        )

    for number, group_data in enumerate(
        _list(data, "groups", programme_where, most=MAX_GROUPS), start=1
    ):
        where = _("group %(number)s") % {"number": number}
        programme.groups.append(_read(GroupFields, _object(group_data, where), where))

    for round_data in _list(data, "question_rounds", programme_where, most=MAX_QUESTION_ROUNDS):
        where = _("questions from the room %(number)s") % {
            "number": len(programme.question_rounds) + 1
        }
        round_data = _object(round_data, where)
        question_round = _read(QuestionRoundFields, round_data, where, also=frozenset({"slide"}))
        slide = _position(round_data.get("slide"), f"{where}, slide", known)
        programme.question_rounds.append(QuestionRoundEntry(question_round, slide))
    return programme
