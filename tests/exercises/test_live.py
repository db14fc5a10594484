"""Group sheets over the websocket: each table's phones get their own sheet, live."""

from __future__ import annotations

import re

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from exercises import services
from live import activities
from seminar.groupings import put_in_group
from tests.factories import make_exercise, make_seminar, make_tables
from tests.sockets import connected

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_database_connections"),
]

SHEET_ITEM = re.compile(r"<li>([^<]+)</li>")
GROUP_NAME = re.compile(r'class="group-work__name">([^<]+)<')


def phone_at(seminar, table) -> tuple[dict[str, str], int]:
    client = Client()
    client.post(f"/j/{seminar.join_code}/", {"side": "elected", "group": table.pk})
    participant = seminar.participants.order_by("-pk").first()
    return {name: morsel.value for name, morsel in client.cookies.items()}, participant.pk


def room_with_two_tables():
    seminar = make_seminar()
    tables = make_tables(seminar, 2)
    exercise = make_exercise(seminar)
    activities.show_exercise(exercise=exercise)
    return seminar, tables, exercise


def write(exercise, participant_id: int, text: str) -> None:
    participant = exercise.seminar.participants.get(pk=participant_id)
    services.contribute(
        exercise_id=exercise.pk, participant=participant, entry=services.Entry(text=text)
    )


async def test_what_a_table_writes_reaches_its_own_phones_and_no_other_table():
    seminar, (table_1, table_2), exercise = await sync_to_async(room_with_two_tables)()
    cookies_1, kari = await sync_to_async(phone_at)(seminar, table_1)
    cookies_2, _ola = await sync_to_async(phone_at)(seminar, table_2)

    async with (
        connected(f"/ws/live/phone/{seminar.join_code}/", cookies_1) as phone_1,
        connected(f"/ws/live/phone/{seminar.join_code}/", cookies_2) as phone_2,
    ):
        first_1 = [await phone_1.receive_from(), await phone_1.receive_from()]
        first_2 = [await phone_2.receive_from(), await phone_2.receive_from()]
        await sync_to_async(write)(exercise, kari, "Fraflytting")
        update_1 = await phone_1.receive_from(timeout=2)
        update_2 = await phone_2.receive_from(timeout=2)
        assert await phone_1.receive_nothing(timeout=0.3)

    assert 'id="phone-screen"' in first_1[0]
    assert GROUP_NAME.findall(first_1[1]) == ["Din gruppe: Bord 1"]
    assert GROUP_NAME.findall(first_2[1]) == ["Din gruppe: Bord 2"]
    assert SHEET_ITEM.findall(update_1) == ["Fraflytting"]
    assert GROUP_NAME.findall(update_2) == ["Din gruppe: Bord 2"]
    assert "Fraflytting" not in update_2


async def test_a_phone_moved_to_another_table_reconnects_and_follows_its_new_table():
    seminar, (table_1, table_2), exercise = await sync_to_async(room_with_two_tables)()
    cookies, kari = await sync_to_async(phone_at)(seminar, table_1)
    _other_cookies, ola = await sync_to_async(phone_at)(seminar, table_2)
    await sync_to_async(write)(exercise, ola, "Bord 2 sitt svar")

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        await phone.receive_from()
        await phone.receive_from()
        participant = await seminar.participants.aget(pk=kari)
        await sync_to_async(put_in_group)(participant=participant, group=table_2)
        closed = await phone.receive_output(timeout=2)

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        await phone.receive_from()
        sheet = await phone.receive_from()

    assert closed == {"type": "websocket.close", "code": 1012}
    assert GROUP_NAME.findall(sheet) == ["Din gruppe: Bord 2"]
    assert SHEET_ITEM.findall(sheet) == ["Bord 2 sitt svar"]
