"""Group notes over a phone's open socket: stored once, answered to that phone alone."""

import json
import re
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from exercises.models import Contribution, Exercise
from seminar.models import Group, Seminar
from tests.factories import make_exercise, make_seminar, make_tables
from tests.sockets import connected

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_database_connections"),
]

MESSAGE = re.compile(r'class="entry__(?:error|saved)" role="(?:alert|status)">([^<]+)<')


def seated_phone_cookies(seminar: Seminar, table: Group) -> dict[str, str]:
    client = Client()
    client.post(f"/j/{seminar.join_code}/", {"side": "elected", "group": str(table.pk)})
    return {name: morsel.value for name, morsel in client.cookies.items()}


def note_message(exercise: Exercise, text: str, **fields: object) -> str:
    message = {
        "type": "note",
        "exercise": exercise.pk,
        "text": text,
        "client_id": str(uuid.uuid4()),
    }
    return json.dumps(message | fields)


async def answer_to_note(phone: WebsocketCommunicator, exercise: Exercise) -> str:
    """The next message that answers a contribution (the sheets' broadcasts are let by)."""
    while True:
        message: str = await phone.receive_from(timeout=30)
        if message.lstrip().startswith(f'<div id="{exercise.form_id}" class="entry">'):
            return message


async def seated_room(**exercise: object) -> tuple[Seminar, Exercise, dict[str, str]]:
    seminar = await sync_to_async(make_seminar)()
    (table,) = await sync_to_async(make_tables)(seminar, 1)
    made = await sync_to_async(make_exercise)(seminar, **exercise)
    cookies = await sync_to_async(seated_phone_cookies)(seminar, table)
    return seminar, made, cookies


async def stored_texts() -> list[str]:
    return [text async for text in Contribution.objects.values_list("text", flat=True)]


async def test_a_note_sent_twice_with_the_same_client_id_is_stored_once_and_answered_twice():
    seminar, exercise, cookies = await seated_room()
    message = note_message(exercise, "Fraflytting")

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        await phone.receive_from()  # the screen
        await phone.send_to(text_data=message)
        first = await answer_to_note(phone, exercise)
        await phone.send_to(text_data=message)
        again = await answer_to_note(phone, exercise)

    assert MESSAGE.findall(first) == ["Lagt til på gruppens ark."]
    assert MESSAGE.findall(again) == ["Lagt til på gruppens ark."]
    assert re.findall(r'name="text"[^>]*value="([^"]*)"', first) == [""]
    assert await stored_texts() == ["Fraflytting"]


async def test_a_refused_note_says_why_and_keeps_the_text():
    seminar, exercise, cookies = await seated_room(max_length=10)

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        await phone.receive_from()
        await phone.send_to(text_data=note_message(exercise, "Altfor langt svar"))
        answer = await answer_to_note(phone, exercise)

    assert MESSAGE.findall(answer) == [
        "Det er 17 tegn; høyst 10 får plass. Gjør det kortere og send igjen."
    ]
    assert re.findall(r'name="text"[^>]*value="([^"]*)"', answer) == ["Altfor langt svar"]
    assert await stored_texts() == []


async def test_a_note_to_another_seminars_exercise_is_not_stored():
    seminar, _exercise, cookies = await seated_room()
    other = await sync_to_async(make_seminar)(municipality="Annen kommune")
    foreign = await sync_to_async(make_exercise)(other)

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        await phone.receive_from()
        await phone.send_to(text_data=note_message(foreign, "Inntrenger"))
        await phone.send_to(text_data=note_message(foreign, "x", question="1"))  # malformed
        assert await phone.receive_nothing(timeout=0.3)

    assert await stored_texts() == []
