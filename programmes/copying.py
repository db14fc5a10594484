"""Taking from another programme: a slide (with its surveys, polls, exercises and
questions from the room), a poll (on its own, even one asked in a survey) or an exercise
copied from one of the facilitator's own seminars or from the KS template.

Every source is read as a programme file says it (programme_schema checks it), so the
template and a seminar are copied by one path, and a copy takes only the fields a
programme file has: never votes, answers, the room's questions or states."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Slide
from agenda.services import save_slide
from exercises.models import Exercise, Question
from polls.models import Choice, Poll, Survey
from programmes.placeholders import fill_placeholders
from programmes.programme_file import TEMPLATE_PATH, programme_data, read_archive
from programmes.programme_schema import (
    ExerciseEntry,
    PollEntry,
    Position,
    Programme,
    QuestionRoundEntry,
    SlideEntry,
    check_programme,
)
from questions.models import QuestionRound
from seminar.models import Seminar
from seminar.queries import seminars_for_facilitator

TEMPLATE = "ks"


class CopyRefused(ValueError):
    """A copy that was not made, with the reason in the user's language."""


@dataclass
class SourceSlide:
    position: Position
    day: int
    item_title: str
    entry: SlideEntry
    polls: list[tuple[int, PollEntry]]
    exercises: list[tuple[int, ExerciseEntry]]
    question_rounds: list[QuestionRoundEntry]


@dataclass
class Source:
    key: str  # TEMPLATE or a seminar's slug
    programme: Programme
    pictures: dict[str, str]  # a zip member named by a slide: the stored file it shows

    def slides(self) -> list[SourceSlide]:
        polls: dict[Position, list[tuple[int, PollEntry]]] = {}
        for index, poll in enumerate(self.programme.polls):
            if poll.slide is not None:
                polls.setdefault(poll.slide, []).append((index, poll))
        exercises: dict[Position, list[tuple[int, ExerciseEntry]]] = {}
        for index, exercise in enumerate(self.programme.exercises):
            if exercise.slide is not None:
                exercises.setdefault(exercise.slide, []).append((index, exercise))
        rounds: dict[Position, list[QuestionRoundEntry]] = {}
        for question_round in self.programme.question_rounds:
            if question_round.slide is not None:
                rounds.setdefault(question_round.slide, []).append(question_round)
        return [
            SourceSlide(
                position=(day.day.number, item_index, slide_index),
                day=day.day.number,
                item_title=item.item.title,
                entry=entry,
                polls=polls.get((day.day.number, item_index, slide_index), []),
                exercises=exercises.get((day.day.number, item_index, slide_index), []),
                question_rounds=rounds.get((day.day.number, item_index, slide_index), []),
            )
            for day in self.programme.days
            for item_index, item in enumerate(day.items)
            for slide_index, entry in enumerate(item.slides)
        ]


def source_choices(user: User, *, besides: Seminar) -> list[tuple[str, str]]:
    own = seminars_for_facilitator(user).exclude(pk=besides.pk).order_by("-created_at")
    return [(TEMPLATE, _("The KS basisprogram (template)"))] + [
        (seminar.slug, f"{seminar.municipality}: {seminar.title}") for seminar in own
    ]


def load_source(user: User, key: str) -> Source | None:
    """The programme `key` names, if `user` may take from it."""
    if key == TEMPLATE:
        raw, _archive = read_archive(TEMPLATE_PATH.read_bytes())
        return Source(key=key, programme=check_programme(raw), pictures={})
    seminar = seminars_for_facilitator(user).filter(slug=key).first()
    if seminar is None:
        return None
    data, pictures = programme_data(seminar)
    return Source(key=key, programme=check_programme(data), pictures=pictures)


def parse_position(raw: str) -> Position | None:
    parts = raw.split("-")
    if len(parts) == 3 and all(part.isascii() and part.isdecimal() for part in parts):
        day, item, slide = (int(part) for part in parts)
        return (day, item, slide)
    return None


def _slide_at(source: Source, position: Position) -> SourceSlide:
    found = next((slide for slide in source.slides() if slide.position == position), None)
    if found is None:
        raise CopyRefused(_("That slide is not in the programme any more."))
    return found


@transaction.atomic
def copy_slide(*, source: Source, position: Position, into: AgendaItem) -> Slide:
    """The slide at `position` as the last slide of `into`, with its surveys, polls,
    exercises and questions from the room (not yet open, with no questions); a copy from
    the template gets this seminar's municipality, dates and year."""
    found = _slide_at(source, position)
    slide = found.entry.slide
    slide.item = into
    slide.image = source.pictures.get(found.entry.image, "")  # shared, as a duplicate's
    copied = save_slide(slide=slide)
    seminar = into.day.seminar
    surveys: dict[int, Survey] = {}
    for _index, asked in found.polls:
        if asked.survey is not None and asked.survey not in surveys:
            last = Survey.objects.filter(seminar=seminar).order_by("-order").first()
            surveys[asked.survey] = Survey.objects.create(
                seminar=seminar,
                slide=copied,
                order=(last.order if last else 0) + 1,
                title=source.programme.surveys[asked.survey].survey.title,
            )
    polls = {
        index: _copy_poll(
            entry,
            seminar=seminar,
            onto=copied,
            survey=surveys.get(entry.survey) if entry.survey is not None else None,
        )
        for index, entry in found.polls
    }
    for _index, entry in found.exercises:
        poll = polls.get(entry.poll) if entry.poll is not None else None
        _copy_exercise(entry, seminar=seminar, onto=copied, poll=poll)
    for question_round in found.question_rounds:
        _copy_question_round(question_round, seminar=seminar, onto=copied)
    fill_placeholders(seminar)
    return copied


@transaction.atomic
def copy_poll(*, source: Source, index: int, onto: Slide) -> Poll:
    if not 0 <= index < len(source.programme.polls):
        raise CopyRefused(_("That poll is not in the programme any more."))
    seminar = onto.item.day.seminar
    poll = _copy_poll(source.programme.polls[index], seminar=seminar, onto=onto)
    fill_placeholders(seminar)
    return poll


@transaction.atomic
def copy_exercise(*, source: Source, index: int, onto: Slide) -> Exercise:
    """The exercise without the room's vote it may follow: that poll is taken on its own."""
    if not 0 <= index < len(source.programme.exercises):
        raise CopyRefused(_("That exercise is not in the programme any more."))
    seminar = onto.item.day.seminar
    exercise = _copy_exercise(
        source.programme.exercises[index], seminar=seminar, onto=onto, poll=None
    )
    fill_placeholders(seminar)
    return exercise


def _next_order(model: type[Poll] | type[Exercise] | type[QuestionRound], seminar: Seminar) -> int:
    last = model.objects.filter(seminar=seminar).order_by("-order").first()
    return (last.order if last else 0) + 1


def _copy_poll(
    entry: PollEntry, *, seminar: Seminar, onto: Slide, survey: Survey | None = None
) -> Poll:
    poll = entry.poll
    poll.seminar, poll.slide, poll.order = seminar, onto, _next_order(Poll, seminar)
    poll.survey = survey
    poll.save()
    Choice.objects.bulk_create(
        Choice(poll=poll, order=order, label=choice.label, light=choice.light)
        for order, choice in enumerate(entry.choices, start=1)
    )
    return poll


def _copy_exercise(
    entry: ExerciseEntry, *, seminar: Seminar, onto: Slide, poll: Poll | None
) -> Exercise:
    exercise = entry.exercise
    exercise.seminar, exercise.slide, exercise.poll = seminar, onto, poll
    exercise.order = _next_order(Exercise, seminar)
    exercise.save()
    Question.objects.bulk_create(
        Question(exercise=exercise, order=order, text=text)
        for order, text in enumerate(entry.questions)
    )
    return exercise


def _copy_question_round(
    entry: QuestionRoundEntry, *, seminar: Seminar, onto: Slide
) -> QuestionRound:
    """The round's title and moderation, as a programme file has them: not yet open."""
    question_round = entry.question_round
    question_round.seminar, question_round.slide = seminar, onto
    question_round.order = _next_order(QuestionRound, seminar)
    question_round.save()
    return question_round
