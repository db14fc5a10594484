"""Votes over a phone's open socket: stored once, answered to that phone alone."""

import asyncio
import json
import re
import uuid
from contextlib import AsyncExitStack

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from live import activities
from live.votes import VoteOutcome, VoteSubmission, process_batch
from polls.models import Ballot, Poll
from polls.queries import VoteDraft
from seminar.models import Seminar
from seminar.participants import COOKIE_NAME, cookie_value
from tests.factories import make_poll, make_seminar, seat
from tests.live.test_consumers import joined_phone_cookies
from tests.sockets import connected

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_database_connections"),
]

CONFIRMATION = re.compile(
    r'class="vote__confirmation" role="status">([^<]+)<strong>([^<]+)</strong>'
)
ERROR = re.compile(r'class="vote__error" role="alert">([^<]+)<')
CHECKED = re.compile(r'name="choice" value="(\d+)" checked>')


def vote_message(poll: Poll | int, **fields: object) -> str:
    message = {
        "type": "vote",
        "poll": poll if isinstance(poll, int) else poll.pk,
        "choices": [],
        "value": None,
        "text": "",
        "client_id": str(uuid.uuid4()),
    }
    return json.dumps(message | fields)


async def answer_to_vote(phone: WebsocketCommunicator) -> str:
    """The next message that answers a vote (the screens' broadcasts are let by)."""
    while True:
        message: str = await phone.receive_from(timeout=30)
        if message.lstrip().startswith('<div id="vote-'):
            return message


async def open_poll(seminar: Seminar, **kwargs: object) -> Poll:
    poll = await sync_to_async(make_poll)(seminar, state="draft", **kwargs)
    await sync_to_async(activities.open_poll)(poll=poll)
    return poll


async def choice_ids(poll: Poll) -> dict[str, int]:
    return {choice.label: choice.pk async for choice in poll.choices.all()}


async def stored_labels(poll: Poll) -> list[str]:
    return [
        label
        async for label in Ballot.objects.filter(poll=poll).values_list("choices__label", flat=True)
    ]


async def phone_socket(seminar: Seminar, language: str = "") -> dict[str, str]:
    return await sync_to_async(joined_phone_cookies)(seminar, language)


async def test_a_vote_sent_twice_with_the_same_client_id_is_stored_once_and_confirmed_twice():
    seminar = await sync_to_async(make_seminar)()
    poll = await open_poll(seminar)
    choices = await choice_ids(poll)
    message = vote_message(poll, choices=[choices["Nei"]])

    async with connected(
        f"/ws/live/phone/{seminar.join_code}/", await phone_socket(seminar)
    ) as phone:
        await phone.receive_from()  # the screen
        await phone.send_to(text_data=message)
        first = await answer_to_vote(phone)
        await phone.send_to(text_data=message)  # as after a dropped answer
        again = await answer_to_vote(phone)

    assert CONFIRMATION.findall(first) == [("Svaret ditt er lagret: ", "Nei")]
    assert again == first
    assert first.lstrip().startswith(f'<div id="vote-{poll.pk}" class="vote">')
    assert await stored_labels(poll) == ["Nei"]
    assert await Ballot.objects.acount() == 1


async def test_a_confirmation_is_the_same_text_for_everyone_and_carries_no_ones_token():
    seminar = await sync_to_async(make_seminar)()
    poll = await open_poll(seminar)
    yes = (await choice_ids(poll))["Ja"]
    answers = []

    for _phone in range(2):
        cookies = await phone_socket(seminar)
        async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
            await phone.receive_from()
            await phone.send_to(text_data=vote_message(poll, choices=[yes]))
            answers.append(await answer_to_vote(phone))

    assert answers[0] == answers[1]
    assert "csrfmiddlewaretoken" not in answers[0]
    assert await stored_labels(poll) == ["Ja", "Ja"]


async def test_a_vote_on_a_closed_poll_is_refused_in_the_phones_language_with_its_choice_kept():
    seminar = await sync_to_async(make_seminar)()
    poll = await open_poll(seminar)
    no = (await choice_ids(poll))["Nei"]
    await sync_to_async(activities.close_poll)(poll=poll)
    answers = {}

    for language in ("nb", "en"):
        cookies = await phone_socket(seminar, language if language != "nb" else "")
        async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
            await phone.receive_from()
            await phone.send_to(text_data=vote_message(poll, choices=[no]))
            answers[language] = await answer_to_vote(phone)

    assert ERROR.findall(answers["nb"]) == [
        "Denne avstemningen er stengt. Svaret ditt ble ikke lagret."
    ]
    assert ERROR.findall(answers["en"]) == ["This poll is closed. Your answer was not stored."]
    assert CHECKED.findall(answers["en"]) == [str(no)]
    assert await Ballot.objects.acount() == 0


async def test_too_many_choices_are_refused_with_every_choice_still_ticked():
    seminar = await sync_to_async(make_seminar)()
    poll = await open_poll(seminar, kind="multiple", labels=("A", "B", "C"), max_choices=2)
    everything = sorted((await choice_ids(poll)).values())

    async with connected(
        f"/ws/live/phone/{seminar.join_code}/", await phone_socket(seminar)
    ) as phone:
        await phone.receive_from()
        await phone.send_to(text_data=vote_message(poll, choices=everything))
        answer = await answer_to_vote(phone)

    assert ERROR.findall(answer) == ["Velg høyst 2 svar."]
    assert sorted(int(pk) for pk in re.findall(r'value="(\d+)" checked>', answer)) == everything
    assert await Ballot.objects.acount() == 0


async def test_a_text_too_long_is_refused_with_the_text_kept():
    seminar = await sync_to_async(make_seminar)()
    poll = await open_poll(seminar, kind="open_text", labels=())
    too_long = "Mer tid til dilemmaene. " * 15

    cookies = await phone_socket(seminar, "en")
    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        await phone.receive_from()
        await phone.send_to(text_data=vote_message(poll, text=too_long))
        answer = await answer_to_vote(phone)

    assert ERROR.findall(answer) == ["Keep it to 280 characters; this is 359."]
    assert re.findall(r"<textarea[^>]*>([^<]*)</textarea>", answer) == [too_long]
    assert await Ballot.objects.acount() == 0


async def test_a_vote_on_another_seminars_poll_is_refused_and_says_nothing_of_it():
    seminar = await sync_to_async(make_seminar)()
    other = await sync_to_async(make_seminar)(municipality="Annen kommune")
    theirs = await open_poll(other, question="Hemmelig spørsmål?")
    their_choice = (await choice_ids(theirs))["Ja"]

    async with connected(
        f"/ws/live/phone/{seminar.join_code}/", await phone_socket(seminar)
    ) as phone:
        await phone.receive_from()
        await phone.send_to(text_data=vote_message(theirs, choices=[their_choice]))
        answer = await answer_to_vote(phone)

    assert ERROR.findall(answer) == ["Denne avstemningen hører ikke til seminaret ditt."]
    assert "Hemmelig" not in answer and "Ja" not in answer
    assert await Ballot.objects.acount() == 0


MALFORMED = [
    "not json",
    "[1, 2, 3]",
    "[" * 5000 + "]" * 5000,  # deeper than Python recurses
    json.dumps({"type": "vote"}),
    json.dumps({"type": "vote", "poll": "1", "choices": [], "client_id": str(uuid.uuid4())}),
    json.dumps({"type": "vote", "poll": True, "choices": [], "client_id": str(uuid.uuid4())}),
    json.dumps({"type": "vote", "poll": 2**40, "choices": [], "client_id": str(uuid.uuid4())}),
    json.dumps({"type": "vote", "poll": 1, "choices": "1", "client_id": str(uuid.uuid4())}),
    json.dumps({"type": "vote", "poll": 1, "choices": [[1]], "client_id": str(uuid.uuid4())}),
    json.dumps({"type": "vote", "poll": 1, "choices": [1], "client_id": "not a uuid"}),
    json.dumps({"type": "vote", "poll": 1, "choices": [1] * 51, "client_id": str(uuid.uuid4())}),
    json.dumps({"type": "vote", "poll": 1, "value": 1.5, "client_id": str(uuid.uuid4())}),
    json.dumps({"type": "vote", "poll": 1, "text": ["x"], "client_id": str(uuid.uuid4())}),
    json.dumps({"type": "vote", "poll": 1, "text": "x" * 20_000, "client_id": str(uuid.uuid4())}),
    '{"type": "vote", "poll": 1, "value": ' + "9" * 5000 + "}",  # too long a number to read
]


async def test_malformed_or_oversized_messages_store_nothing_and_the_socket_goes_on():
    seminar = await sync_to_async(make_seminar)()
    poll = await open_poll(seminar)
    yes = (await choice_ids(poll))["Ja"]

    async with connected(
        f"/ws/live/phone/{seminar.join_code}/", await phone_socket(seminar)
    ) as phone:
        await phone.receive_from()
        for message in [
            *MALFORMED,
            json.dumps({"type": "vote", "poll": poll.pk, "choices": [yes], "client_id": "x"}),
        ]:
            await phone.send_to(text_data=message)
        await phone.send_to(bytes_data=b"\x00\xff")
        assert await phone.receive_nothing(timeout=0.3)
        assert await Ballot.objects.acount() == 0

        await phone.send_to(text_data=vote_message(poll, choices=[yes]))
        answer = await answer_to_vote(phone)

    assert CONFIRMATION.findall(answer) == [("Svaret ditt er lagret: ", "Ja")]
    assert await stored_labels(poll) == ["Ja"]


async def test_a_projector_cannot_vote():
    seminar = await sync_to_async(make_seminar)()
    poll = await open_poll(seminar)
    yes = (await choice_ids(poll))["Ja"]

    async with connected(f"/ws/live/projector/{seminar.projector_token}/") as projector:
        await projector.receive_from()
        await projector.send_to(text_data=vote_message(poll, choices=[yes]))
        assert await projector.receive_nothing(timeout=0.3)

    assert await Ballot.objects.acount() == 0


async def test_a_socket_vote_moves_the_projectors_count():
    seminar = await sync_to_async(make_seminar)()
    poll = await open_poll(seminar)
    yes = (await choice_ids(poll))["Ja"]
    await sync_to_async(activities.show_poll)(poll=poll)

    async with (
        connected(f"/ws/live/projector/{seminar.projector_token}/") as projector,
        connected(f"/ws/live/phone/{seminar.join_code}/", await phone_socket(seminar)) as phone,
    ):
        await projector.receive_from()
        await phone.receive_from()
        await phone.send_to(text_data=vote_message(poll, choices=[yes]))
        await answer_to_vote(phone)
        while "1 av 1 har svart" not in (screen := await projector.receive_from(timeout=30)):
            pass

    assert re.findall(r'<td class="result-row__count">(\d+)</td>', screen) == ["1", "0"]


@pytest.mark.django_db  # in the test's transaction: the results are not rendered on commit
@pytest.mark.parametrize(("choices", "phones"), [(2, 1), (9, 30)])
def test_a_batch_of_socket_votes_runs_fixed_queries(
    django_assert_num_queries, choices: int, phones: int
):
    seminar = make_seminar()
    poll = make_poll(
        seminar,
        kind="multiple",
        labels=tuple(f"Valg {n}" for n in range(choices)),
        max_choices=9,
        state="draft",
    )
    activities.open_poll(poll=poll)
    picked = tuple(choice.pk for choice in poll.choices.all())
    submissions = [
        VoteSubmission(
            poll_id=poll.pk,
            draft=VoteDraft(choice_ids=picked),
            client_id=uuid.uuid4(),
            participant_id=seat(seminar).pk,
            seminar_id=seminar.pk,
        )
        for _phone in range(phones)
    ]

    # The batch's savepoint, its voters and their seminar, then the polls, choices and
    # ballots there, the ballots' upsert, read back, and their choices replaced: the same
    # for one phone as for thirty.
    with django_assert_num_queries(11):
        outcomes = process_batch(submissions)

    assert [outcome.error for outcome in outcomes if isinstance(outcome, VoteOutcome)] == (
        [""] * phones
    )
    assert [b.choices.count() for b in Ballot.objects.all()] == [choices] * phones


def hall(seminar: Seminar, phones: int) -> list[dict[str, str]]:
    return [{COOKIE_NAME: cookie_value(seat(seminar))} for _phone in range(phones)]


async def test_the_projector_ends_on_the_exact_totals_after_a_burst_from_200_sockets():
    seminar = await sync_to_async(make_seminar)()
    poll = await open_poll(seminar)
    yes, no = (await choice_ids(poll)).values()
    cookies = await sync_to_async(hall)(seminar, 200)
    path = f"/ws/live/phone/{seminar.join_code}/"

    async with AsyncExitStack() as sockets:
        projector = await sockets.enter_async_context(
            connected(f"/ws/live/projector/{seminar.projector_token}/")
        )
        await projector.receive_from()
        phones = [await sockets.enter_async_context(connected(path, c)) for c in cookies]
        for phone in phones:
            await phone.receive_from()

        for number, phone in enumerate(phones):  # all sent before any is answered
            await phone.send_to(text_data=vote_message(poll, choices=[yes if number % 4 else no]))
        answers = await asyncio.gather(*(answer_to_vote(phone) for phone in phones))
        while "200 av 200 har svart" not in (screen := await projector.receive_from(timeout=30)):
            pass

    assert sum(bool(CONFIRMATION.search(answer)) for answer in answers) == 200
    assert re.findall(r'<td class="result-row__count">(\d+)</td>', screen) == ["150", "50"]
    assert await Ballot.objects.acount() == 200
