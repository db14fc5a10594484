"""Questions from the room over a phone's open socket: stored once, answered to that
phone alone with its own part of the round."""

import json
import re
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from live import activities
from questions.models import QuestionRound, RoomQuestion, Upvote
from seminar.models import Seminar
from tests.factories import make_seminar
from tests.sockets import connected

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_database_connections"),
]


def phone_cookies(seminar: Seminar) -> dict[str, str]:
    client = Client()
    client.post(f"/j/{seminar.join_code}/", {"side": "elected"})
    return {name: morsel.value for name, morsel in client.cookies.items()}


def open_round(seminar: Seminar, *, held: bool = False) -> QuestionRound:
    question_round = QuestionRound.objects.create(
        seminar=seminar,
        title="Spørsmål til ordføreren",
        moderation=QuestionRound.Moderation.HELD if held else QuestionRound.Moderation.AT_ONCE,
    )
    activities.open_questions(question_round=question_round)
    return question_round


def message(question_round: QuestionRound, action: str, **fields: object) -> str:
    return json.dumps(
        {"type": "question", "round": question_round.pk, "action": action}
        | {"client_id": str(uuid.uuid4())}
        | fields
    )


async def answer(phone: WebsocketCommunicator, question_round: QuestionRound) -> str:
    """The next message that answers this phone (the screens' broadcasts are let by)."""
    while True:
        received: str = await phone.receive_from(timeout=30)
        if received.lstrip().startswith(f'<section id="questions-mine-{question_round.pk}"'):
            return received


def own(html: str, name: str) -> str:
    found = re.search(rf'data-{name}="([^"]*)"', html)
    assert found is not None
    return found.group(1)


async def room_with(phones: int, **round_fields: object):
    seminar = await sync_to_async(make_seminar)()
    question_round = await sync_to_async(open_round)(seminar, **round_fields)
    cookies = [await sync_to_async(phone_cookies)(seminar) for _ in range(phones)]
    return seminar, question_round, cookies


async def test_a_question_sent_twice_with_the_same_id_is_stored_once_and_answered_twice():
    seminar, question_round, (cookies,) = await room_with(1)
    sent = message(question_round, "ask", text="Hva koster ny skole?")

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        await phone.receive_from()  # the screen
        await phone.send_to(text_data=sent)
        first = await answer(phone, question_round)
        await phone.send_to(text_data=sent)
        again = await answer(phone, question_round)

    stored = [q async for q in RoomQuestion.objects.values_list("pk", "text")]
    assert [text for _pk, text in stored] == ["Hva koster ny skole?"]
    assert own(first, "asked") == own(again, "asked") == str(stored[0][0])
    assert own(first, "answers") == json.loads(sent)["client_id"]
    assert "Spørsmålet ditt er sendt: salen ser det nå." in first


async def test_upvote_take_back_and_upvote_again_counts_one_and_says_so():
    seminar, question_round, (asking, voting) = await room_with(2)
    path = f"/ws/live/phone/{seminar.join_code}/"

    async with connected(path, asking) as asker, connected(path, voting) as voter:
        await asker.receive_from()
        await voter.receive_from()
        await asker.send_to(text_data=message(question_round, "ask", text="Når?"))
        question = own(await answer(asker, question_round), "asked")
        upvoted = []
        for action in ("upvote", "upvote", "unvote", "upvote"):
            await voter.send_to(text_data=message(question_round, action, question=int(question)))
            upvoted.append(own(await answer(voter, question_round), "upvoted"))

    assert upvoted == [question, question, "", question]
    assert await Upvote.objects.filter(question_id=int(question)).acount() == 1


async def test_a_phone_can_withdraw_its_own_question_only():
    seminar, question_round, (asking, other) = await room_with(2)
    path = f"/ws/live/phone/{seminar.join_code}/"

    async with connected(path, asking) as asker, connected(path, other) as stranger:
        await asker.receive_from()
        await stranger.receive_from()
        await asker.send_to(text_data=message(question_round, "ask", text="Mitt"))
        question = int(own(await answer(asker, question_round), "asked"))
        await stranger.send_to(text_data=message(question_round, "withdraw", question=question))
        await answer(stranger, question_round)
        assert await RoomQuestion.objects.filter(status="shown").acount() == 1
        await asker.send_to(text_data=message(question_round, "withdraw", question=question))
        withdrawn = await answer(asker, question_round)

    assert own(withdrawn, "asked") == ""
    assert [s async for s in RoomQuestion.objects.values_list("status", "text")] == [
        ("withdrawn", "")
    ]


async def test_a_refused_question_keeps_what_was_written_and_says_why():
    seminar, question_round, (cookies,) = await room_with(1)

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        await phone.receive_from()
        await phone.send_to(text_data=message(question_round, "ask", text="x" * 300))
        refused = await answer(phone, question_round)

    assert own(refused, "asked") == ""
    form = refused[refused.index(f'<form id="ask-{question_round.pk}"') :]
    assert "Spørsmålet ditt er 300 tegn langt; det er plass til 280." in form
    assert ">" + "x" * 300 + "</textarea>" in form
    assert await RoomQuestion.objects.acount() == 0


@pytest.mark.parametrize(
    "sent",
    [
        {"type": "question", "round": 1, "action": "approve", "client_id": str(uuid.uuid4())},
        {"type": "question", "round": 1, "action": "upvote", "client_id": str(uuid.uuid4())},
        {"type": "question", "round": "1", "action": "ask", "client_id": str(uuid.uuid4())},
        {"type": "question", "round": 1, "action": "ask", "text": 5, "client_id": "x"},
    ],
)
async def test_a_phone_cannot_moderate_and_a_malformed_message_is_ignored(sent):
    seminar, question_round, (cookies,) = await room_with(1)
    sent["round"] = question_round.pk if sent["round"] == 1 else sent["round"]
    then = message(question_round, "ask", text="Etterpå")

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        await phone.receive_from()
        await phone.send_to(text_data=json.dumps(sent))
        await phone.send_to(text_data=then)
        # Messages are taken in order: the first answer is the next message's.
        first = await answer(phone, question_round)

    assert own(first, "answers") == json.loads(then)["client_id"]
    assert [text async for text in RoomQuestion.objects.values_list("text", flat=True)] == [
        "Etterpå"
    ]
