"""The session notes as a plain sequence of blocks (headings, text, lists, tables,
pictures), composed once from the report and then written as Word, PDF or Markdown.

Every writer draws the same blocks, so the three documents say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agenda.models import AgendaItem
from exercises.models import Exercise
from exercises.queries import Board, Sheet
from notes.charts import bar_chart
from notes.report import ExerciseNotes, PollNotes, QuestionsNotes, Report
from polls.models import Poll
from polls.queries import ResultRow
from seminar.models import Participant

HIGHLIGHT = "★"


@dataclass(frozen=True)
class Heading:
    level: int  # 0: the title; 1: a day; 2: an agenda item; 3: a poll or exercise; 4: a group
    text: str


@dataclass(frozen=True)
class Text:
    text: str
    quiet: bool = False  # a note or a prompt, in a lighter style


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Grid:
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Picture:
    name: str  # the file name it gets beside the Markdown
    data: bytes
    width_cm: float
    caption: str = ""


@dataclass(frozen=True)
class Card:
    title: str
    text: str
    picture: Picture | None = None


@dataclass(frozen=True)
class Gallery:
    """Cards side by side, three to a row."""

    cards: list[Card]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Text | Bullets | Grid | Picture | Gallery | PageBreak


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def pictures(self) -> list[Picture]:
        found: list[Picture] = []
        for block in self.blocks:
            if isinstance(block, Picture):
                found.append(block)
            elif isinstance(block, Gallery):
                found += [card.picture for card in block.cards if card.picture is not None]
        return found


def _marked(text: str, highlighted: bool) -> str:
    return f"{HIGHLIGHT} {text}" if highlighted else text


def _dates(report: Report) -> str:
    if report.first_date is None or report.last_date is None:
        return ""
    first = date_format(report.first_date, "j. F Y")
    if report.first_date == report.last_date:
        return first
    return f"{first} – {date_format(report.last_date, 'j. F Y')}"  # noqa: RUF001 (a dash)


def compose(report: Report) -> Document:
    """The notes, in the active language (the caller picks the seminar's)."""
    seminar = report.seminar
    title = _("Session notes: %(title)s") % {"title": seminar.title}
    blocks: list[Block] = [
        Heading(0, title),
        Text(seminar.municipality),
        Text(_dates(report)),
    ]
    if report.facilitators:
        blocks.append(
            Text(_("Facilitators: %(names)s") % {"names": ", ".join(report.facilitators)})
        )
    blocks += [Heading(1, _("In short")), Bullets(_in_short(report))]
    blocks += [
        Text(
            _("Made %(when)s. %(mark)s marks what the facilitator highlighted.")
            % {"when": date_format(report.made_at, "j. F Y H:i"), "mark": HIGHLIGHT},
            quiet=True,
        ),
        # Said once: every time in the notes and the Excel is the room's (notes.report.local_time).
        Text(_("Times are Norwegian time (%(zone)s).") % {"zone": settings.TIME_ZONE}, quiet=True),
        Text(
            _(
                "Votes are anonymous and shown as counts. Contributions the facilitator hid "
                "are left out. A breakdown by side is left out where fewer than five people "
                "on a side answered."
            ),
            quiet=True,
        ),
    ]
    if not report.names_shown:
        blocks.append(
            Text(_("The seminar ran without names: no participant is named."), quiet=True)
        )
    shown = [
        item
        for item in report.items
        if item.exercises
        or item.question_rounds
        or any(notes not in report.evaluation for notes in item.polls)
    ]
    contents = [
        f"{_day_label(item.item)}{item.item.starts_at:%H.%M} {item.item.title}"
        for item in shown
        if item.item is not None
    ]
    if contents:
        blocks += [Heading(1, _("Contents")), Bullets(contents)]
    for survey in report.surveys:
        blocks += [
            PageBreak(),
            Heading(1, survey.survey.title),
            Text(
                ngettext(
                    "A survey: %(finished)s of %(answered)s person who answered it answered "
                    "every question.",
                    "A survey: %(finished)s of %(answered)s people who answered it answered "
                    "every question.",
                    survey.answered,
                )
                % {"finished": survey.finished, "answered": survey.answered},
                quiet=True,
            ),
        ]
        for notes in survey.questions:
            blocks += _poll(notes, level=2)
    if report.evaluation:
        blocks += [PageBreak(), Heading(1, _("The evaluation"))]
        for notes in report.evaluation:
            blocks += _poll(notes, level=2)
    day = None
    for item in shown:  # the evaluation has a section of its own
        polls = [notes for notes in item.polls if notes not in report.evaluation]
        agenda_item = item.item
        if agenda_item is None:
            blocks += [PageBreak(), Heading(1, _("Outside the programme"))]
        else:
            if agenda_item.day_id != day:
                day = agenda_item.day_id
                blocks += [
                    PageBreak(),
                    Heading(
                        1,
                        _("Day %(number)s, %(date)s")
                        % {
                            "number": agenda_item.day.number,
                            "date": date_format(agenda_item.day.date, "l j. F Y"),
                        },
                    ),
                ]
            blocks.append(Heading(2, f"{agenda_item.starts_at:%H.%M} {agenda_item.title}"))
        for notes in polls:
            blocks += _poll(notes, level=3)
        for exercise in item.exercises:
            blocks += _exercise(exercise, names_shown=report.names_shown)
        for questions in item.question_rounds:
            blocks += _questions(questions, names_shown=report.names_shown)
    return Document(title=title, blocks=blocks)


def _day_label(item: AgendaItem) -> str:
    return _("Day %(number)s") % {"number": item.day.number} + ", "


def _in_short(report: Report) -> list[str]:
    elected = report.by_side.get(Participant.Side.ELECTED, 0)
    administration = report.by_side.get(Participant.Side.ADMINISTRATION, 0)
    lines = [
        ngettext(
            "%(count)s participant joined on their phone",
            "%(count)s participants joined on their phones",
            report.participants,
        )
        % {"count": report.participants}
        + ": "
        + _("%(elected)s elected members and %(administration)s from the administration.")
        % {"elected": elected, "administration": administration},
        _(
            "%(votes)s votes in %(polls)s polls; "
            "%(contributions)s contributions in %(exercises)s exercises."
        )
        % {
            "votes": report.votes,
            "polls": len([notes for notes in report.polls if notes.answered]),
            "contributions": report.contributions,
            "exercises": len(report.exercises),
        },
    ]
    asked = [row for notes in report.question_rounds for row in notes.approved]
    if asked:
        lines.append(
            ngettext(
                "%(count)s question from the room, %(answered)s of them answered.",
                "%(count)s questions from the room, %(answered)s of them answered.",
                len(asked),
            )
            % {"count": len(asked), "answered": len([row for row in asked if row.answered])}
        )
    for exercise in report.exercises:
        if exercise.exercise.kind == Exercise.Kind.CONTEST and exercise.board.winners:
            winner = exercise.board.winners[0]
            lines.append(
                _("%(contest)s: %(team)s won with %(height)s cm.")
                % {
                    "contest": exercise.exercise.title,
                    "team": winner.sheet.group.name,
                    "height": floatformat(winner.height_cm, "-1"),
                }
            )
    surveyed = [notes for survey in report.surveys for notes in survey.questions]
    for notes in report.evaluation + surveyed:
        if notes.mean is not None:
            lines.append(
                _("%(question)s Average %(mean)s of %(top)s.")
                % {
                    "question": notes.poll.question,
                    "mean": number_format(notes.mean, decimal_pos=1),
                    "top": notes.poll.scale_max,
                }
            )
    return lines


# Polls -------------------------------------------------------------------------------------


def _poll(notes: PollNotes, *, level: int) -> list[Block]:
    poll = notes.poll
    heading = poll.question
    if poll.series:
        heading = f"{poll.series} {poll.series_part}: {poll.question}".strip()
    blocks: list[Block] = [
        Heading(level, heading),
        Text(
            ngettext("%(count)s answer.", "%(count)s answers.", notes.answered)
            % {"count": notes.answered},
            quiet=True,
        ),
    ]
    if notes.answered == 0:
        return blocks
    if notes.rows and poll.ranked:
        blocks += [
            Picture(
                name=f"poll-{poll.pk}.png",
                data=bar_chart(notes.rows, of_whom=_("Share of the points (%)")),
                width_cm=15,
            ),
            Grid(
                [_("Answer"), _("Points"), _("Ranked by"), _("Share of the points")],
                [
                    [row.label, str(row.points), str(row.count), f"{row.percent} %"]
                    for row in notes.rows
                ],
            ),
            Text(
                _(
                    "Borda points: with %(places)s places, first earns %(places)s, "
                    "the next one less."
                )
                % {"places": poll.max_choices},
                quiet=True,
            ),
        ]
    elif notes.rows:
        blocks.append(
            Picture(
                name=f"poll-{poll.pk}.png",
                data=bar_chart(notes.rows, of_whom=_("Share of those who answered (%)")),
                width_cm=15,
            )
        )
        blocks.append(
            Grid(
                [_("Answer"), _("Votes"), _("Share")],
                [[row.label, str(row.count), f"{row.percent} %"] for row in notes.rows],
            )
        )
    if notes.mean is not None:
        mean = number_format(notes.mean, decimal_pos=1)
        blocks.append(Text(_("Average: %(mean)s") % {"mean": mean}))
    if notes.by_side:
        sides = list(notes.by_side)
        labels = [str(Participant.Side(side).label) for side in sides]
        # By label: a ranking's rows are in each side's own order of points.
        on_side = {side: {row.label: row for row in notes.by_side[side]} for side in sides}
        rows = [
            [row.label, *(_side_figure(on_side[side][row.label], poll) for side in sides)]
            for row in notes.rows
        ]
        blocks += [Text(_("By side:")), Grid([_("Answer"), *labels], rows)]
    elif notes.side_left_out:
        blocks.append(
            Text(
                _("No breakdown by side: fewer than five on one side answered."),
                quiet=True,
            )
        )
    if notes.texts:
        blocks.append(Bullets(_tally(notes.texts)))
    if poll.kind in {Poll.Kind.TRAFFIC_LIGHT} and poll.answer_key:
        blocks += [
            Text(_("Answer key: %(key)s") % {"key": poll.answer_key}),
            Text(poll.answer_key_rules, quiet=True),
        ]
    return blocks


# Exercises ---------------------------------------------------------------------------------


def _exercise(notes: ExerciseNotes, *, names_shown: bool) -> list[Block]:
    exercise, board = notes.exercise, notes.board
    blocks: list[Block] = [Heading(3, exercise.title), Text(exercise.prompt, quiet=True)]
    kind = exercise.kind
    if kind == Exercise.Kind.NOTES:
        blocks += _wall(board)
    elif kind == Exercise.Kind.CARD:
        blocks += _cards(board, names_shown=names_shown)
    elif kind == Exercise.Kind.CONTEST:
        blocks += _leaderboard(board)
    elif kind == Exercise.Kind.DILEMMA:
        blocks.append(
            Grid(
                [_("Group"), _("Verdict"), _("Why")],
                [
                    [
                        sheet.group.name,
                        _verdict(entry.verdict),
                        _marked(entry.text, entry.highlighted),
                    ]
                    for sheet in board.sheets
                    if (entry := sheet.entry) is not None and not entry.hidden
                ],
            )
        )
    elif kind == Exercise.Kind.EXPECTATIONS:
        columns = board.by_side
        blocks.append(
            Grid(
                [heading for heading, _sheets in columns],
                [
                    [
                        "\n".join(
                            f"{sheet.group.name}: "
                            + "; ".join(_marked(c.text, c.highlighted) for c in sheet.visible)
                            for sheet in sheets
                            if sheet.visible
                        )
                        for _heading, sheets in columns
                    ]
                ],
            )
        )
    elif kind == Exercise.Kind.CASE:
        for question in board.questions:
            rows = [
                [sheet.group.name, _marked(answer.text, answer.highlighted)]
                for sheet in board.sheets
                for asked, answer in sheet.answers
                if asked.pk == question.pk and answer is not None and not answer.hidden
            ]
            if rows:
                blocks += [Heading(4, question.text), Grid([_("Group"), _("Answer")], rows)]
    elif kind == Exercise.Kind.SPEECH:
        blocks.append(
            Bullets(
                [
                    sheet.group.name
                    + (f": {sheet.presenter}" if names_shown and sheet.presenter else "")
                    for sheet in board.sheets
                ]
            )
        )
    else:
        for sheet in board.sheets:
            blocks += _sheet(sheet)
    return blocks


def _questions(notes: QuestionsNotes, *, names_shown: bool) -> list[Block]:
    """The approved questions, most upvoted first, with whether each was answered; held
    and hidden ones are left out (the Excel sheet has them, marked)."""
    blocks: list[Block] = [Heading(3, notes.question_round.title)]
    if not notes.approved:
        return [*blocks, Text(_("No question was shown to the room."), quiet=True)]
    header = [_("Question"), _("Upvotes"), _("Answered")]
    if names_shown:
        header.insert(1, _("Asked by"))
    rows = []
    for row in notes.approved:
        cells = [row.text, str(row.upvotes), _("yes") if row.answered else _("no")]
        if names_shown:
            cells.insert(1, row.asked_by)
        rows.append(cells)
    return [*blocks, Grid(header, rows)]


def _tally(texts: list[str]) -> list[str]:
    """Open answers, the same answer once with how many gave it, most given first."""
    counts: dict[str, tuple[str, int]] = {}
    for text in texts:
        key = " ".join(text.casefold().split())
        first, count = counts.get(key, (text.strip(), 0))
        counts[key] = (first, count + 1)
    ranked = sorted(counts.values(), key=lambda pair: -pair[1])
    return [f"{text} ({count})" if count > 1 else text for text, count in ranked]


def _verdict(verdict: str) -> str:
    return _("Green light") if verdict == "green" else _("Red light")


def _sheet(sheet: Sheet) -> list[Block]:
    if not sheet.visible:
        return []
    return [
        Heading(4, sheet.group.name),
        Bullets([_marked(c.text, c.highlighted) for c in sheet.visible]),
    ]


def _wall(board: Board) -> list[Block]:
    blocks: list[Block] = []
    for column in board.wall:
        if not column.notes:
            continue
        if board.themes:
            blocks.append(Heading(4, column.theme.name if column.theme else _("Not sorted yet")))
        blocks.append(Bullets([_marked(note.text, note.highlighted) for note in column.notes]))
    return blocks


def _leaderboard(board: Board) -> list[Block]:
    blocks: list[Block] = [
        Grid(
            [_("Place"), _("Team"), _("Height"), _("Confirmed")],
            [
                [
                    f"{standing.rank}.",
                    standing.sheet.group.name,
                    f"{floatformat(standing.height_cm, '-1')} cm",
                    _("yes") if standing.entry.confirmed else "",
                ]
                for standing in board.leaderboard
            ],
        )
    ]
    towers = [
        Card(
            title=f"{standing.rank}. {standing.sheet.group.name}",
            text=f"{floatformat(standing.height_cm, '-1')} cm",
            picture=Picture(
                name=Path(photo.name).name,
                data=Path(photo.path).read_bytes(),
                width_cm=4.5,
                caption=_("The tower of %(name)s") % {"name": standing.sheet.group.name},
            ),
        )
        for standing in board.leaderboard
        if (photo := standing.entry.photo) and Path(photo.path).is_file()
    ]
    if towers:
        blocks.append(Gallery(towers))
    return blocks


def _cards(board: Board, *, names_shown: bool) -> list[Block]:
    cards: list[Card] = []
    for number, card in enumerate(board.visible_cards, start=1):
        name = card.name if names_shown and card.name else _("Card %(number)s") % {"number": number}
        details = [
            _("Age: %(age)s") % {"age": card.age} if card.age else "",
            _("Lives in %(home)s") % {"home": card.home} if card.home else "",
            card.occupation,
            card.motivation,
        ]
        picture = None
        if card.drawing and Path(card.drawing.path).is_file():
            picture = Picture(
                name=Path(card.drawing.name).name,
                data=Path(card.drawing.path).read_bytes(),
                width_cm=4.5,
                caption=_("A drawing of something I like to do"),
            )
        cards.append(
            Card(
                title=_marked(name, card.highlighted),
                text="\n".join(detail for detail in details if detail),
                picture=picture,
            )
        )
    return [Gallery(cards)] if cards else []


def _side_figure(row: ResultRow, poll: Poll) -> str:
    """One side's figure for a choice: its votes, or a ranking's points."""
    return str(row.points) if poll.ranked else str(row.count)
