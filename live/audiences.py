"""Every name the live pipeline routes by, in one place.

A change is rendered once per *audience* and published once per seminar on the channel
layer; each server process subscribes once per seminar and hands each audience's HTML to
its own local sockets (see live/hub.py).
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

PROJECTOR = "projector"
CONSOLE = "console"
PHONE_PREFIX = "phone:"
GROUP_PREFIX = "group:"
PARTICIPANT_PREFIX = "participant:"

Role = Literal["projector", "console", "phone"]


def socket_path(role: Role, key: str, revision: int) -> str:
    """Where a screen opens its websocket; `revision` is the screen it already shows."""
    return f"/ws/live/{role}/{key}/?revision={revision}"


def seminar_group(seminar_id: int) -> str:
    """The channel-layer group of one seminar: one member per server process."""
    return f"seminar.{seminar_id}"


def phone_audience(language: str) -> str:
    """Phones differ only by language, so each language is one audience."""
    return f"{PHONE_PREFIX}{language}"


def group_audience(group_id: int, language: str) -> str:
    """The phones of one group (a table, a party group, a side), in one language: they
    share the group's sheet during an exercise."""
    return f"{GROUP_PREFIX}{group_id}:{language}"


def participant_audience(participant_id: int) -> str:
    """One person's phones. Only ever told to reconnect (after a move between groups):
    nothing is rendered per person."""
    return f"{PARTICIPANT_PREFIX}{participant_id}"


def audience_for(role: Role, language: str) -> str:
    return phone_audience(language) if role == "phone" else role


class ScreensMessage(TypedDict):
    """Published after a change commits: finished HTML for every audience."""

    type: Literal["live.screens"]
    seminar: int
    revision: int
    screens: dict[str, str]
    # Results updates only: how many votes had been counted when this was rendered.
    results_version: NotRequired[int]
    # Audiences whose sockets are to close and reconnect (their groups have changed).
    reconnect: NotRequired[list[str]]
    # A results update without the phones' list of questions from the room (sent later).
    phones_left_out: NotRequired[bool]
    # A results update without the console's panel (sent later).
    console_left_out: NotRequired[bool]


class PresenceMessage(TypedDict):
    """How many phones one server process holds for a seminar; every process adds them up
    for its consoles."""

    type: Literal["live.presence"]
    seminar: int
    process: str
    phones: int


class PresenceRequest(TypedDict):
    """A console has connected somewhere: every process says how many phones it holds."""

    type: Literal["live.presence_request"]
    seminar: int
