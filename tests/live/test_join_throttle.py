"""Guessing codes costs time per address; a hall with the right code is not slowed, and
no URL under /j/<code>/ tells a real code from a wrong one to a phone that has not joined."""

from __future__ import annotations

import asyncio
import re

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient, Client

from exercises.models import Contribution
from seminar import throttle
from seminar.models import Participant
from tests.factories import make_exercise, make_poll, make_seminar, make_tables

ERROR = re.compile(r'<p class="error-summary" role="alert">([^<]+)</p>')


def wrong_code_for(code: str) -> str:
    return "000000" if code != "000000" else "111111"


@pytest.mark.django_db
def test_every_phone_url_answers_a_real_code_as_a_wrong_one_to_a_phone_that_has_not_joined():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    poll = make_poll(seminar)
    exercise = make_exercise(seminar)
    note = Contribution.objects.create(exercise=exercise, group=table, text="x")
    paths = [
        ("get", "screen/"),
        ("get", "admission/"),
        ("post", f"polls/{poll.pk}/vote/"),
        ("post", f"exercises/{exercise.pk}/"),
        ("post", f"exercises/{exercise.pk}/card/"),
        ("post", f"exercises/{exercise.pk}/group/"),
        ("post", f"exercises/{exercise.pk}/role/"),
        ("post", f"notes/{note.pk}/remove/"),
    ]
    real, wrong = seminar.join_code, wrong_code_for(seminar.join_code)

    def answer(method: str, code: str, path: str) -> tuple[int, str]:
        response = getattr(Client(), method)(f"/j/{code}/{path}")
        return response.status_code, response.get("Location", "").replace(code, "<code>")

    answers = {path: answer(method, real, path) for method, path in paths}

    assert answers == {path: answer(method, wrong, path) for method, path in paths}
    assert set(answers.values()) == {(403, ""), (302, "/j/<code>/")}


@pytest.mark.django_db
def test_a_phone_of_another_seminar_learns_nothing_of_a_code_from_its_cookie():
    mine, other = make_seminar(), make_seminar()
    phone = Client()
    phone.post(f"/j/{mine.join_code}/", {"side": "elected"})

    real = phone.get(f"/j/{other.join_code}/screen/")
    wrong = phone.get(f"/j/{wrong_code_for(other.join_code)}/screen/")

    assert (real.status_code, wrong.status_code) == (403, 403)


def test_the_first_misses_are_free_then_each_costs_twice_the_one_before_up_to_a_minute():
    delays = [throttle.miss_delay(misses) for misses in range(1, 20)]

    assert delays == [0.0] * 10 + [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0, 60.0]


def test_a_script_that_tries_codes_as_fast_as_it_is_let_gets_a_few_hundred_an_hour():
    """The policy of seminar/throttle.py played out over an hour: every slot of one
    address always busy with a miss, each miss holding its slot for its delay."""
    free_at = [0.0] * throttle.SLOTS
    window: list[float] = []
    tried = 0
    while (now := min(free_at)) < 60 * 60:
        window = [t for t in window if t > now - throttle.WINDOW_SECONDS] + [now]
        free_at[free_at.index(now)] = now + max(throttle.miss_delay(len(window)), 0.01)
        tried += 1

    assert tried == 196


class AsyncClientAt(AsyncClient):
    """A client from another address (Django's AsyncClient always comes from 127.0.0.1)."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def _base_scope(self, **request):
        return super()._base_scope(**request) | {"client": [self.address, 0]}  # type: ignore[misc]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("close_database_connections")
async def test_past_the_free_misses_an_address_waits_for_its_answers_and_is_told(monkeypatch):
    monkeypatch.setattr(throttle, "FIRST_DELAY_SECONDS", 30.0)
    seminar = await sync_to_async(make_seminar)()
    wrong = wrong_code_for(seminar.join_code)
    script = AsyncClient()

    free = [await script.get(f"/j/{wrong}/") for _ in range(throttle.FREE_MISSES)]
    held = [asyncio.create_task(script.get(f"/j/{wrong}/")) for _ in range(throttle.SLOTS)]
    await asyncio.wait_for(throttle.held("127.0.0.1", throttle.SLOTS), timeout=10)
    behind = asyncio.create_task(script.get(f"/j/{seminar.join_code}/"))
    elsewhere = await AsyncClientAt("10.0.0.9").get(f"/j/{seminar.join_code}/")
    answered, _waiting = await asyncio.wait([*held, behind], timeout=0.5)
    for task in [*held, behind]:
        task.cancel()

    assert [response.status_code for response in free] == [404] * throttle.FREE_MISSES
    assert ERROR.findall(free[-1].content.decode()) == [
        f"Ingen seminarer har koden {wrong}. Sjekk koden på lerretet. Mange feil koder har "
        "kommet fra dette nettverket, så svaret på neste feil kode kommer om 30 sekunder."
    ]
    assert answered == set()  # three misses held for 30 s, and the next try waits behind
    assert elsewhere.status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("close_database_connections")
async def test_a_hall_behind_one_address_joins_with_the_right_code_without_waiting(monkeypatch):
    """A hall mistypes now and then; its misses past the free ones are held, but a phone
    with the right code does not wait for them, and a joined phone never waits."""
    monkeypatch.setattr(throttle, "FIRST_DELAY_SECONDS", 600.0)
    seminar = await sync_to_async(make_seminar)()
    wrong = wrong_code_for(seminar.join_code)
    joined = AsyncClient()
    await joined.post(f"/j/{seminar.join_code}/", {"side": "elected"})
    for _ in range(throttle.FREE_MISSES):
        await AsyncClient().get(f"/j/{wrong}/")
    mistyped = [
        asyncio.create_task(AsyncClient().get(f"/j/{wrong}/")) for _ in range(throttle.SLOTS - 1)
    ]
    await asyncio.wait_for(throttle.held("127.0.0.1", throttle.SLOTS - 1), timeout=10)

    hall = await asyncio.wait_for(
        asyncio.gather(
            *(
                AsyncClient().post(f"/j/{seminar.join_code}/", {"side": "elected"})
                for _ in range(150)
            )
        ),
        timeout=60,
    )
    page = await asyncio.wait_for(joined.get(f"/j/{seminar.join_code}/"), timeout=10)
    for task in mistyped:
        task.cancel()

    assert {response.status_code for response in hall} == {302}
    assert await Participant.objects.filter(seminar=seminar).acount() == 151
    assert page.status_code == 200


def test_an_ipv6_network_is_counted_as_one_address_and_ipv4_as_itself():
    from django.test import RequestFactory

    def counted(remote: str) -> str:
        return throttle.address(RequestFactory().get("/", REMOTE_ADDR=remote))

    assert counted("2001:db8:1:2:aaaa::1") == counted("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert counted("2001:db8:1:3::1") == "2001:db8:1:3::/64"
    assert counted("::ffff:192.0.2.7") == counted("192.0.2.7") == "192.0.2.7"
