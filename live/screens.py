"""What each audience sees, rendered once per change.

After a change, `live.broadcast.publish` fetches the live state in a fixed number of
queries, renders the room's fragments (`render_room_screens`: the projector's, the
phones' once per language, each group's sheet) and then the console's
(`render_console_screen`). `render_results` renders what votes change. The finished HTML
is cached by (seminar, revision, audience): a socket that connects, or a page that is
loaded, gets it from the cache (`current_screens`), and only a miss renders everything
again (`render_screens`). The same text is written to every socket of an audience.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from agenda.models import AgendaItem, Slide
from agenda.queries import slides_in_show_order
from exercises.models import Exercise
from exercises.queries import Board, exercise_board
from live.audiences import CONSOLE, PROJECTOR, ScreensMessage, group_audience, phone_audience
from live.models import LiveState
from live.schedule import schedule
from polls.models import Poll, Survey
from polls.queries import poll_results, survey_progress, survey_questions, survey_results
from questions.models import QuestionRound
from questions.queries import question_board
from seminar.join_links import join_url, qr_svg
from seminar.lan import server_join_address
from seminar.models import Participant
from seminar.prepared import SAMPLE_ID, PreparedModels

SCREEN_CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class SlideRef:
    id: int
    title: str
    item_id: int


@dataclass(frozen=True)
class Snapshot:
    live: LiveState
    slides: list[SlideRef]
    items: list[AgendaItem]
    next_slide: Slide | None
    participants: int
    slide_polls: list[Poll]
    slide_exercises: list[Exercise]
    slide_surveys: list[Survey]
    slide_question_rounds: list[QuestionRound]
    waiting: list[Participant]
    # Read before the state: see results_version.
    results_version: int

    @property
    def position(self) -> int:
        ids = [ref.id for ref in self.slides]
        return ids.index(self.live.slide_id) + 1 if self.live.slide_id in ids else 0

    @property
    def current_item_id(self) -> int | None:
        return self.live.slide.item_id if self.live.slide else None

    @property
    def item_slides(self) -> list[SlideRef]:
        return [ref for ref in self.slides if ref.item_id == self.current_item_id]


def slide_sequence(seminar_id: int) -> list[SlideRef]:
    """Every slide of the seminar in show order: ids and titles only."""
    rows = slides_in_show_order(seminar_id).values_list("id", "title", "item_id")
    return [SlideRef(id=row[0], title=row[1], item_id=row[2]) for row in rows]


def room_state(seminar_id: int) -> LiveState:
    """The live state with what the projector and the phones show: one query (and the
    poll's results in three more while a poll is on screen, the questions from the room
    in one). Prepared (seminar/prepared.py):
    every change, every results update and every phone's own page asks it, and its ten
    joins took the ORM 2-3 ms to build each time on the bench machine."""
    found = _ROOM.instances(seminar_id=seminar_id)
    if not found:
        raise LiveState.DoesNotExist(f"seminar {seminar_id} has no live state")
    live: LiveState = found[0]
    return live


_ROOM = PreparedModels(
    lambda *, seminar_id: LiveState.objects.select_related(
        "seminar",
        "slide",
        "slide__item",
        "poll",
        "exercise",
        "exercise__poll",
        "survey",
        "question_round",
        "timer_poll",
        "timer_exercise",
        "timer_item",
    ).filter(seminar_id=seminar_id),
    seminar_id=SAMPLE_ID,
)


def console_snapshot(live: LiveState, *, results_version: int) -> Snapshot:
    """What the console shows besides the room's screen: six more queries, and one for
    the phones waiting to be let in while admission is closed. `results_version` is the
    one read before `live` was."""
    slides = slide_sequence(live.seminar_id)
    items = list(
        AgendaItem.objects.filter(day__seminar_id=live.seminar_id)
        .select_related("day")
        .order_by("day__number", "order")
    )
    ids = [ref.id for ref in slides]
    next_id = None
    if live.slide_id in ids:
        index = ids.index(live.slide_id)
        next_id = ids[index + 1] if index + 1 < len(ids) else None
    next_slide = Slide.objects.filter(pk=next_id).first() if next_id else None
    participants = joined_count(live.seminar_id)
    polls = (
        list(Poll.objects.filter(slide_id=live.slide_id).select_related("survey").order_by("order"))
        if live.slide_id
        else []
    )
    # A survey's questions are asked together, through the survey: it is listed instead.
    slide_polls = [poll for poll in polls if poll.survey is None]
    slide_surveys = list({poll.survey.pk: poll.survey for poll in polls if poll.survey}.values())
    slide_exercises = (
        list(Exercise.objects.filter(slide_id=live.slide_id).order_by("order"))
        if live.slide_id
        else []
    )
    slide_question_rounds = (
        list(QuestionRound.objects.filter(slide_id=live.slide_id).order_by("order", "pk"))
        if live.slide_id
        else []
    )
    # Phones wait only while admission is closed: opening it lets them all in.
    waiting = (
        list(
            Participant.objects.filter(
                seminar_id=live.seminar_id, admission=Participant.Admission.WAITING
            ).order_by("joined_at", "pk")
        )
        if live.seminar.admission_closed
        else []
    )
    return Snapshot(
        live=live,
        waiting=waiting,
        slides=slides,
        items=items,
        next_slide=next_slide,
        participants=participants,
        slide_polls=slide_polls,
        slide_exercises=slide_exercises,
        slide_surveys=slide_surveys,
        slide_question_rounds=slide_question_rounds,
        results_version=results_version,
    )


def live_snapshot(seminar_id: int) -> Snapshot:
    version = results_version(seminar_id)
    return console_snapshot(room_state(seminar_id), results_version=version)


def screen_context(live: LiveState, *, oob: bool = True, counted: bool = True) -> dict[str, object]:
    """What the room's screens are rendered from. `counted=False` leaves out the poll's
    results (three queries), for a phone's own page before they are revealed."""
    address = server_join_address(chosen=live.join_host)
    url = join_url(live.seminar, address.base_url)
    poll = live.poll
    exercise = live.exercise
    question_round = live.question_round
    return survey_context(live.survey) | {
        "question_round": question_round,
        "question_board": (
            question_board(question_round, nicknames=live.seminar.allow_nicknames)
            if question_round is not None
            else None
        ),
        # The console's forms add a question's id: one reverse, not one per question.
        "moderate_url": (
            reverse("questions:moderate", args=[live.seminar.slug, 1]).removesuffix("1/")
            if question_round is not None
            else ""
        ),
        "live": live,
        "seminar": live.seminar,
        "slide": live.slide,
        "poll": poll,
        "exercise": exercise,
        "board": exercise_board(exercise) if exercise is not None else None,
        "results": poll_results(poll) if poll is not None and counted else None,
        "choices": list(poll.choices.all()) if poll is not None and poll.has_choices else [],
        "oob": oob,
        "timer_left": live.timer_remaining_at(timezone.now()),
        "join_url": url,
        "join_qr": qr_svg(url),
        "join_address": address,
        "join_base_url": address.base_url,
    }


def survey_context(survey: Survey | None) -> dict[str, object]:
    """The survey on screen: its questions, how many have finished, and each question's
    results (the console always sees them; the room once they are shown)."""
    if survey is None:
        return {"survey": None}
    questions = survey_questions(survey)
    progress = survey_progress(survey, questions)
    return {
        "survey": survey,
        "questions": questions,
        "progress": progress,
        "question_results": survey_results(questions, progress.joined),
    }


def console_context(
    snapshot: Snapshot, *, oob: bool = True, room: dict[str, object] | None = None
) -> dict[str, object]:
    """The console's context: the room's (pass it in when it is already made) and more."""
    return (room or screen_context(snapshot.live, oob=oob)) | {
        "snapshot": snapshot,
        "results_version": snapshot.results_version,
        "joined": snapshot.participants,
        "schedule": schedule(snapshot.items, snapshot.current_item_id, timezone.now()),
    }


def render_room_screens(live: LiveState, context: dict[str, object]) -> dict[str, str]:
    """The projector's screen and the phones' (one per language), then each group's sheet
    for its phones while a group exercise is on screen."""
    with translation.override(live.seminar.language):
        projector = render_to_string("seminar/live.html#projector_screen", context)
    return {PROJECTOR: projector} | render_phone_screens(context) | render_group_sheets(context)


def render_phone_screens(context: dict[str, object]) -> dict[str, str]:
    """The phones' screen, once per language."""
    screens: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            screens[phone_audience(language)] = render_to_string(
                "seminar/live.html#phone_screen", context
            )
    return screens


def render_group_sheets(context: dict[str, object]) -> dict[str, str]:
    """Each group's sheet with its form, once per group and language: what the group's
    phones share while the exercise is on screen."""
    board = context.get("board")
    if not isinstance(board, Board) or not board.sheets:
        return {}
    sheets: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for sheet in board.sheets:
                sheets[group_audience(sheet.group.pk, language)] = render_to_string(
                    "exercises/exercise.html#group_work", context | {"sheet": sheet, "oob": True}
                )
    return sheets


def render_console_screen(snapshot: Snapshot, room: dict[str, object]) -> dict[str, str]:
    """The console's screen, cached by its revision and the results version read before
    it (render_console)."""
    context = console_context(snapshot, room=room)
    with translation.override(snapshot.live.seminar.language):
        html = render_to_string("seminar/live.html#console_screen", context)
    live = snapshot.live
    cache.set(
        console_key(live.seminar_id),
        (live.revision, snapshot.results_version, html),
        SCREEN_CACHE_SECONDS,
    )
    return {CONSOLE: html}


def screens_message(live: LiveState, screens: dict[str, str]) -> ScreensMessage:
    """Cache rendered screens for reconnecting clients and wrap them for the layer. The
    console's is cached apart, by revision and results version (render_console_screen)."""
    cache.set_many(
        {
            screen_key(live.seminar_id, audience): (live.revision, html)
            for audience, html in screens.items()
            if audience != CONSOLE
        },
        SCREEN_CACHE_SECONDS,
    )
    return {
        "type": "live.screens",
        "seminar": live.seminar_id,
        "revision": live.revision,
        "screens": screens,
    }


def render_results(seminar_id: int, *, phones: bool = True, console: bool = True) -> ScreensMessage:
    """After votes or contributions: the projector's whole screen (small), the console's
    panel, each group's sheet during an exercise, and the phones' screens once a poll's
    results are revealed to the room, or while questions from the room are on screen
    (their list every phone shares). `phones=False` leaves that list out, `console=False`
    the console's panel, and the message says so, for the hub to send them later."""
    version = results_version(seminar_id)
    live = room_state(seminar_id)
    context = screen_context(live) | {"results_version": version}
    with translation.override(live.seminar.language):
        projector = render_to_string("seminar/live.html#projector_screen", context)
        panel = (
            render_to_string(
                "exercises/exercise.html#console_exercise"
                if live.exercise is not None
                else "polls/survey.html#console_survey"
                if live.survey is not None
                else "questions/questions.html#console_questions"
                if live.question_round is not None
                else "polls/poll.html#console_poll",
                context,
            )
            if console
            else ""
        )
    screens: dict[str, str] = {PROJECTOR: projector}
    phones_left_out = live.question_round is not None and not phones
    if not phones_left_out and (
        (live.poll is not None and live.poll.revealed)
        or (live.survey is not None and live.survey.results_shown)
        or live.question_round is not None  # every phone sees the room's questions
    ):
        screens |= render_phone_screens(context)
    screens |= render_group_sheets(context)
    message = screens_message(live, screens)
    if console:
        message["screens"][CONSOLE] = panel
    else:
        message["console_left_out"] = True
    message["results_version"] = version
    if phones_left_out:
        message["phones_left_out"] = True
    return message


def results_version_key(seminar_id: int) -> str:
    return f"plenum:results-version:{seminar_id}"


def results_version(seminar_id: int) -> int:
    """A number that grows with every change stored within a revision (votes, notes,
    groups, a phone waiting: count_change). Read before the state a screen is rendered from, it
    tells which of two screens of one revision is the newer: the console's panels carry
    it, and the browser keeps the newest it has seen (live.js), whichever road each
    came by."""
    return int(cache.get(_results_counter(seminar_id), 0))


def count_change(seminar_id: int) -> None:
    """Number a change to votes, notes, groups or the phones waiting, in the cache that
    every server process shares (see results_version)."""
    cache.incr(_results_counter(seminar_id))


def _results_counter(seminar_id: int) -> str:
    """The counter's key, the counter started if the cache holds none."""
    key = results_version_key(seminar_id)
    cache.add(key, results_version_start(), timeout=None)
    return key


def results_version_start() -> int:
    """Where the count starts when the cache holds none (a new seminar, Redis restarted):
    the time in microseconds, so a count begun again is still above any shown before it
    (no seminar stores a vote a microsecond)."""
    return time.time_ns() // 1000


def render_screens(seminar_id: int) -> ScreensMessage:
    version = results_version(seminar_id)
    live = room_state(seminar_id)
    room = screen_context(live)
    snapshot = console_snapshot(live, results_version=version)
    screens = render_room_screens(live, room) | render_console_screen(snapshot, room)
    return screens_message(live, screens)


def render_console(seminar_id: int) -> str:
    """The console's screen as it is now: one small query when it was rendered for this
    revision and results version (a "next" is answered with what its broadcast just
    rendered), else rendered. Not by revision alone: sorting notes, moving groups, counting
    votes and a phone waiting to be let in change it without a new revision, and each of
    them counts a change (count_change) before the console is answered or told."""
    version = results_version(seminar_id)
    revision = (
        LiveState.objects.filter(seminar_id=seminar_id).values_list("revision", flat=True).get()
    )
    cached = cache.get(console_key(seminar_id))
    if cached is not None and cached[:2] == (revision, version):
        return str(cached[2])
    snapshot = console_snapshot(room_state(seminar_id), results_version=version)
    return render_console_screen(snapshot, screen_context(snapshot.live))[CONSOLE]


# The cache holds each audience's latest screen with the revision it shows, not one
# screen a revision: a day of slides and a wall of notes redrawn for every note filled the
# local cache with old copies (make soak, BENCHMARKS.md). A reader asks for a revision
# and takes the screen only if it is that one; a slower process writing an older one
# over it costs a render, never a stale screen.
def console_key(seminar_id: int) -> str:
    """The console's latest screen: (revision, results version, html)."""
    return f"plenum:console:{seminar_id}"


def screen_key(seminar_id: int, audience: str) -> str:
    """An audience's latest screen: (revision, html)."""
    return f"plenum:screen:{seminar_id}:{audience}"


def current_screen(
    seminar_id: int, audience: str, *, revision: int | None = None
) -> tuple[int, str]:
    """The latest revision and its HTML for one audience: one small query (none when the
    caller knows the revision), and a render only when nobody has rendered it yet. Not for
    the console (render_console)."""
    revision, (html,) = current_screens(seminar_id, [audience], revision=revision)
    return revision, html


def cached_screens(seminar_id: int, revision: int, audiences: list[str]) -> list[str] | None:
    """These audiences' screens of this revision if the cache holds every one, else None.
    No database: the cache is this process's memory or Redis."""
    keys = [screen_key(seminar_id, audience) for audience in audiences]
    cached = cache.get_many(keys)
    shown = [cached.get(key) for key in keys]
    if any(screen is None or screen[0] != revision for screen in shown):
        return None
    return [screen[1] for screen in shown if screen is not None]


def current_screens(
    seminar_id: int, audiences: list[str], *, revision: int | None = None
) -> tuple[int, list[str]]:
    """As current_screen, for several audiences at once (a phone and its groups); an
    audience with nothing to show (a group not in the exercise on screen) gets ""."""
    if revision is None:
        revision = (
            LiveState.objects.filter(seminar_id=seminar_id).values_list("revision", flat=True).get()
        )
    cached = cached_screens(seminar_id, revision, audiences)
    if cached is not None:
        return revision, cached
    message = render_screens(seminar_id)
    # Cache the empty answers too: a reconnecting table must not render everything again.
    missing = {
        screen_key(seminar_id, audience): (message["revision"], "")
        for audience in audiences
        if audience not in message["screens"]
    }
    cache.set_many(missing, SCREEN_CACHE_SECONDS)
    return message["revision"], [message["screens"].get(audience, "") for audience in audiences]


def joined_count(seminar_id: int) -> int:
    return Participant.objects.filter(
        seminar_id=seminar_id, admission=Participant.Admission.ADMITTED
    ).count()


def render_presence(*, joined: int, phones_connected: int) -> str:
    return render_to_string(
        "seminar/live.html#presence",
        {"joined": joined, "phones_connected": phones_connected, "oob": True},
    )
