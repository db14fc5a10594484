"""A participant's phone page: the shared live screen, plus this phone's own answers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from polls.queries import my_answer
from seminar.groups import phone_audience
from seminar.models import Participant, Seminar
from seminar.participants import COOKIE_NAME, participant_id_from_cookie
from seminar.screens import current_screen, room_state, screen_context


def joined_participant(request: HttpRequest, seminar: Seminar) -> Participant | None:
    """The participant this phone joined the seminar as, or None."""
    participant_id = participant_id_from_cookie(
        request.COOKIES.get(COOKIE_NAME), seminar_id=seminar.pk
    )
    if participant_id is None:
        return None
    return seminar.participants.filter(pk=participant_id).select_related("group").first()


def phone_page(
    request: HttpRequest,
    seminar: Seminar,
    participant: Participant,
    *,
    vote_error: str = "",
    status: int = 200,
) -> HttpResponse:
    live = room_state(seminar.pk)
    if live.poll is None:
        # Nothing on screen is this phone's own: the shared, cached screen will do.
        _revision, html = current_screen(
            seminar.pk, phone_audience(request.LANGUAGE_CODE), revision=live.revision
        )
        screen: dict[str, object] = {"screen_html": html}
    else:
        mine = my_answer(live.poll, participant)
        screen = screen_context(live, oob=False) | {
            "my_ballot": mine.ballot,
            "my_choice_ids": mine.choice_ids,
            "my_answer": mine.text,
            "vote_error": vote_error,
        }
    context = screen | {
        "seminar": seminar,
        "participant": participant,
        "ws_url": f"/ws/live/phone/{seminar.join_code}/?revision={live.revision}",
        "clock_url": reverse("seminar:clock"),
        "screen_url": reverse("seminar:phone_screen", args=[seminar.join_code]),
    }
    return render(request, "seminar/phone.html", context, status=status)
