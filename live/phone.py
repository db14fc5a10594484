"""A participant's phone page: the shared live screen, plus this phone's own answers."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from exercises.models import Exercise
from exercises.queries import Board, my_part
from live.audiences import phone_audience, socket_path
from live.models import LiveState
from live.screens import current_screen, room_state, screen_context
from polls.models import Choice, Poll, Survey
from polls.queries import Ticked, VoteDraft, finished_survey, my_answer, my_survey_answers, ticked
from seminar.models import Group, Participant, Seminar
from seminar.prepared import SAMPLE_ID, PreparedQuery


def chosen_language(cookies: Mapping[str, str]) -> str:
    """The language the phone chose, or "" if it has chosen none."""
    chosen = str(cookies.get(settings.LANGUAGE_COOKIE_NAME, ""))
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else ""


def speak_seminar_language(request: HttpRequest, seminar: Seminar) -> None:
    """A phone that has not chosen a language meets the seminar in the seminar's own."""
    if not chosen_language(request.COOKIES):
        translation.activate(seminar.language)
        request.LANGUAGE_CODE = seminar.language


def phone_page(
    request: HttpRequest,
    seminar: Seminar,
    participant: Participant,
    *,
    poll_id: int | None = None,
    draft: VoteDraft | None = None,
    vote_error: str = "",
    exercise_id: int | None = None,
    entry: dict[str, object] | None = None,
    survey_id: int | None = None,
    survey_sent: dict[int, VoteDraft] | None = None,
    survey_error: str = "",
    survey_errors: dict[int, str] | None = None,
) -> HttpResponse:
    """The phone's page. After a refused vote (`poll_id`, `draft`, `vote_error`) it shows that
    poll with what the phone sent and why it was refused, whatever is on screen now; after a
    refused contribution (`exercise_id`, `entry`: the error and what was sent) likewise."""
    shown_by_all = poll_id is None and exercise_id is None and survey_id is None
    if shown_by_all:
        rows = _SHOWN.run(seminar_id=seminar.pk)
        if not rows:
            raise LiveState.DoesNotExist(f"seminar {seminar.pk} has no live state")
        revision, shown_poll, shown_exercise, shown_survey, kind, revealed = rows[0]
        if shown_exercise is None and shown_survey is None:
            if shown_poll is None:
                # Nothing on screen is this phone's own: the shared, cached screen will
                # do, and the room's state need not be loaded.
                return _cached_phone_page(request, seminar, participant, revision, ())
            if not revealed and kind != Poll.Kind.OPEN_TEXT:
                # The same page for everyone who ticked the same (counts come with the reveal).
                answer = ticked(poll_id=shown_poll, participant_id=participant.pk)
                return _cached_phone_page(request, seminar, participant, revision, answer)
    live = room_state(seminar.pk)
    if poll_id is not None:
        live.poll = Poll.objects.filter(pk=poll_id, seminar=seminar).first()
        live.exercise = None
    if exercise_id is not None:
        live.exercise = Exercise.objects.filter(pk=exercise_id, seminar=seminar).first()
        live.poll = None
    if survey_id is not None:
        live.survey = Survey.objects.filter(pk=survey_id, seminar=seminar).first()
        live.poll, live.exercise = None, None
    screen: dict[str, object]
    if live.survey is not None:
        room = screen_context(live, oob=False)
        screen = room | survey_phone_context(
            room, participant, sent=survey_sent, error=survey_error, errors=survey_errors
        )
    elif live.poll is None and live.exercise is None:
        # Nothing of this phone's own after all (the poll asked for is gone, or the
        # screen changed since the query above): the shared screen serves.
        _revision, html = current_screen(
            seminar.pk, phone_audience(request.LANGUAGE_CODE), revision=live.revision
        )
        return _render_phone_page(request, seminar, participant, live.revision, html)
    elif live.exercise is not None:
        room = screen_context(live, oob=False)
        screen = room | exercise_context(room, participant) | (entry or {})
    else:
        assert live.poll is not None
        # A phone shows a poll's results only once they are revealed (poll.html#phone_poll).
        room = screen_context(live, oob=False, counted=live.poll.revealed)
        mine = my_answer(live.poll, participant)
        choices = cast(list[Choice], room["choices"])  # loaded with the room's screen
        screen = room | mine.context(live.poll, choices) | {"vote_error": vote_error}
        if draft is not None:
            screen["draft"] = draft
    error = vote_error or survey_error or (entry or {}).get("entry_error")
    return _render_phone_page(
        request, seminar, participant, live.revision, screen, status=400 if error else 200
    )


# What is on screen, asked by every phone's page (prepared: seminar/prepared.py).
_SHOWN = PreparedQuery(
    lambda *, seminar_id: LiveState.objects.filter(seminar_id=seminar_id).values_list(
        "revision", "poll_id", "exercise_id", "survey_id", "poll__kind", "poll__revealed"
    ),
    seminar_id=SAMPLE_ID,
)


def _render_phone_page(
    request: HttpRequest,
    seminar: Seminar,
    participant: Participant,
    revision: int,
    screen: dict[str, object] | str,
    *,
    status: int = 200,
) -> HttpResponse:
    """The page around the phone's screen: `screen` is the shared screen's HTML, or the
    context of this phone's own."""
    html = _page_html(request, seminar, participant, revision, screen, me=me_line(participant))
    return HttpResponse(html, status=status)


def _page_html(
    request: HttpRequest,
    seminar: Seminar,
    participant: Participant,
    revision: int,
    screen: dict[str, object] | str,
    *,
    me: str,
    csrf: dict[str, str] | None = None,
) -> str:
    if isinstance(screen, str):
        screen = {"screen_html": screen}
    context = (
        screen
        | (csrf or {})
        | {
            "seminar": seminar,
            "participant": participant,
            "me_line": me,
            "ws_url": socket_path("phone", seminar.join_code, revision),
            "clock_url": reverse("seminar:clock"),
            "screen_url": reverse("seminar:phone_screen", args=[seminar.join_code]),
        }
    )
    return render_to_string("seminar/phone.html", context, request=request)


def me_line(participant: Participant) -> str:
    """Who the phone is, at the top of its page: its groups (but the sides), its side,
    its nickname. One query."""
    names = [name for (name,) in _GROUP_NAMES.run(participant_id=participant.pk)]
    nickname = [participant.nickname] if participant.nickname else []
    return " · ".join([*names, participant.get_side_display(), *nickname])


_GROUP_NAMES = PreparedQuery(
    lambda *, participant_id: (
        Group.objects.filter(memberships__participant_id=participant_id)
        .exclude(kind=Group.Kind.SIDE)
        .values_list("name")
    ),
    participant_id=SAMPLE_ID,
)


# A hall opening its page at once: the page is rendered once for everyone who sees the
# same (the seminar at this revision, in this language, from this side, with the same
# answer ticked) and cached with markers where each phone's own bits go, its CSRF token
# and the line saying who it is. Letters and dashes only, so escaping leaves them be.
CSRF_MARKER = "plenum-csrf-token-of-this-phone"
ME_MARKER = "plenum-me-line-of-this-phone"
PAGE_CACHE_SECONDS = 10 * 60


def _cached_phone_page(
    request: HttpRequest,
    seminar: Seminar,
    participant: Participant,
    revision: int,
    answer: Ticked | tuple[()],
) -> HttpResponse:
    """The phone's page with a slide (`answer` is ()) or an unrevealed poll with choices
    or a scale on screen, from the cache: the queries are this phone's answer and its
    groups; a miss renders it once."""
    language = request.LANGUAGE_CODE
    shown = (seminar.municipality, seminar.title, seminar.join_code, participant.side, answer)
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=12).hexdigest()
    # The latest page of each kind, with its revision (as the screens: live/screens.py).
    key = f"plenum:phone-page:{seminar.pk}:{language}:{digest}"
    cached = cache.get(key)
    page = cached[1] if cached is not None and cached[0] == revision else None
    if page is None:
        if isinstance(answer, Ticked):
            live = room_state(seminar.pk)
            if live.revision != revision or live.poll is None:
                return phone_page(request, seminar, participant)  # the room moved on: again
            room = screen_context(live, oob=False, counted=False)
            choices = cast(list[Choice], room["choices"])
            screen: dict[str, object] | str = room | answer.context(live.poll, choices)
        else:
            _revision, screen = current_screen(
                seminar.pk, phone_audience(language), revision=revision
            )
        page = _page_html(
            request,
            seminar,
            participant,
            revision,
            screen,
            me=ME_MARKER,
            csrf={"csrf_token": CSRF_MARKER},
        )
        cache.set(key, (revision, page), PAGE_CACHE_SECONDS)
    own = page.replace(CSRF_MARKER, get_token(request)).replace(
        ME_MARKER, escape(me_line(participant))
    )
    return HttpResponse(own)


def exercise_context(room: dict[str, object], participant: Participant) -> dict[str, object]:
    """This phone's part of the exercise on screen: its group's sheet, or its own notes."""
    board = room["board"]
    assert isinstance(board, Board)
    mine = my_part(board.exercise, participant)
    sheet = None
    if mine.group is not None:
        sheet = next((s for s in board.sheets if s.group.pk == mine.group.pk), None)
    return {"mine": mine, "sheet": sheet}


def survey_phone_context(
    room: dict[str, object],
    participant: Participant,
    *,
    sent: dict[int, VoteDraft] | None = None,
    error: str = "",
    errors: dict[int, str] | None = None,
) -> dict[str, object]:
    """This phone's answers to the survey on screen, for its own form."""
    questions = cast(list[Poll], room["questions"])
    answers = my_survey_answers(questions, participant, sent=sent, errors=errors)
    return {
        "my_answers": answers,
        "survey_finished": finished_survey(answers),
        "survey_error": error,
        "own_form": True,
    }
