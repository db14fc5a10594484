"""Websocket consumers: check access on connect, relay what the hub sends, and take a
phone's votes and notes.

No consumer touches the database on broadcast; the HTML arrives finished.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from exercises.services import Entry
from live.audiences import CONSOLE, Role, audience_for, group_audience, participant_audience
from live.contributions import contribute_over_socket
from live.hub import get_hub
from live.phone import chosen_language
from live.phone_messages import NoteMessage, QuestionMessage, VoteMessage, parse_phone_message
from live.question_actions import QuestionSubmission, question_answer, question_batcher
from live.screens import cached_screens, current_screens, render_console
from live.votes import VoteSubmission, vote_answer, vote_batcher
from polls.queries import VoteDraft
from questions.services import PhoneAction
from seminar.models import Participant, Seminar
from seminar.participants import COOKIE_NAME, ids_from_cookie
from seminar.prepared import SAMPLE_ID, SAMPLE_OTHER_ID, PreparedQuery, sample_text
from seminar.queries import seminars_for_facilitator
from seminar.remote import remote_scope

FORBIDDEN = 4403

logger = logging.getLogger(__name__)


def _language(scope: dict[str, Any], seminar_language: str) -> str:
    """The phone's chosen language, else the seminar's (as on the phone's pages)."""
    return chosen_language(scope.get("cookies", {})) or seminar_language


@dataclass(frozen=True)
class Access:
    seminar_id: int
    language: str  # the seminar's
    participant_id: int | None = None
    group_ids: tuple[int, ...] = ()


# A hall reconnecting at once asks this a thousand times (prepared: seminar/prepared.py).
_PHONE_ACCESS = PreparedQuery(
    lambda *, participant_id, seminar_id, code: Participant.objects.filter(
        pk=participant_id,
        seminar_id=seminar_id,
        seminar__join_code=code,
        admission=Participant.Admission.ADMITTED,
    ).values_list("seminar__language", "memberships__group_id"),
    participant_id=SAMPLE_ID,
    seminar_id=SAMPLE_OTHER_ID,
    code=sample_text("code"),
)


@database_sync_to_async  # type: ignore[untyped-decorator]
def _access(role: Role, key: str, scope: dict[str, Any]) -> Access | None:
    """The seminar this socket may watch, with its language, or None; for a phone, also
    who it is and its groups. One to three queries."""
    if role == "projector":
        found = Seminar.objects.filter(projector_token=key).values_list("pk", "language").first()
        return Access(*found) if found else None
    if role == "console":
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        seminars = seminars_for_facilitator(user).filter(slug=key)
        remote = remote_scope(scope.get("session"))
        if remote is not None:  # a phone signed in by the remote link: its seminar only
            seminars = seminars.filter(pk=remote["seminar"])
        found = seminars.values_list("pk", "language").first()
        return Access(*found) if found else None
    ids = ids_from_cookie(scope.get("cookies", {}).get(COOKIE_NAME))
    if ids is None:
        return None
    seminar_id, participant_id = ids
    memberships = _PHONE_ACCESS.run(participant_id=participant_id, seminar_id=seminar_id, code=key)
    if not memberships:
        return None
    language = memberships[0][0]
    groups = tuple(group_id for _language, group_id in memberships if group_id is not None)
    return Access(seminar_id, language, participant_id, groups)


class LiveConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]  # channels ships no types
    """One screen's socket. Projectors and consoles only listen; a phone may also vote.

    A phone sends one JSON text frame per vote:

        {"type": "vote", "poll": <int>, "choices": [<int>, ...], "value": <int or null>,
         "text": "<str>", "client_id": "<uuid>"}

    "choices" are the ticked choices' ids (at most 50), "value" a scale's number, "text" an
    open answer (up to 1120 characters are read; the rule allows 280); "client_id" is made
    on the phone per form, so a resend is stored once and answered again. The vote goes
    through the process's VoteBatcher as a posted one does, for the participant this
    socket was let in as, and is stored before the answer is sent, to this socket only:
    polls/poll.html#vote_form, whose outer element id="vote-<poll>" live.js swaps in by
    id. A stored vote's answer holds class="vote__confirmation"; a refusal
    (the poll closed, too many choices, a text too long) holds class="vote__error"
    (role=alert), in the phone's language, with what it sent still chosen or written. A
    message that is too big, not JSON or not in this format is ignored.

    A contribution to an exercise (a note, a line, a case answer, a verdict, a height; a
    photo only by HTTP) is one frame too, with the contribute form's fields:

        {"type": "note", "exercise": <int>, "text": "<str>", "client_id": "<uuid>",
         "question": <int or null>, "verdict": "<str>", "height": "<str>", "seen": "<str>"}

    "question" is a case's question, "verdict" a dilemma's light, "height" a contest's
    number as typed, "seen" the version of the group's answer the form showed (each of the
    last three at most 40 characters; all four may be left out). It is stored as a posted
    one (exercises.services.contribute: once per client id) and answered with the same
    fragments: exercises/exercise.html#entry_form (id = the form's id) and, for notes, the
    phone's own list (id="mine-<exercise>").

    A question from the room, an upvote given or taken back, a question withdrawn:

        {"type": "question", "round": <int>, "action": "ask" | "upvote" | "unvote" |
         "withdraw", "question": <int or null>, "text": "<str>", "client_id": "<uuid>"}

    "question" names the question upvoted or withdrawn (left out for "ask"), "text" the
    question asked (up to 1120 characters are read; the rule allows 280). It goes through
    the process's question batcher (live.question_actions) and is answered with the
    phone's own part of the round, questions/questions.html#my_questions
    (id="questions-mine-<round>", its data-answers naming this client id), and after
    "ask" the form again (id="ask-<round>"), a refusal in it with what was written.
    """

    # No layer channel per socket: the hub feeds every socket of this process, and a
    # channel each would cost a queue (in memory) or a subscription (Redis) per phone.
    channel_layer_alias = "no layer for sockets"
    seminar_id: int | None = None
    audience: str = ""  # what the socket is: a projector, a console, a phone in a language
    audiences: list[str]  # that, and for a phone its groups and itself
    participant_id: int | None = None  # a phone's: who its votes and notes are from
    language: str = ""

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels' own, without its `aclose_old_connections()` before every message: a
        thread hop each, a sixth of a vote's CPU in a hall voting at once (BENCHMARKS.md).
        What this consumer asks of the database goes through `database_sync_to_async` or
        the database workers, which check their connections themselves."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        role: Role = kwargs["role"]
        access = await _access(role, kwargs["key"], self.scope)
        if access is None:
            await self.close(code=FORBIDDEN)
            return
        self.seminar_id = access.seminar_id
        self.participant_id = access.participant_id
        self.language = language = _language(self.scope, access.language)
        self.audience = audience_for(role, language)
        shown = [
            self.audience,
            *(group_audience(group_id, language) for group_id in access.group_ids),
        ]
        self.audiences = shown
        if access.participant_id is not None:
            self.audiences = [*shown, participant_audience(access.participant_id)]
        await self.accept()
        hub = get_hub()
        await hub.join(self.seminar_id, self.audiences, self)
        if self.audience == CONSOLE:
            # Always sent: the console changes without a new revision (see render_console).
            await self.send(text_data=await database_sync_to_async(render_console)(self.seminar_id))
            return
        # A hall reconnecting at once: after the first socket, the revision is known here and
        # the screens come from the cache, with no query and no thread.
        known = hub.known_revision(self.seminar_id)
        in_cache = None if known is None else cached_screens(self.seminar_id, known, shown)
        if known is not None and in_cache is not None:
            revision, screens = known, in_cache
        else:
            revision, screens = await database_sync_to_async(current_screens)(
                self.seminar_id, shown
            )
            hub.saw_revision(self.seminar_id, revision)
        # A client that already shows this revision (it came with the page) needs nothing
        # but its group's sheet, which changes without a new revision.
        main, *sheets = screens
        if str(revision) != self._client_revision():
            await self.send(text_data=main)
        for html in sheets:
            if html:
                await self.send(text_data=html)

    def _client_revision(self) -> str:
        query = parse_qs(bytes(self.scope.get("query_string", b"")).decode())
        return query.get("revision", [""])[0]

    async def relay(self, event: dict[str, Any]) -> None:
        # Straight to the server's send: the hub writes the same event to every socket of
        # an audience, and the consumer's own send would build it again for each.
        await self.base_send(event)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.participant_id is None:  # projectors and consoles only listen
            return
        message = parse_phone_message(text_data)
        if isinstance(message, VoteMessage):
            await self._vote(message)
        elif isinstance(message, NoteMessage):
            await self._note(message)
        elif isinstance(message, QuestionMessage):
            await self._question(message)

    async def _vote(self, message: VoteMessage) -> None:
        submission = VoteSubmission(
            poll_id=message.poll_id,
            draft=VoteDraft(
                choice_ids=tuple(message.choices), value=message.value, text=message.text
            ),
            client_id=message.client_id,
            participant_id=self.participant_id,
            seminar_id=self.seminar_id,
            language=self.language,
        )
        try:
            outcome = await vote_batcher().submit(submission)
        except Exception:
            # Not stored: no answer, and the phone sends it again by HTTP.
            logger.exception("A vote over a phone's socket could not be stored")
            return
        if outcome.participant is None:  # no longer in the room
            await self.close(code=FORBIDDEN)
            return
        await self.send(text_data=vote_answer(outcome, language=self.language))

    async def _note(self, message: NoteMessage) -> None:
        assert self.participant_id is not None and self.seminar_id is not None
        entry = Entry(
            text=message.text,
            verdict=message.verdict,
            height=message.height,
            question_id=message.question_id,
            client_id=message.client_id,
            seen=message.seen,
        )
        try:
            html = await database_sync_to_async(contribute_over_socket)(
                participant_id=self.participant_id,
                seminar_id=self.seminar_id,
                language=self.language,
                exercise_id=message.exercise_id,
                entry=entry,
            )
        except Exception:
            # Not stored: no answer, and the phone sends it again by HTTP.
            logger.exception("A note over a phone's socket could not be stored")
            return
        if html is not None:
            await self.send(text_data=html)

    async def _question(self, message: QuestionMessage) -> None:
        assert self.participant_id is not None and self.seminar_id is not None
        submission = QuestionSubmission(
            action=PhoneAction(
                round_id=message.round_id,
                participant_id=self.participant_id,
                seminar_id=self.seminar_id,
                action=message.action,
                question_id=message.question_id,
                text=message.text,
                client_id=message.client_id,
            ),
            language=self.language,
        )
        try:
            outcome = await question_batcher().submit(submission)
        except Exception:
            # Not stored: no answer, and the phone sends it again by HTTP.
            logger.exception("A question over a phone's socket could not be stored")
            return
        if not outcome.admitted:  # no longer in the room
            await self.close(code=FORBIDDEN)
            return
        html = question_answer(outcome)
        if html:
            await self.send(text_data=html)

    async def disconnect(self, code: int) -> None:
        if self.seminar_id is not None:
            await get_hub().leave(self.seminar_id, self.audiences, self)
