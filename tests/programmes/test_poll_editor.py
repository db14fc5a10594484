"""Polls on a slide, made and edited by the seminar's facilitators: each kind with only
what it needs, each refusal with its message, votes kept by a new wording and removed
only after the editor said how many go, and the second of two saves refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from agenda.models import Slide
from live import activities
from live.models import LiveState
from polls.models import Ballot, Choice, Poll
from seminar.models import Seminar
from tests.factories import make_poll, make_seminar, make_user, seat

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'<div class="error-summary[^"]*" role="alert"[^>]*>(.*?)</div>', re.S)
SUMMARY_LINKS = re.compile(r'<li><a href="#([^"]+)">([^<]+)</a></li>')
FIELD_ERRORS = re.compile(
    r'<div class="field-errors"[^>]*><ul class="errorlist[^"]*"[^>]*><li>([^<]+)<'
)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"[^>]*>')
CHANGED_MEANWHILE = "Someone else saved this in another window while you were editing."


def english(client: Client) -> Client:
    # The messages are asserted in their English source text: the catalogues may change.
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _language_restored() -> Iterator[None]:
    # A request in English leaves the thread's language English: the next test's is not.
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture
def mine(client: Client) -> Seminar:
    me = make_user("kari")
    english(client).force_login(me)
    return make_seminar(facilitator=me, items=1, slides_per_item=2)


def first_slide(seminar: Seminar) -> Slide:
    return Slide.objects.filter(item__day__seminar=seminar).order_by("item__day__number", "pk")[0]


def new_url(seminar: Seminar, slide: Slide) -> str:
    return f"/seminars/{seminar.slug}/slides/{slide.pk}/polls/new/"


def edit_url(seminar: Seminar, poll: Poll) -> str:
    return f"/seminars/{seminar.slug}/polls/{poll.pk}/"


def form_data(
    kind: str,
    question: str = "Hva mener du?",
    labels: tuple[str, ...] = (),
    *,
    ids: tuple[int | str, ...] = (),
    lights: tuple[str, ...] = (),
    version: str = "",
    **fields: Any,
) -> dict[str, Any]:
    """What the editor's form posts: the question, the kind, its choice rows and fields."""
    data: dict[str, Any] = {
        "version": version,
        "kind": kind,
        "question": question,
        "results": "live",
        "answer_key": "",
        "answer_key_rules": "",
        "answer_key_law_version": "",
    }
    if labels:
        data |= {"choices-TOTAL_FORMS": len(labels), "choices-INITIAL_FORMS": len(labels)}
        for number, label in enumerate(labels):
            data[f"choices-{number}-label"] = label
            data[f"choices-{number}-choice"] = ids[number] if number < len(ids) else ""
            if lights:
                data[f"choices-{number}-light"] = lights[number] if number < len(lights) else ""
    return data | fields


def version_of(page: str) -> str:
    return str(dict(HIDDEN.findall(page))["version"])


def edit_data(client: Client, seminar: Seminar, poll: Poll, **changes: Any) -> dict[str, Any]:
    """The stored poll as its editor posts it, with `changes`."""
    choices = list(poll.choices.order_by("order"))
    data = form_data(
        poll.kind,
        poll.question,
        tuple(choice.label for choice in choices),
        ids=tuple(choice.pk for choice in choices),
        lights=tuple(choice.light for choice in choices) if poll.kind == "traffic_light" else (),
        version=version_of(client.get(edit_url(seminar, poll)).text),
        max_choices=poll.max_choices,
        scale_min=poll.scale_min,
        scale_max=poll.scale_max,
        scale_min_label=poll.scale_min_label,
        scale_max_label=poll.scale_max_label,
    )
    return data | changes


def refusals(response: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """The summary's links (to which field, what) and the messages next to the fields."""
    page = response.content.decode()
    summary = SUMMARY.search(page)
    links = [(anchor, unescape(text)) for anchor, text in SUMMARY_LINKS.findall(summary[1])]
    return links, [unescape(message) for message in FIELD_ERRORS.findall(page)]


def stored(poll: Poll) -> tuple[Any, ...]:
    poll.refresh_from_db()
    return (
        poll.kind,
        poll.question,
        poll.max_choices,
        poll.scale_min,
        poll.scale_max,
        [(choice.label, choice.light) for choice in poll.choices.order_by("order")],
    )


def give_votes(poll: Poll, count: int) -> None:
    seminar = poll.seminar
    for number in range(count):
        ballot = Ballot.objects.create(
            poll=poll, participant=seat(seminar), value=poll.scale_min, text=f"svar {number}"
        )
        if poll.has_choices:
            ballot.choices.add(poll.choices.order_by("order")[0])


# Each kind, made and edited -----------------------------------------------------------------

VALID: dict[str, tuple[dict[str, Any], dict[str, Any], list[tuple[str, str]]]] = {
    "single": (
        form_data("single", "Hvem bestemmer?", ("Kommunestyret", "Ordføreren")),
        {"max_choices": 1},
        [("Kommunestyret", ""), ("Ordføreren", "")],
    ),
    "multiple": (
        form_data("multiple", "Hva er viktigst?", ("Skole", "Helse", "Vei"), max_choices="2"),
        {"max_choices": 2},
        [("Skole", ""), ("Helse", ""), ("Vei", "")],
    ),
    "scale": (
        form_data(
            "scale",
            "Hvor enig er du?",
            scale_min="0",
            scale_max="10",
            scale_min_label="Helt uenig",
            scale_max_label="Helt enig",
        ),
        {"scale_min": 0, "scale_max": 10, "scale_min_label": "Helt uenig"},
        [],
    ),
    "traffic_light": (
        form_data(
            "traffic_light",
            "Er det greit?",
            ("Greit", "Usikker", "Ikke greit"),
            lights=("green", "yellow", "red"),
            results="on_reveal",
            answer_key="Nei: inhabil.",
            answer_key_rules="Forvaltningsloven § 6 andre ledd",
            answer_key_law_version="Gjeldende rett per 2026",
            answer_key_is_judgement="on",
        ),
        {
            "results": "on_reveal",
            "answer_key": "Nei: inhabil.",
            "answer_key_rules": "Forvaltningsloven § 6 andre ledd",
            "answer_key_law_version": "Gjeldende rett per 2026",
            "answer_key_is_judgement": True,
        },
        [("Greit", "green"), ("Usikker", "yellow"), ("Ikke greit", "red")],
    ),
    "open_text": (form_data("open_text", "Ett ord om dagen?"), {}, []),
    "ranking": (
        form_data("ranking", "Hva først?", ("Klima", "Økonomi", "Skole", "Helse"), max_choices="3"),
        {"max_choices": 3},
        [("Klima", ""), ("Økonomi", ""), ("Skole", ""), ("Helse", "")],
    ),
}


@pytest.mark.parametrize("kind", list(VALID))
def test_a_poll_of_each_kind_is_made_on_its_slide_and_edited(client, mine, kind):
    slide = first_slide(mine)
    Poll.objects.filter(pk=make_poll(mine).pk).update(order=4)  # the new one comes after it
    data, fields, choices = VALID[kind]
    revision = LiveState.objects.get(seminar=mine).revision

    made = client.post(new_url(mine, slide), data)

    poll = Poll.objects.get(slide=slide)
    assert made.status_code == 302
    assert made["Location"] == f"{edit_url(mine, poll)}?saved=new"
    assert (poll.seminar_id, poll.kind, poll.question, poll.order) == (
        mine.pk,
        kind,
        data["question"],
        5,
    )
    assert {name: getattr(poll, name) for name in fields} == fields
    assert [(choice.label, choice.light) for choice in poll.choices.order_by("order")] == choices
    assert LiveState.objects.get(seminar=mine).revision == revision + 1
    assert "The poll is made." in client.get(made["Location"]).text

    edited = client.post(
        edit_url(mine, poll), edit_data(client, mine, poll, question="Ny ordlyd?", results="live")
    )

    poll.refresh_from_db()
    assert edited["Location"] == f"{edit_url(mine, poll)}?saved=edit"
    assert (poll.question, poll.results, poll.kind) == ("Ny ordlyd?", "live", kind)
    assert LiveState.objects.get(seminar=mine).revision == revision + 2


def test_the_kind_in_the_address_is_chosen_and_only_its_fields_are_shown(client, mine):
    slide = first_slide(mine)

    scale = client.get(f"{new_url(mine, slide)}?kind=scale").text
    light = client.get(f"{new_url(mine, slide)}?kind=traffic_light").text
    text = client.get(f"{new_url(mine, slide)}?kind=open_text").text
    multiple = client.get(f"{new_url(mine, slide)}?kind=multiple").text

    assert '<option value="scale" selected>' in scale
    assert 'name="scale_min"' in scale and 'name="choices-0-label"' not in scale
    assert 'name="max_choices"' not in scale
    assert re.findall(r'<option value="(\w+)" selected>', light)[1:] == ["green", "yellow", "red"]
    assert 'name="scale_min"' not in light and 'name="max_choices"' not in light
    assert 'name="choices-' not in text and 'name="scale_min"' not in text
    assert 'name="max_choices"' in multiple and 'name="choices-1-light"' not in multiple


# Refusals -----------------------------------------------------------------------------------

LONG = "x" * 501
REFUSED = [
    ("single", {"question": ""}, "id_question", "Write the question."),
    (
        "single",
        {"question": LONG},
        "id_question",
        "Keep the question to 500 characters; this is 501.",
    ),
    ("single", {"kind": "quiz"}, "id_kind", "Choose one of the kinds in the list."),
    (
        "ranking",
        form_data("ranking", "Hva først?", ("A", "B"), max_choices="3"),
        "id_max_choices",
        "There are 2 choices: at most 2 places.",
    ),
    (
        "single",
        {"choices-1-label": "  \u202e\u200b "},
        "id_choices-1-label",
        "Choice 2: Write this choice, or remove it.",
    ),
    (
        "multiple",
        {"choices-0-label": "y" * 201},
        "id_choices-0-label",
        "Choice 1: Keep a choice to 200 characters; this is 201.",
    ),
    (
        "single",
        {"choices-TOTAL_FORMS": 1, "choices-INITIAL_FORMS": 1},
        "choices",
        "Give at least 2 choices.",
    ),
    (
        "single",
        form_data("single", "Hva?", tuple(f"Valg {n}" for n in range(13))),
        "choices",
        "Give at most 12 choices: remove some.",
    ),
    (
        "traffic_light",
        form_data("traffic_light", "Hva?", ("A", "B", "C", "D"), lights=("green",) * 4),
        "choices",
        "Give at most 3 choices: remove some.",
    ),
    (
        "traffic_light",
        {"choices-2-light": ""},
        "id_choices-2-light",
        "Choice 3: Choose this choice's light.",
    ),
    (
        "traffic_light",
        {"choices-0-light": "blue"},
        "id_choices-0-light",
        "Choice 1: Select a valid choice. blue is not one of the available choices.",
    ),
    (
        "multiple",
        {"max_choices": "0"},
        "id_max_choices",
        "Write a whole number from 1 to the number of choices.",
    ),
    (
        "multiple",
        {"max_choices": "4"},
        "id_max_choices",
        "There are 3 choices: allow at most 3 picks.",
    ),
    (
        "multiple",
        {"max_choices": ""},
        "id_max_choices",
        "Say how many choices each person may pick.",
    ),
    ("scale", {"scale_min": "2"}, "id_scale_min", "The scale starts at 0 or 1."),
    ("scale", {"scale_min": "-1"}, "id_scale_min", "The scale starts at 0 or 1."),
    ("scale", {"scale_max": "11"}, "id_scale_max", "The scale ends at a number from 2 to 10."),
    ("scale", {"scale_max": "fem"}, "id_scale_max", "The scale ends at a number from 2 to 10."),
    (
        "scale",
        {"scale_max_label": "z" * 61},
        "id_scale_max_label",
        "Keep it to 60 characters; this is 61.",
    ),
    ("open_text", {"results": "never"}, "id_results_0", "Choose when the room sees the results."),
    (
        "open_text",
        {"answer_key_law_version": "§" * 301},
        "id_answer_key_law_version",
        "Keep it to 300 characters; this is 301.",
    ),
]


@pytest.mark.parametrize(("kind", "changes", "field", "message"), REFUSED)
def test_each_refusal_says_why_next_to_the_field_and_in_the_summary(
    client, mine, kind, changes, field, message
):
    data, _fields, _choices = VALID[kind]
    data = (changes if "version" in changes else data | changes) | {"answer_key": "Mitt svar"}

    response = client.post(new_url(mine, first_slide(mine)), data)

    links, next_to_fields = refusals(response)
    assert response.status_code == 400
    assert links == [(field, message)]
    assert next_to_fields == [
        message.partition(": ")[2] if field.startswith("id_choices") else message
    ]
    assert Poll.objects.count() == 0
    assert "Mitt svar</textarea>" in response.text  # nothing typed is lost


def test_typed_text_loses_its_control_characters(client, mine):
    data = form_data("single", "\u202eHvem\x00 bestemmer?\u200b ", ("Ja\x1b", " Nei "))

    client.post(new_url(mine, first_slide(mine)), data)

    poll = Poll.objects.get()
    assert poll.question == "Hvem bestemmer?"
    assert [choice.label for choice in poll.choices.order_by("order")] == ["Ja", "Nei"]


def test_a_refused_edit_keeps_what_was_typed_and_changes_nothing(client, mine):
    poll = make_poll(mine, labels=("Ja", "Nei", "Vet ikke"))
    before = stored(poll)
    data = edit_data(client, mine, poll, question="Nytt spørsmål", **{"choices-1-label": ""})

    response = client.post(edit_url(mine, poll), data)

    assert response.status_code == 400
    assert refusals(response)[0] == [
        ("id_choices-1-label", "Choice 2: Write this choice, or remove it.")
    ]
    assert "Nytt spørsmål</textarea>" in response.text
    assert 'value="Vet ikke"' in response.text
    assert stored(poll) == before


# Votes: kept by a new wording, removed only after saying how many go -------------------------


def test_new_wording_and_order_keep_the_votes(client, mine):
    poll = make_poll(mine, labels=("Ja", "Nei", "Vet ikke"))
    give_votes(poll, 4)
    yes, no, unsure = poll.choices.order_by("order")
    data = edit_data(client, mine, poll, question="Er dette greit?") | {
        "choices-0-choice": unsure.pk,
        "choices-0-label": "Usikker",
        "choices-1-choice": yes.pk,
        "choices-1-label": "Ja, greit",
        "choices-2-choice": no.pk,
        "choices-2-label": "Nei",
    }

    response = client.post(edit_url(mine, poll), data)

    assert response.status_code == 302
    assert stored(poll)[1] == "Er dette greit?"
    assert stored(poll)[5] == [("Usikker", ""), ("Ja, greit", ""), ("Nei", "")]
    assert Ballot.objects.filter(poll=poll).count() == 4
    assert set(Ballot.objects.filter(poll=poll).values_list("choices", flat=True)) == {yes.pk}


def test_scale_labels_and_lights_and_the_answer_key_keep_the_votes(client, mine):
    scale = make_poll(mine, kind="scale", labels=())
    light = make_poll(
        mine, kind="traffic_light", labels=("A", "B", "C"), lights=("green", "yellow", "red")
    )
    give_votes(scale, 2)
    give_votes(light, 3)

    client.post(
        edit_url(mine, scale),
        edit_data(client, mine, scale, scale_min_label="Lite", scale_max_label="Mye"),
    )
    client.post(
        edit_url(mine, light),
        edit_data(client, mine, light, answer_key="Grønt.", **{"choices-1-light": "red"}),
    )

    scale.refresh_from_db()
    light.refresh_from_db()
    assert (scale.scale_min_label, scale.scale_max_label) == ("Lite", "Mye")
    assert (light.answer_key, stored(light)[5][1]) == ("Grønt.", ("B", "red"))
    assert (scale.ballots.count(), light.ballots.count()) == (2, 3)


def _add_a_choice(data: dict[str, Any]) -> dict[str, Any]:
    return data | {
        "choices-TOTAL_FORMS": 4,
        "choices-INITIAL_FORMS": 4,
        "choices-3-label": "Kanskje",
        "choices-3-choice": "",
    }


def _remove_a_choice(data: dict[str, Any]) -> dict[str, Any]:
    return data | {"choices-TOTAL_FORMS": 2, "choices-INITIAL_FORMS": 2}


def _merge_two(data: dict[str, Any]) -> dict[str, Any]:
    # "Nei" and "Vet ikke" become one new choice.
    return data | {
        "choices-TOTAL_FORMS": 2,
        "choices-INITIAL_FORMS": 2,
        "choices-1-label": "Nei, eller vet ikke",
        "choices-1-choice": "",
    }


RESETS = {
    "a choice added": ("single", _add_a_choice),
    "a choice removed": ("single", _remove_a_choice),
    "two choices merged": ("single", _merge_two),
    "another kind": ("single", lambda data: data | {"kind": "multiple", "max_choices": 1}),
    "another number of picks": ("multiple", lambda data: data | {"max_choices": 3}),
    "another scale": ("scale", lambda data: data | {"scale_max": 7}),
}


@pytest.mark.parametrize("edit", list(RESETS))
def test_an_edit_that_resets_the_votes_asks_first_then_removes_them(client, mine, edit):
    kind, change = RESETS[edit]
    labels = () if kind == "scale" else ("Ja", "Nei", "Vet ikke")
    poll = make_poll(mine, kind=kind, labels=labels, max_choices=2 if kind == "multiple" else 1)
    give_votes(poll, 14)
    Poll.objects.filter(pk=poll.pk).update(results="on_reveal", revealed=True)
    before = stored(poll)
    data = change(edit_data(client, mine, poll, question="Ny ordlyd", results="on_reveal"))
    revision = LiveState.objects.get(seminar=mine).revision

    asked = client.post(edit_url(mine, poll), data)

    page = unescape(asked.text)
    assert asked.status_code == 200
    assert "This change removes the 14 votes given so far. Save and remove them?" in page
    assert (stored(poll), poll.ballots.count()) == (before, 14)
    assert LiveState.objects.get(seminar=mine).revision == revision

    confirm_form = asked.text.split('<section class="poll-confirm"')[1].split("</form>")[0]
    carried: dict[str, list[str]] = {}
    for name, value in HIDDEN.findall(confirm_form):
        carried.setdefault(name, []).append(unescape(value))
    assert carried["votes_may_go"] == ["yes"]
    assert carried["question"] == ["Ny ordlyd"]

    confirmed = client.post(edit_url(mine, poll), carried)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"{edit_url(mine, poll)}?saved=edit&removed=14"
    assert "Its 14 votes were removed." in client.get(confirmed["Location"]).text
    assert stored(poll) != before and stored(poll)[1] == "Ny ordlyd"
    assert poll.ballots.count() == 0
    assert not poll.revealed  # the new results wait to be revealed again
    assert LiveState.objects.get(seminar=mine).revision == revision + 1


def test_a_poll_without_votes_is_changed_without_asking(client, mine):
    poll = make_poll(mine, labels=("Ja", "Nei", "Vet ikke"))

    response = client.post(edit_url(mine, poll), _add_a_choice(edit_data(client, mine, poll)))

    assert response.status_code == 302
    assert [label for label, _light in stored(poll)[5]] == ["Ja", "Nei", "Vet ikke", "Kanskje"]


def test_the_editor_says_how_many_have_answered_before_any_change(client, mine):
    poll = make_poll(mine, labels=("Ja", "Nei"))
    give_votes(poll, 3)

    page = client.get(edit_url(mine, poll)).text

    assert "3 people have answered this poll." in page
    assert "what you save reaches the projector and the phones at once" in page


# Two facilitators ---------------------------------------------------------------------------


def test_the_second_of_two_saves_is_refused_with_its_text_kept(client, mine):
    poll = make_poll(mine, labels=("Ja", "Nei"))
    colleague = english(Client())
    co_facilitator = make_user("per")
    mine.facilitators.add(co_facilitator)
    colleague.force_login(co_facilitator)
    mine_opened = edit_data(client, mine, poll, question="Min versjon")
    theirs = edit_data(colleague, mine, poll, question="Kollegaens versjon")

    first = colleague.post(edit_url(mine, poll), theirs)
    second = client.post(edit_url(mine, poll), mine_opened)

    assert first.status_code == 302
    assert second.status_code == 400
    assert CHANGED_MEANWHILE in unescape(second.text)
    assert "Min versjon</textarea>" in second.text
    assert stored(poll)[1] == "Kollegaens versjon"

    again = client.post(edit_url(mine, poll), mine_opened | {"version": version_of(second.text)})

    assert again.status_code == 302
    assert stored(poll)[1] == "Min versjon"


# Adding, removing and moving rows, and another kind, without saving ---------------------------


def test_a_choice_is_added_removed_and_moved_by_buttons_without_saving(client, mine):
    url = new_url(mine, first_slide(mine))
    data = form_data("single", "Hvem?", ("Ja", "Nei", "Kanskje"))

    added = client.post(url, data | {"op": "add"})
    removed = client.post(url, data | {"op": "remove-0"})
    moved = client.post(url, data | {"op": "up-2"})

    def labels(response: Any) -> list[str]:
        return re.findall(r'name="choices-\d+-label" value="([^"]*)"', response.text)

    assert labels(added) == ["Ja", "Nei", "Kanskje"]  # and a fourth, empty
    assert 'name="choices-3-label" maxlength="200" autofocus' in added.text
    assert "Choice 4 is added" in added.text
    assert labels(removed) == ["Nei", "Kanskje"]
    assert labels(moved) == ["Ja", "Kanskje", "Nei"]
    assert 'value="up-1" class="button--secondary" hx-post="' in moved.text
    assert re.search(r'value="up-1"[^>]* autofocus>', moved.text)
    assert "The choice moved to place 2 of 3." in moved.text
    assert "Hvem?</textarea>" in moved.text
    assert Poll.objects.count() == 0


def test_a_button_pressed_with_script_redraws_only_the_kinds_fields(client, mine):
    url = new_url(mine, first_slide(mine))

    response = client.post(
        url,
        form_data("single", "Hvem?", ("Ja", "Nei")) | {"op": "add"},
        headers={"hx-request": "true"},
    )

    assert response.text.lstrip().startswith('<div id="poll-kind-fields"')
    assert '<p id="poll-editor-status" hx-swap-oob="innerHTML">Choice 3 is added' in response.text
    assert "<html" not in response.text


def test_another_kind_keeps_what_was_typed_for_the_first(client, mine):
    url = new_url(mine, first_slide(mine))
    single = form_data("single", "Hvem?", ("Ja", "Nei"), scale_min="0", scale_max="7")

    as_scale = client.post(url, single | {"kind": "scale", "op": "kind"})
    carried = dict(HIDDEN.findall(as_scale.text))
    back = client.post(url, carried | {"question": "Hvem?", "kind": "single", "op": "kind"})

    assert 'name="scale_max" value="7"' in as_scale.text
    assert (carried["choices-0-label"], carried["choices-1-label"]) == ("Ja", "Nei")
    assert re.findall(r'name="choices-\d+-label" value="([^"]*)"', back.text) == ["Ja", "Nei"]
    assert Poll.objects.count() == 0


# Removing a poll ----------------------------------------------------------------------------


def test_removing_a_poll_says_how_many_votes_go_then_takes_them(client, mine):
    poll = make_poll(mine, labels=("Ja", "Nei"))
    poll.slide = first_slide(mine)
    poll.save(update_fields=["slide"])
    give_votes(poll, 3)
    url = f"/seminars/{mine.slug}/polls/{poll.pk}/remove/"

    asked = client.get(url)
    removed = client.post(url, {"confirm": "yes"})

    assert "Its 3 votes go with it, and cannot be brought back." in asked.text
    assert removed["Location"] == f"/seminars/{mine.slug}/slides/{poll.slide_id}/"
    assert not Poll.objects.filter(pk=poll.pk).exists()
    assert (Ballot.objects.count(), Choice.objects.count()) == (0, 0)


def test_the_poll_on_the_projector_is_not_removed(client, mine):
    poll = make_poll(mine, labels=("Ja", "Nei"))
    activities.show_poll(poll=poll)

    response = client.post(f"/seminars/{mine.slug}/polls/{poll.pk}/remove/", {"confirm": "yes"})

    assert response.status_code == 400
    assert "This poll is on the projector now." in response.text
    assert Poll.objects.filter(pk=poll.pk).exists()


# Who may ------------------------------------------------------------------------------------


def test_only_the_seminars_facilitators_make_edit_or_remove_its_polls(client, mine):
    poll = make_poll(mine, labels=("Ja", "Nei"))
    give_votes(poll, 2)
    slide = first_slide(mine)
    before = stored(poll)
    other = english(Client())
    other.force_login(make_user("annen"))
    phone = Client()
    phone.post(f"/j/{mine.join_code}/", {"side": "elected"})
    edit = form_data("single", "Kapret", ("A", "B"))
    remove = f"/seminars/{mine.slug}/polls/{poll.pk}/remove/"

    def tries(visitor: Client) -> list[int]:
        return [
            visitor.get(edit_url(mine, poll)).status_code,
            visitor.post(edit_url(mine, poll), edit).status_code,
            visitor.post(new_url(mine, slide), edit).status_code,
            visitor.post(remove, {"confirm": "yes"}).status_code,
        ]

    assert tries(other) == [404, 404, 404, 404]
    assert tries(phone) == [302, 302, 302, 302]
    assert tries(Client()) == [302, 302, 302, 302]
    assert Client().get(edit_url(mine, poll))["Location"].startswith("/login/?next=")
    assert stored(poll) == before
    assert (Poll.objects.count(), poll.ballots.count()) == (1, 2)


def test_a_poll_or_slide_of_another_seminar_is_not_found_through_mine(client, mine):
    elsewhere = make_seminar(facilitator=make_user("ola"), municipality="Lom kommune")
    their_poll = make_poll(elsewhere, labels=("Ja", "Nei"))
    their_slide = first_slide(elsewhere)

    answers = [
        client.get(edit_url(mine, their_poll)).status_code,
        client.post(edit_url(mine, their_poll), form_data("single", "X", ("A", "B"))).status_code,
        client.post(
            f"/seminars/{mine.slug}/polls/{their_poll.pk}/remove/", {"confirm": "yes"}
        ).status_code,
        client.get(new_url(mine, their_slide)).status_code,
        client.post(new_url(mine, their_slide), form_data("open_text", "X")).status_code,
    ]

    assert answers == [404, 404, 404, 404, 404]
    assert stored(their_poll)[1] == "Er det greit?"
    assert Poll.objects.count() == 1


# Fixed queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12])
def test_the_editor_runs_fixed_queries_for_few_and_many_choices(
    client, mine, django_assert_num_queries, count
):
    poll = make_poll(mine, kind="multiple", labels=tuple(f"Valg {n}" for n in range(count)))
    give_votes(poll, 3)
    data = edit_data(client, mine, poll) | {
        f"choices-{n}-label": f"Nytt valg {n}" for n in range(count)
    }

    # session, user, the seminar, the poll with its slide, its choices, its votes
    with django_assert_num_queries(6):
        page = client.get(edit_url(mine, poll))
    # session, user, seminar, poll, choices; the room locked and its revision saved; the
    # poll locked, its choices read under the lock, the poll saved, the choices' new words
    # in one update; six savepoints (the view's, the room's, the poll's: made and released)
    with django_assert_num_queries(17):
        saved = client.post(edit_url(mine, poll), data)

    assert len(re.findall(r'name="choices-\d+-label"', page.text)) == count
    assert saved.status_code == 302
    assert stored(poll)[5][-1] == (f"Nytt valg {count - 1}", "")
