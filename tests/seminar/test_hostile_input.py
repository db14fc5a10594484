"""Random and hostile text at the forms people type into: every answer is a clear refusal
or is stored and shown escaped; never a server error, never markup of the sender's."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import Contribution
from live import activities
from live.audiences import PROJECTOR
from live.screens import render_screens
from tests.factories import make_exercise, make_poll, make_seminar, make_tables, make_user

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=400),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "{{ 7*7 }}{% now 'Y' %}",
            "\x00\x1b[31m\u202e\u200b",
            "Ø" * 5000,
            "\ufdfa" * 100 + "\U0001d54f" * 100,  # wide and astral characters
            "' OR 1=1 --",
            "\r\n\r\nSet-Cookie: x=1",
        ]
    ),
)
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def room():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    phone = Client()
    phone.post(f"/j/{seminar.join_code}/", {"side": "elected", "group": table.pk})
    exercise = make_exercise(seminar, max_length=280)
    activities.show_exercise(exercise=exercise)
    facilitator = make_user()
    seminar.facilitators.add(facilitator)
    console = Client()
    console.force_login(facilitator)
    return seminar, phone, exercise, console


class Markup(HTMLParser):
    """The tags and attributes a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.bad.append("an inline script")
        self.bad += [f"{tag} {name}" for name in names if name.startswith("on")]


def no_markup_of_theirs(html: str) -> bool:
    """No script and no event handler in the page: what was sent stayed text."""
    parser = Markup()
    parser.feed(html)
    return parser.bad == []


@EXAMPLES
@given(text=HOSTILE)
def test_any_flipover_answer_is_refused_clearly_or_stored_and_shown_escaped(room, text: str):
    seminar, phone, exercise, _console = room
    before = Contribution.objects.count()

    response = phone.post(
        f"/j/{seminar.join_code}/exercises/{exercise.pk}/", {"text": text}, **HTMX
    )

    assert response.status_code in {200, 400}
    if response.status_code == 400:
        assert re.search(r'class="entry__error" role="alert">[^<]+<', response.text)
        assert Contribution.objects.count() == before
    else:
        assert Contribution.objects.count() == before + 1
        assert no_markup_of_theirs(render_screens(seminar.pk)["screens"][PROJECTOR])
    assert no_markup_of_theirs(response.text)


@EXAMPLES
@given(text=HOSTILE)
def test_any_open_text_vote_is_refused_clearly_or_counted(room, text: str):
    seminar, phone, _exercise, _console = room
    poll = seminar.polls.filter(kind="open_text").first() or make_poll(
        seminar, kind="open_text", labels=()
    )

    response = phone.post(f"/j/{seminar.join_code}/polls/{poll.pk}/vote/", {"text": text}, **HTMX)

    assert response.status_code in {200, 400}
    assert no_markup_of_theirs(response.text)


@EXAMPLES
@given(nickname=HOSTILE, side=st.sampled_from(["elected", "administration", "x", ""]))
def test_any_join_form_is_refused_clearly_or_joins(room, nickname: str, side: str):
    seminar = room[0]
    seminar.allow_nicknames = True
    seminar.save()

    response = Client().post(f"/j/{seminar.join_code}/", {"side": side, "nickname": nickname})

    assert response.status_code in {200, 302}
    assert no_markup_of_theirs(response.text if response.status_code == 200 else "")


@EXAMPLES
@given(minutes=HOSTILE, names=HOSTILE)
def test_any_timer_length_or_group_names_get_an_answer_not_an_error(room, minutes: str, names: str):
    seminar, _phone, _exercise, console = room

    timer = console.post(
        f"/seminars/{seminar.slug}/console/timer-start/", {"minutes": minutes}, **HTMX
    )
    groups = console.post(
        f"/seminars/{seminar.slug}/groups/", {"action": "add", "kind": "party", "names": names}
    )

    assert timer.status_code in {200, 400}
    assert groups.status_code in {302, 400}
    assert no_markup_of_theirs(timer.text + (groups.text if groups.status_code == 400 else ""))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | HOSTILE,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@EXAMPLES
@given(path=st.lists(st.integers(0, 40), min_size=1, max_size=5), value=JSON)
def test_any_value_anywhere_in_a_programme_file_is_refused_clearly_or_imported(path, value):
    """One value of the KS programme file replaced by anything JSON can hold: the file
    is refused with a message, or imported; never a server error."""
    import io
    import json
    import zipfile

    from programmes.programme_file import TEMPLATE_PATH, ProgrammeRefused, import_programme
    from seminar.models import Seminar

    programme = json.loads(zipfile.ZipFile(TEMPLATE_PATH).read("programme.json"))
    node = programme
    for step in path[:-1]:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys or not isinstance(node[keys[step % len(keys)]], dict | list):
            break
        node = node[keys[step % len(keys)]]
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if keys:
        node[keys[path[-1] % len(keys)]] = value
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("programme.json", json.dumps(programme))
    before = Seminar.objects.count()

    try:
        import_programme(buffer.getvalue())
    except ProgrammeRefused as refused:
        assert str(refused)
        assert Seminar.objects.count() == before
