"""What a phone may send over its socket, checked field by field before anything is
looked up. The format is in live.consumers.LiveConsumer's docstring."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TypeGuard

from polls.services import MAX_TEXT_LENGTH
from questions.services import ACTIONS, MAX_QUESTION_LENGTH, Action

MAX_MESSAGE_CHARS = 16_384  # a vote with the longest text, every character escaped
MAX_CHOICES_SENT = 50  # far beyond any poll's choices
MAX_ID = 2**31 - 1
MAX_SCALE_VALUE = 999  # as a posted form's value: at most three digits
MAX_TEXT_SENT = MAX_TEXT_LENGTH * 4  # longer is cut, and the rule says it is too long
MAX_NOTE_SENT = 10_000  # as a posted note: longer is cut before it is checked
MAX_SHORT_FIELD = 40  # a verdict, a height, the version of the answer the form showed


@dataclass(frozen=True)
class VoteMessage:
    poll_id: int
    choices: tuple[int, ...]  # as the form lists them: a ranking's by place
    value: int | None
    text: str
    client_id: uuid.UUID


@dataclass(frozen=True)
class NoteMessage:
    """A contribution to an exercise: a note, a line, a verdict, a height (no photo)."""

    exercise_id: int
    text: str
    client_id: uuid.UUID
    question_id: int | None = None
    verdict: str = ""
    height: str = ""
    seen: str = ""


@dataclass(frozen=True)
class QuestionMessage:
    """A question asked, an upvote given or taken back, a question withdrawn."""

    round_id: int
    action: Action
    client_id: uuid.UUID
    question_id: int | None = None
    text: str = ""


def _is_id(value: object) -> TypeGuard[int]:
    # bool is an int to Python, not to a phone.
    return type(value) is int and 0 < value <= MAX_ID


def _is_scale_value(value: object) -> TypeGuard[int]:
    return type(value) is int and abs(value) <= MAX_SCALE_VALUE


def _client_id(value: object) -> uuid.UUID | None:
    if not isinstance(value, str) or len(value) > 36:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _vote(message: dict[str, object]) -> VoteMessage | None:
    poll_id, choices, text = (
        message.get("poll"),
        message.get("choices", []),
        message.get("text", ""),
    )
    value, client_id = message.get("value"), _client_id(message.get("client_id"))
    if not _is_id(poll_id) or client_id is None or not isinstance(text, str):
        return None
    if not isinstance(choices, list) or len(choices) > MAX_CHOICES_SENT:
        return None
    if not all(_is_id(choice) for choice in choices):
        return None
    if value is not None and not _is_scale_value(value):
        return None
    return VoteMessage(
        poll_id=poll_id,
        choices=tuple(choices),
        value=value if _is_scale_value(value) else None,
        text=text[:MAX_TEXT_SENT],
        client_id=client_id,
    )


def _short(value: object) -> str | None:
    if isinstance(value, str) and len(value) <= MAX_SHORT_FIELD:
        return value
    return None


def _note(message: dict[str, object]) -> NoteMessage | None:
    exercise_id, text = message.get("exercise"), message.get("text", "")
    question_id, client_id = message.get("question"), _client_id(message.get("client_id"))
    verdict, height = _short(message.get("verdict", "")), _short(message.get("height", ""))
    seen = _short(message.get("seen", ""))
    if not _is_id(exercise_id) or client_id is None or not isinstance(text, str):
        return None
    if question_id is not None and not _is_id(question_id):
        return None
    if verdict is None or height is None or seen is None:
        return None
    return NoteMessage(
        exercise_id=exercise_id,
        text=text[:MAX_NOTE_SENT],
        client_id=client_id,
        question_id=question_id if _is_id(question_id) else None,
        verdict=verdict,
        height=height,
        seen=seen,
    )


def _question(message: dict[str, object]) -> QuestionMessage | None:
    round_id, action, text = message.get("round"), message.get("action"), message.get("text", "")
    question_id, client_id = message.get("question"), _client_id(message.get("client_id"))
    if not _is_id(round_id) or client_id is None or not isinstance(text, str):
        return None
    if not isinstance(action, str) or action not in ACTIONS:
        return None
    if question_id is not None and not _is_id(question_id):
        return None
    if action != "ask" and question_id is None:
        return None
    return QuestionMessage(
        round_id=round_id,
        action=action,  # type: ignore[arg-type]  # one of ACTIONS, checked above
        client_id=client_id,
        question_id=question_id if _is_id(question_id) else None,
        text=text[: MAX_QUESTION_LENGTH * 4],
    )


def parse_phone_message(
    text_data: str | None,
) -> VoteMessage | NoteMessage | QuestionMessage | None:
    """The message a phone sent, or None for anything else: too big, not JSON, not one
    of ours, a field of the wrong kind or out of bounds. Nothing here raises."""
    if text_data is None or len(text_data) > MAX_MESSAGE_CHARS:
        return None
    try:
        message = json.loads(text_data)
    except (ValueError, RecursionError):
        # Not JSON, a number too long to read, or lists nested deeper than Python recurses.
        return None
    if not isinstance(message, dict):
        return None
    if message.get("type") == "vote":
        return _vote(message)
    if message.get("type") == "note":
        return _note(message)
    if message.get("type") == "question":
        return _question(message)
    return None
