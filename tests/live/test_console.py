import re

import pytest
from django.test import Client
from django.urls import reverse

from live.models import LiveState
from live.screens import slide_sequence
from seminar.models import Participant
from tests.factories import make_seminar, make_user

pytestmark = pytest.mark.django_db


def current_title(seminar) -> str:
    state = LiveState.objects.get(seminar=seminar)
    return {ref.id: ref.title for ref in slide_sequence(seminar.pk)}[state.slide_id]


def test_console_is_for_the_seminars_own_facilitators_only(client: Client):
    seminar = make_seminar(facilitator=make_user())
    client.force_login(make_user())

    response = client.get(reverse("seminar:console", args=[seminar.slug]))

    assert response.status_code == 404


@pytest.mark.parametrize("items", [1, 6])
def test_console_shows_agenda_now_and_next_in_fixed_queries(
    client: Client, django_assert_num_queries, items: int
):
    me = make_user()
    seminar = make_seminar(facilitator=me, items=items, slides_per_item=3)
    client.force_login(me)

    with django_assert_num_queries(12):  # the import form lists the items once more
        response = client.get(reverse("seminar:console", args=[seminar.slug]))

    agenda = re.findall(r"<time>[0-9.]+</time> (Day \d item \d+)\s*</button>", response.text)
    assert agenda == [f"Day {day} item {i}" for day in (1, 2) for i in range(1, items + 1)]
    assert re.findall(r'class="slide__title"[^>]*>([^<]+)<', response.text) == [
        "Slide 1.1.1",
        "Slide 1.1.2",
    ]
    assert re.findall(r'class="slide-strip__button"[^>]*>([^<]+)<', response.text) == [
        "Slide 1.1.1",
        "Slide 1.1.2",
        "Slide 1.1.3",
    ]


def test_next_previous_and_jumping_to_an_item_move_the_room(client: Client):
    me = make_user()
    seminar = make_seminar(facilitator=me, items=2, slides_per_item=2)
    client.force_login(me)
    control = lambda action, **data: client.post(  # noqa: E731
        reverse("seminar:control", args=[seminar.slug, action]),
        data,
        headers={"hx-request": "true"},
    )

    control("next")
    after_next = current_title(seminar)
    control("previous")
    after_previous = current_title(seminar)
    second_item = seminar.days.get(number=2).items.get(order=2)
    response = control("item", item=second_item.pk)

    assert (after_next, after_previous, current_title(seminar)) == (
        "Slide 1.1.2",
        "Slide 1.1.1",
        "Slide 2.2.1",
    )
    assert re.findall(
        r'id="console-current".*?class="slide__title"[^>]*>([^<]+)<', response.text, re.S
    ) == ["Slide 2.2.1"]


def test_plain_form_posts_work_without_javascript(client: Client):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    client.force_login(me)

    response = client.post(reverse("seminar:control", args=[seminar.slug, "blank"]))

    assert response["Location"] == f"/seminars/{seminar.slug}/console/"
    assert LiveState.objects.get(seminar=seminar).blank is True


def test_a_timer_of_nonsense_length_is_refused_with_a_message(client: Client):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    client.force_login(me)

    response = client.post(
        reverse("seminar:control", args=[seminar.slug, "timer-start"]), {"minutes": "-3"}
    )

    assert response.status_code == 400
    assert re.findall(r'<p id="console-message"[^>]*><strong>([^<]+)</strong>', response.text) == [
        "Gi tidtakeren en lengde i minutter, fra 0,05 (3 sekunder) til 480."
    ]
    assert LiveState.objects.get(seminar=seminar).timer_state == "idle"


def test_a_timer_preset_starts_the_countdown(client: Client):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    client.force_login(me)

    client.post(reverse("seminar:control", args=[seminar.slug, "timer-start"]), {"minutes": "10"})

    state = LiveState.objects.get(seminar=seminar)
    assert (state.timer_state, state.timer_total_seconds) == ("running", 600)


def test_participants_and_strangers_cannot_drive_the_room(client: Client):
    seminar = make_seminar(facilitator=make_user())
    client.post(f"/j/{seminar.join_code}/", {"side": "elected"})
    before = LiveState.objects.get(seminar=seminar).revision

    as_participant = client.post(reverse("seminar:control", args=[seminar.slug, "next"]))
    client.force_login(make_user())
    as_stranger = client.post(reverse("seminar:control", args=[seminar.slug, "next"]))

    assert as_participant["Location"].startswith("/login/")
    assert as_stranger.status_code == 404
    assert LiveState.objects.get(seminar=seminar).revision == before
    assert Participant.objects.count() == 1


@pytest.mark.parametrize("items", [1, 6])
def test_projector_page_runs_fixed_queries(client: Client, django_assert_num_queries, items: int):
    seminar = make_seminar(items=items)
    client.get(reverse("seminar:projector", args=[seminar.projector_token]))  # fills the cache

    with django_assert_num_queries(2):
        response = client.get(reverse("seminar:projector", args=[seminar.projector_token]))

    assert re.findall(r'class="slide__title"[^>]*>([^<]+)<', response.text) == ["Slide 1.1.1"]
    assert f'<strong class="join-code">{seminar.join_code}</strong>' in response.text
    assert f"http://testserver/j/{seminar.join_code}/" in response.text


@pytest.mark.parametrize("items", [1, 6])
def test_rendering_every_screen_runs_fixed_queries(django_assert_num_queries, items: int):
    from live.screens import render_screens

    seminar = make_seminar(items=items, slides_per_item=3)

    with django_assert_num_queries(8):
        message = render_screens(seminar.pk)

    assert sorted(message["screens"]) == [
        "console",
        "phone:en",
        "phone:nb",
        "phone:nn",
        "projector",
    ]


def test_projector_with_a_wrong_token_is_not_found(client: Client):
    make_seminar()

    response = client.get(reverse("seminar:projector", args=["not-the-token"]))

    assert response.status_code == 404


def test_clock_tells_the_server_time_in_milliseconds(client: Client):
    import time

    before = int(time.time() * 1000)
    now = client.get("/clock/").json()["now"]

    assert before <= now <= int(time.time() * 1000)


def test_the_planned_time_button_counts_down_the_current_items_planned_minutes(client: Client):
    me = make_user()
    seminar = make_seminar(facilitator=me, items=2)  # items plan 30 minutes each
    client.force_login(me)

    client.post(reverse("seminar:control", args=[seminar.slug, "timer-planned"]))

    assert LiveState.objects.get(seminar=seminar).timer_total_seconds == 30 * 60


@pytest.mark.parametrize("bad_id", ["²", "abc", "-1", "99999999999999999999", ""])
def test_a_slide_id_that_is_not_a_number_is_refused_with_a_message(client: Client, bad_id: str):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    client.force_login(me)

    response = client.post(
        reverse("seminar:control", args=[seminar.slug, "slide"]), {"slide": bad_id}
    )

    # Issue 16: it said "Unknown console action.", which sent the reader looking for a
    # wrong action name; the slide is what is wrong.
    assert response.status_code == 400
    assert re.findall(r'<p id="console-message"[^>]*><strong>([^<]+)</strong>', response.text) == [
        "Det lysbildet hører ikke til dette seminaret."
    ]


def test_a_next_is_answered_with_the_screen_its_broadcast_rendered_until_a_change_counts(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    from live import services as live
    from live.results import count_vote
    from live.screens import render_console

    seminar = make_seminar(items=3)
    with django_capture_on_commit_callbacks(execute=True):
        live.step(seminar=seminar, by=1)  # the broadcast renders the console's screen

    with django_assert_num_queries(1):  # the revision: the rest from the cache
        after_next = render_console(seminar.pk)
    Participant.objects.create(seminar=seminar, side=Participant.Side.ELECTED)
    count_vote(seminar.pk)  # as a stored vote, a sorted note or a waiting phone does
    after_a_change = render_console(seminar.pk)

    def title(html: str) -> list[str]:
        return re.findall(r'id="console-current".*?class="slide__title"[^>]*>([^<]+)<', html, re.S)

    def joined(html: str) -> list[str]:
        return re.findall(r'id="console-joined"[^>]*>([^<]+)<', html)

    assert title(after_next) == title(after_a_change) == ["Slide 1.2.1"]
    assert (joined(after_next), joined(after_a_change)) == (
        ["0 har blitt med"],
        ["1 har blitt med"],
    )


def test_the_cache_keeps_each_screens_latest_copy_not_one_a_revision(
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache

    from live import services as live
    from live.audiences import PROJECTOR
    from live.screens import cached_screens

    seminar = make_seminar(items=5)
    revisions = []
    for _step in range(8):
        with django_capture_on_commit_callbacks(execute=True):
            live.step(seminar=seminar, by=1)  # each broadcast caches every screen it drew
        revisions.append(LiveState.objects.get(seminar=seminar).revision)

    # The keys in the cache's own store: the local memory's, or Redis's.
    store = cache._cache  # type: ignore[attr-defined]  # the backends' own stores
    keys = (
        [key.decode() for key in store.get_client(None).keys("*")]
        if hasattr(store, "get_client")
        else list(store)
    )
    stored = sorted(key.split(":", 2)[-1] for key in keys if ":plenum:" in key)
    assert stored == [
        f"plenum:console:{seminar.pk}",
        f"plenum:results-version:{seminar.pk}",
        f"plenum:screen:{seminar.pk}:phone:en",
        f"plenum:screen:{seminar.pk}:phone:nb",
        f"plenum:screen:{seminar.pk}:phone:nn",
        f"plenum:screen:{seminar.pk}:projector",
    ]
    assert cached_screens(seminar.pk, revisions[-2], [PROJECTOR]) is None  # gone
    (projector,) = cached_screens(seminar.pk, revisions[-1], [PROJECTOR]) or [""]
    assert f'data-revision="{revisions[-1]}"' in projector
