import re

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from config.asgi import application
from live import services as live
from live.models import LiveState
from seminar.models import Participant, Seminar
from seminar.remote import remote_link_token
from tests.factories import make_seminar, make_user
from tests.sockets import connected

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_database_connections"),
]


TITLE = re.compile(r'class="(?:slide__title|phone-slide__title)"[^>]*>([^<]+)<')


def joined_phone_cookies(seminar: Seminar, language: str = "") -> dict[str, str]:
    client = Client()
    if language:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
    client.post(f"/j/{seminar.join_code}/", {"side": "elected"})
    return {name: morsel.value for name, morsel in client.cookies.items()}


def facilitator_cookies(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {name: morsel.value for name, morsel in client.cookies.items()}


async def setup(**kwargs):
    return await sync_to_async(make_seminar)(**kwargs)


async def test_a_joined_phone_gets_the_current_slide_on_connect():
    seminar = await setup(items=2)
    cookies = await sync_to_async(joined_phone_cookies)(seminar)

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        html = await phone.receive_from()

    assert TITLE.findall(html) == ["Slide 1.1.1"]
    assert 'id="phone-screen"' in html


async def test_a_phone_that_has_not_joined_is_turned_away():
    seminar = await setup()

    async with connected(f"/ws/live/phone/{seminar.join_code}/") as refused:
        assert refused == 4403


async def test_a_phone_waiting_to_be_let_in_is_turned_away_until_it_is_let_in():
    seminar = await setup()
    seminar.admission_closed = True
    await seminar.asave(update_fields=["admission_closed"])
    cookies = await sync_to_async(joined_phone_cookies)(seminar)

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as refused:
        assert refused == 4403
    await Participant.objects.filter(seminar=seminar).aupdate(admission="admitted")
    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        assert 'id="phone-screen"' in await phone.receive_from()


async def test_a_phone_of_another_seminar_is_turned_away():
    seminar = await setup()
    other = await setup(municipality="Annen kommune")
    cookies = await sync_to_async(joined_phone_cookies)(other)

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as refused:
        assert refused == 4403


async def test_a_phone_cannot_watch_the_projector_or_the_console():
    seminar = await setup()
    cookies = await sync_to_async(joined_phone_cookies)(seminar)

    async with connected("/ws/live/projector/guessed-token/", cookies) as projector:
        assert projector == 4403
    async with connected(f"/ws/live/console/{seminar.slug}/", cookies) as console:
        assert console == 4403


async def test_the_console_socket_is_for_this_seminars_facilitators_only():
    owner = await sync_to_async(make_user)()
    stranger = await sync_to_async(make_user)()
    seminar = await setup(facilitator=owner)

    async with connected(
        f"/ws/live/console/{seminar.slug}/", await sync_to_async(facilitator_cookies)(stranger)
    ) as refused:
        assert refused == 4403
    async with connected(
        f"/ws/live/console/{seminar.slug}/", await sync_to_async(facilitator_cookies)(owner)
    ) as console:
        html = await console.receive_from()
    assert TITLE.findall(html) == ["Slide 1.1.1", "Slide 2.1.1"]  # now, and next


def remote_phone_cookies(user, seminar: Seminar) -> dict[str, str]:
    """A phone signed in by the console's remote code, for this seminar only."""
    Client().force_login(user)  # the laptop the code was shown on
    token = remote_link_token(user=User.objects.get(pk=user.pk), seminar=seminar)
    phone = Client()
    phone.post(reverse("seminar:remote_sign_in", args=[seminar.slug, token]))
    return {name: morsel.value for name, morsel in phone.cookies.items()}


async def test_a_remote_phone_watches_its_own_seminars_console_only():
    owner = await sync_to_async(make_user)()
    seminar = await setup(facilitator=owner)
    other = await setup(facilitator=owner, municipality="Annen kommune")
    cookies = await sync_to_async(remote_phone_cookies)(owner, seminar)

    async with connected(f"/ws/live/console/{other.slug}/", cookies) as refused:
        assert refused == 4403
    async with connected(f"/ws/live/console/{seminar.slug}/", cookies) as remote:
        html = await remote.receive_from()
    assert 'id="remote-now"' in html


async def test_what_a_phone_sends_changes_nothing():
    seminar = await setup(items=2)
    cookies = await sync_to_async(joined_phone_cookies)(seminar)
    before = await LiveState.objects.aget(seminar=seminar)

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone:
        await phone.receive_from()
        await phone.send_to(text_data='{"action": "next"}')
        assert await phone.receive_nothing(timeout=0.2)

    after = await LiveState.objects.aget(seminar=seminar)
    assert (after.slide_id, after.revision) == (before.slide_id, before.revision)


async def test_a_slide_change_reaches_projector_phones_and_console():
    owner = await sync_to_async(make_user)()
    seminar = await setup(facilitator=owner)
    phone_cookies = await sync_to_async(joined_phone_cookies)(seminar)
    other_phone_cookies = await sync_to_async(joined_phone_cookies)(seminar)

    async with (
        connected(f"/ws/live/projector/{seminar.projector_token}/") as projector,
        connected(f"/ws/live/phone/{seminar.join_code}/", phone_cookies) as phone,
        connected(f"/ws/live/phone/{seminar.join_code}/", other_phone_cookies) as other_phone,
        connected(
            f"/ws/live/console/{seminar.slug}/", await sync_to_async(facilitator_cookies)(owner)
        ) as console,
    ):
        for socket in (projector, phone, other_phone, console):
            await socket.receive_from()  # the screen as it was

        await sync_to_async(live.step)(seminar=seminar, by=1)

        projector_html = await projector.receive_from()
        phone_html = await phone.receive_from()
        other_phone_html = await other_phone.receive_from()
        console_html = await console.receive_from()

    assert TITLE.findall(projector_html) == ["Slide 2.1.1"]
    assert TITLE.findall(phone_html) == ["Slide 2.1.1"]
    assert other_phone_html == phone_html  # rendered once, the same text to every phone
    assert TITLE.findall(console_html) == ["Slide 2.1.1"]  # the last slide has no next


async def test_a_reconnecting_screen_gets_the_current_slide_and_an_up_to_date_one_nothing():
    seminar = await setup()
    cookies = await sync_to_async(joined_phone_cookies)(seminar)
    old = await LiveState.objects.aget(seminar=seminar)
    await sync_to_async(live.step)(seminar=seminar, by=1)

    async with connected(
        f"/ws/live/phone/{seminar.join_code}/?revision={old.revision}", cookies
    ) as stale_phone:
        html = await stale_phone.receive_from()
    async with connected(
        f"/ws/live/phone/{seminar.join_code}/?revision={old.revision + 1}", cookies
    ) as current_phone:
        assert await current_phone.receive_nothing(timeout=0.2)

    assert TITLE.findall(html) == ["Slide 2.1.1"]
    assert f'data-revision="{old.revision + 1}"' in html


async def test_a_started_timer_reaches_the_projector_as_a_deadline():
    seminar = await setup()

    async with connected(f"/ws/live/projector/{seminar.projector_token}/") as projector:
        await projector.receive_from()
        state = await sync_to_async(live.start_timer)(seminar=seminar, seconds=600)
        html = await projector.receive_from()

    timer = re.search(r'<div id="timer"[^>]*>', html)
    assert timer is not None
    assert 'data-timer-state="running"' in timer.group(0)
    assert f'data-ends-at="{state.timer_ends_at_ms}"' in timer.group(0)
    assert re.findall(r"data-timer-clock>([^<]+)<", html) == ["10:00"]


async def test_phones_get_the_screen_in_their_own_language():
    seminar = await setup()
    await sync_to_async(live.set_blank)(seminar=seminar, blank=True)
    nb_cookies = await sync_to_async(joined_phone_cookies)(seminar)
    en_cookies = await sync_to_async(joined_phone_cookies)(seminar, "en")

    async with connected(f"/ws/live/phone/{seminar.join_code}/", nb_cookies) as nb_phone:
        nb_html = await nb_phone.receive_from()
    async with connected(f"/ws/live/phone/{seminar.join_code}/", en_cookies) as en_phone:
        en_html = await en_phone.receive_from()

    waiting = re.compile(r'<p class="phone__waiting">([^<]+)</p>')
    assert waiting.findall(en_html) == ["Look up at the screen."]
    assert waiting.findall(nb_html) == ["Se opp på lerretet."]


async def test_the_console_counts_joined_and_connected_phones():
    owner = await sync_to_async(make_user)()
    seminar = await setup(facilitator=owner)
    cookies = await sync_to_async(joined_phone_cookies)(seminar)
    await sync_to_async(joined_phone_cookies)(seminar)  # joined, but not connected

    async with connected(
        f"/ws/live/console/{seminar.slug}/", await sync_to_async(facilitator_cookies)(owner)
    ) as console:
        await console.receive_from()  # the console screen
        await console.receive_from()  # the room as it is: nobody connected
        async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies):
            presence = await console.receive_from(timeout=2)

    assert re.findall(r'id="console-joined"[^>]*>([^<]+)<', presence) == ["2 har blitt med"]
    assert re.findall(r'id="console-connected"[^>]*>([^<]+)<', presence) == ["1 telefon tilkoblet"]


async def test_an_opened_poll_reaches_the_phones_and_votes_reach_the_projector_exactly():
    from live import activities
    from polls import services
    from tests.factories import make_participant, make_poll

    seminar = await setup()
    poll = await sync_to_async(make_poll)(seminar, labels=("Ja", "Nei"), state="draft")
    cookies = await sync_to_async(joined_phone_cookies)(seminar)
    voters = [await sync_to_async(make_participant)(seminar) for _ in range(30)]
    yes = await poll.choices.aget(label="Ja")

    async with (
        connected(f"/ws/live/projector/{seminar.projector_token}/") as projector,
        connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as phone,
    ):
        await projector.receive_from()
        await phone.receive_from()
        await sync_to_async(activities.open_poll)(poll=poll)
        phone_html = await phone.receive_from()
        await projector.receive_from()
        for voter in voters:
            await sync_to_async(services.cast_vote)(
                poll_id=poll.pk, participant=voter, choice_ids=[yes.pk]
            )
        updates: list[str] = []
        while not updates or "30 av 31 har svart" not in updates[-1]:
            updates.append(await projector.receive_from(timeout=2))
        assert await projector.receive_nothing(timeout=0.5)

    assert re.findall(r'id="phone-poll-question"[^>]*>([^<]+)<', phone_html) == ["Er det greit?"]
    # What a screen reader says: once, into the live region that stays on the phone's page.
    assert re.findall(r'id="announcer"[^>]*>([^<]+)<', phone_html) == [
        "Avstemning: Er det greit? (åpen for svar)"
    ]
    assert 1 <= len(updates) < 30  # coalesced: far fewer updates than votes
    assert re.findall(r'class="result-row__count">(\d+)<', updates[-1]) == ["30", "0"]


async def test_a_results_update_that_changes_no_screen_is_not_written_again():
    from live import activities
    from live.results import results_changed
    from polls import services
    from tests.factories import make_participant, make_poll

    seminar = await setup()
    poll = await sync_to_async(make_poll)(seminar, labels=("Ja", "Nei"), state="draft")
    voter = await sync_to_async(make_participant)(seminar)
    yes = await poll.choices.aget(label="Ja")
    await sync_to_async(activities.open_poll)(poll=poll)

    async with connected(f"/ws/live/projector/{seminar.projector_token}/") as projector:
        await projector.receive_from()
        await sync_to_async(services.cast_vote)(
            poll_id=poll.pk, participant=voter, choice_ids=[yes.pk]
        )
        counted = await projector.receive_from(timeout=2)
        # A render after a vote the update before it had already counted: the same screen.
        await sync_to_async(results_changed)(seminar.pk)
        assert await projector.receive_nothing(timeout=0.5)

        async with connected(f"/ws/live/projector/{seminar.projector_token}/") as late:
            await late.receive_from()
            # The screen a socket got as it joined may be older: the next update goes out.
            await sync_to_async(results_changed)(seminar.pk)
            assert await late.receive_from(timeout=2) == counted

    assert re.findall(r'class="result-row__count">(\d+)<', counted) == ["1", "0"]


@pytest.mark.parametrize(
    "headers",
    [
        [(b"origin", b"http://evil.example"), (b"host", b"testserver")],
        [(b"host", b"testserver")],
        [(b"origin", b"http://testserver:8000"), (b"host", b"testserver")],
    ],
)
async def test_a_socket_from_another_sites_page_is_refused(headers):
    owner = await sync_to_async(make_user)()
    seminar = await setup(facilitator=owner)
    cookies = await sync_to_async(facilitator_cookies)(owner)
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    communicator = WebsocketCommunicator(
        application,
        f"/ws/live/console/{seminar.slug}/",
        headers=[*headers, (b"cookie", cookie.encode())],
    )

    accepted, _code = await communicator.connect()
    await communicator.disconnect()

    assert accepted is False


async def test_a_phone_waiting_to_be_let_in_redraws_the_console_alone():
    owner = await sync_to_async(make_user)()
    seminar = await setup(facilitator=owner)
    seminar.admission_closed = True
    await seminar.asave(update_fields=["admission_closed"])
    revision = (await LiveState.objects.aget(seminar=seminar)).revision

    async with (
        connected(
            f"/ws/live/console/{seminar.slug}/", await sync_to_async(facilitator_cookies)(owner)
        ) as console,
        connected(f"/ws/live/projector/{seminar.projector_token}/") as projector,
    ):
        await console.receive_from()
        await projector.receive_from()
        await sync_to_async(joined_phone_cookies)(seminar)  # waits: admission is closed
        update = await console.receive_from()
        assert await projector.receive_nothing(timeout=0.3)

    assert re.findall(r'<h3 id="waiting-heading">([^<]+)</h3>', update) == ["1 telefon venter"]
    assert (await LiveState.objects.aget(seminar=seminar)).revision == revision


def sorting_columns(console_html: str) -> dict[str, list[str]]:
    """The console's note-sorting board as a facilitator reads it: each theme's heading
    (without its count) and the notes under it."""
    columns = {}
    for section in console_html.split('<section class="note-sorting__theme')[1:]:
        heading = re.search(r"<h4 [^>]*>([^<]+?) <span", section)
        assert heading is not None
        labels = re.findall(r'data-note="\d+">.*?<label [^>]*>(.*?)</label>', section)
        columns[heading.group(1)] = [re.sub(r"<[^>]+>", "", label).strip() for label in labels]
    return columns


async def test_a_console_button_is_answered_with_the_board_its_action_left():
    """Sorting a note changes the console without a new revision, and the console's screen
    of this revision was rendered (and once cached) when its socket connected: the button's
    answer, the socket's update and a catch-up GET must all show the note moved."""
    from exercises import services as exercises
    from exercises.models import Theme
    from live import activities
    from tests.factories import make_exercise, seat

    owner = await sync_to_async(make_user)()
    seminar = await setup(facilitator=owner)
    exercise = await sync_to_async(make_exercise)(seminar, kind="notes", grouping="individual")
    roles = await Theme.objects.acreate(exercise=exercise, name="Roller")
    note = await sync_to_async(exercises.contribute)(
        exercise_id=exercise.pk,
        participant=await sync_to_async(seat)(seminar),
        entry=exercises.Entry(text="Kaffe!"),
    )
    await sync_to_async(activities.show_exercise)(exercise=exercise)
    cookies = await sync_to_async(facilitator_cookies)(owner)
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    htmx = {"HTTP_HX_REQUEST": "true"}

    async with connected(f"/ws/live/console/{seminar.slug}/", cookies) as console:
        before = await console.receive_from()
        answer = await sync_to_async(client.post)(
            f"/seminars/{seminar.slug}/exercises/{exercise.pk}/sort/",
            {"note": [note.pk], "theme": roles.pk},
            **htmx,
        )
        caught_up = await sync_to_async(client.get)(f"/seminars/{seminar.slug}/console/screen/")
        update = await console.receive_from(timeout=2)
        while 'id="console-exercise"' not in update:
            update = await console.receive_from(timeout=2)

    assert sorting_columns(before) == {"Roller": [], "Ikke sortert": ["Kaffe!"]}
    moved = {"Roller": ["Kaffe!"], "Ikke sortert": []}
    assert sorting_columns(answer.text) == moved
    assert sorting_columns(caught_up.text) == moved
    assert sorting_columns(update) == moved


async def test_a_phone_joining_its_seminars_connected_room_gets_the_screen_without_a_query():
    """A hall reconnecting after a restart: once one socket of the seminar is here, the hub
    knows the revision from what is published, and the next phones get that revision's
    cached screen without reading the database; a published change is what moves it on."""
    seminar = await setup(items=3)
    cookies = await sync_to_async(joined_phone_cookies)(seminar)

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as first:
        from_the_cache = await joined_after_an_unpublished_move(first, seminar, cookies)
        await sync_to_async(live.step)(seminar=seminar, by=1)
        await first.receive_from()
        async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as third:
            after_the_change = await third.receive_from()

    assert TITLE.findall(from_the_cache) == ["Slide 1.1.1"]
    assert TITLE.findall(after_the_change) == ["Slide 1.3.1"]  # one on from the second


async def test_the_revision_known_from_a_handshake_serves_only_for_a_moment(monkeypatch):
    """What a process knows of the revision is asked of the database again soon: a publish
    that failed, or a message the layer dropped, does not keep phones on an old screen."""
    from live import hub

    monkeypatch.setattr(hub, "KNOWN_REVISION_SECONDS", 0.0)
    seminar = await setup(items=3)
    cookies = await sync_to_async(joined_phone_cookies)(seminar)

    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as first:
        html = await joined_after_an_unpublished_move(first, seminar, cookies)

    assert TITLE.findall(html) == ["Slide 1.2.1"]


async def joined_after_an_unpublished_move(first, seminar: Seminar, cookies) -> str:
    """With `first` connected, the room moves to its second slide and nobody is told (as
    no service does); then another phone joins: its first screen. A phone that asks the
    database sees the move; one given the hub's revision does not."""
    from django.db.models import F

    from live.screens import slide_sequence

    await first.receive_from()
    second_slide = (await sync_to_async(slide_sequence)(seminar.pk))[1].id
    await LiveState.objects.filter(seminar=seminar).aupdate(
        slide_id=second_slide, revision=F("revision") + 1
    )
    async with connected(f"/ws/live/phone/{seminar.join_code}/", cookies) as second:
        html: str = await second.receive_from()
    return html
