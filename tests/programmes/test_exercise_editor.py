"""The exercise editor: each of the eight kinds made and changed with what it needs, every
refusal with its message, edits that would remove what the room wrote (asked first), two
facilitators saving at once, and who may edit at all."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from agenda.models import Slide
from exercises import services
from exercises.models import Card, Contribution, Exercise, Question, Theme
from exercises.signals import answers_changed
from live import activities
from live.models import LiveState
from polls.models import Poll
from programmes.edit_check import CHANGED_MEANWHILE
from seminar.groupings import add_groups, put_in_group
from seminar.models import Seminar
from tests.factories import make_exercise, make_poll, make_seminar, make_tables, make_user, seat

pytestmark = pytest.mark.django_db

# A field's own message: Django writes it in a list with the field's id.
FIELD_ERRORS = re.compile(r'<ul class="errorlist" id="([^"]+)_error"><li>([^<]+)</li>')
SUMMARY_LINKS = re.compile(r'<li><a href="#([^"]+)">([^<]+)</a></li>')


@pytest.fixture
def mine(client: Client) -> Seminar:
    """One item of two slides a day; its facilitator logged in, in English."""
    me = make_user("kari")
    client.force_login(me)
    client.cookies["django_language"] = "en"
    return make_seminar(facilitator=me, items=1, slides_per_item=2)


@pytest.fixture
def signalled() -> Iterator[list[int]]:
    """The seminars `answers_changed` was sent for."""
    sent: list[int] = []

    def heard(*, seminar_id: int, **kwargs: Any) -> None:
        sent.append(seminar_id)

    answers_changed.connect(heard, dispatch_uid="test_exercise_editor")
    yield sent
    answers_changed.disconnect(dispatch_uid="test_exercise_editor")


def slides_of(seminar: Seminar) -> list[Slide]:
    return list(Slide.objects.filter(item__day__seminar=seminar).order_by("item__day", "order"))


def new_url(seminar: Seminar, slide: Slide) -> str:
    return f"/seminars/{seminar.slug}/slides/{slide.pk}/exercises/new/"


def edit_url(exercise: Exercise) -> str:
    return f"/seminars/{exercise.seminar.slug}/exercises/{exercise.pk}/"


def remove_url(exercise: Exercise) -> str:
    return f"/seminars/{exercise.seminar.slug}/exercises/{exercise.pk}/remove/"


def revision(seminar: Seminar) -> int:
    return LiveState.objects.get(seminar=seminar).revision


def rows(prefix: str, *texts: str, ids: tuple[int | str, ...] = ()) -> dict[str, str]:
    posted = {}
    for index, text in enumerate(texts):
        posted[f"{prefix}-{index}"] = text
        posted[f"{prefix}-{index}-id"] = str(ids[index]) if index < len(ids) else ""
    return posted


def posted(kind: str, **fields: str) -> dict[str, str]:
    """A whole form as the new-exercise page sends it, with `fields` changed."""
    return {
        "action": "save",
        "version": "new",
        "kind": kind,
        "title": "Hva risikerer vi?",
        "prompt": "Skriv gruppens svar.",
        "grouping": services.GROUPINGS[kind][0],
        "case_text": "",
        "limit": "3",
        "max_length": "300",
        "timer_minutes": "10",
        "speech_seconds": "120",
        "poll": "",
    } | fields


def page_values(page: str) -> dict[str, str]:
    """Every named input, textarea and chosen option of a page's exercise form, as a
    browser would send it (the buttons left out)."""
    form = page.split('id="exercise-form"', 1)[1].split("</form>", 1)[0]
    values: dict[str, str] = {}
    for tag in re.findall(r"<input [^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            value = re.search(r'value="([^"]*)"', tag)
            values[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', form, re.S):
        values[name] = html.unescape(text)
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        values[name] = chosen.group(1) if chosen else ""
    return values


def opened(client: Client, exercise: Exercise, **changes: str) -> dict[str, str]:
    """The editor's form as it opens on `exercise`, with `changes`, ready to save."""
    page = client.get(edit_url(exercise))
    assert page.status_code == 200
    return page_values(page.text) | {"action": "save"} | changes


def summary(page: str) -> list[tuple[str, str]]:
    return SUMMARY_LINKS.findall(page.split('id="exercise-errors"', 1)[1].split("</div>", 1)[0])


# Making each kind ------------------------------------------------------------------------


def kind_fields(kind: str, slide: Slide) -> tuple[dict[str, str], dict[str, Any]]:
    """What a facilitator fills in for `kind`, and the exercise that must be stored."""
    if kind == "brainstorm":
        return (
            {"grouping": "party", "timer_minutes": "12", "max_length": "200"},
            {"grouping": "party", "timer_minutes": 12, "max_length": 200},
        )
    if kind == "notes":
        return (
            {**rows("theme", "Økonomi", "Folk"), "limit": "2", "max_length": "140"},
            {
                "grouping": "individual",
                "limit": 2,
                "max_length": 140,
                "themes": ["Økonomi", "Folk"],
            },
        )
    if kind == "case":
        return (
            {
                "case_text": "Fru Hansen fikk avslag på sykehjemsplass.",
                **rows("question", "Hva gjør dere?", "Hvem bestemmer?"),
                "grouping": "table",
                "max_length": "1000",
                "timer_minutes": "15",
            },
            {
                "grouping": "table",
                "case_text": "Fru Hansen fikk avslag på sykehjemsplass.",
                "max_length": 1000,
                "timer_minutes": 15,
                "questions": ["Hva gjør dere?", "Hvem bestemmer?"],
            },
        )
    if kind == "expectations":
        return (
            {"limit": "3", "max_length": "200", "grouping": "table"},  # a side exercise always
            {"grouping": "side", "limit": 3, "max_length": 200},
        )
    if kind == "speech":
        return (
            {"grouping": "party", "timer_minutes": "20", "speech_seconds": "90"},
            {"grouping": "party", "timer_minutes": 20, "speech_seconds": 90},
        )
    if kind == "contest":
        return ({"grouping": "table", "timer_minutes": "10"}, {"grouping": "table"})
    if kind == "dilemma":
        poll = make_poll(slide.item.day.seminar, kind="traffic_light", labels=("Grønt", "Rødt"))
        Poll.objects.filter(pk=poll.pk).update(slide=slide)
        return (
            {"poll": str(poll.pk), "max_length": "140", "grouping": "table"},
            {"poll_id": poll.pk, "max_length": 140, "grouping": "table"},
        )
    return ({"max_length": "280", "timer_minutes": "10"}, {"grouping": "individual"})  # card


@pytest.mark.parametrize("kind", Exercise.Kind.values)
def test_each_kind_is_made_on_its_slide_with_what_it_needs(client, mine, kind: str):
    slide = slides_of(mine)[1]
    make_exercise(mine)  # the seminar's first exercise: the new one comes after it
    fields, expected = kind_fields(kind, slide)
    before = revision(mine)

    response = client.post(
        new_url(mine, slide), posted(kind, title="Gruppenes arbeid", prompt="Drøft.", **fields)
    )

    made = Exercise.objects.get(seminar=mine, title="Gruppenes arbeid")
    assert response.status_code == 302
    assert response["Location"] == f"{edit_url(made)}?saved=new"
    assert (made.kind, made.slide_id, made.order, made.prompt) == (kind, slide.pk, 1, "Drøft.")
    stored = {
        "questions": [question.text for question in made.questions.all()],
        "themes": [theme.name for theme in made.themes.all()],
    }
    for name, value in expected.items():
        assert (stored[name] if name in stored else getattr(made, name)) == value, name
    if kind != "case":
        assert (stored["questions"], made.case_text) == ([], "")
    if kind != "notes":
        assert stored["themes"] == []
    assert revision(mine) == before + 1
    assert "The exercise is made." in client.get(response["Location"]).text


def test_a_kind_given_in_the_address_is_chosen_and_a_case_starts_with_its_slides_text(client, mine):
    slide = slides_of(mine)[0]
    Slide.objects.filter(pk=slide.pk).update(layout="case", body="Saken om skolen.")

    page = client.get(f"{new_url(mine, slide)}?kind=case").text

    values = page_values(page)
    assert (values["kind"], values["case_text"], values["question-0"]) == (
        "case",
        "Saken om skolen.",
        "",
    )
    assert 'id="questions"' in page
    assert f'href="/seminars/{mine.slug}/slides/{slide.pk}/"' in page  # back to the slide


def edited_exercise(seminar: Seminar, kind: str) -> Exercise:
    grouping = services.GROUPINGS[kind][0]
    exercise = make_exercise(
        seminar,
        kind=kind,
        grouping=grouping,
        questions=("Hva gjør dere?", "Hvem bestemmer?") if kind == "case" else (),
        title="Gammel tittel",
        limit=3,
    )
    if kind == "notes":
        Theme.objects.create(exercise=exercise, order=0, name="Økonomi")
    if kind == "dilemma":
        exercise.poll = make_poll(seminar, kind="traffic_light", labels=("Grønt", "Rødt"))
        exercise.poll.slide = exercise.slide
        exercise.poll.save()
        exercise.save()
    return exercise


def write_something(exercise: Exercise) -> None:
    """One thing the room wrote, as a phone writes it."""
    seminar = exercise.seminar
    if exercise.kind == "card":
        services.save_card(
            exercise_id=exercise.pk,
            participant=seat(seminar),
            entry=services.CardEntry(name="Kari"),
        )
        return
    if exercise.is_individual:
        participant = seat(seminar)
    elif exercise.grouping == "side":
        participant = seat(seminar)  # joined on the elected members' side
    else:
        table = make_tables(seminar, 1)[0]
        participant = seat(seminar, table)
        if exercise.grouping != "table":
            group = add_groups(seminar=seminar, kind=exercise.grouping, names=["Ap"])[0]
            put_in_group(participant=participant, group=group)
    entry = services.Entry(text="Noe vi mener")
    if exercise.kind == "case":
        entry = services.Entry(text="Vi spør", question_id=exercise.questions.first().pk)
    elif exercise.kind == "dilemma":
        entry = services.Entry(verdict="green", text="Greit")
    elif exercise.kind == "contest":
        entry = services.Entry(height="143")
    elif exercise.kind == "speech":
        entry = services.Entry()
    services.contribute(exercise_id=exercise.pk, participant=participant, entry=entry)


@pytest.mark.parametrize("kind", Exercise.Kind.values)
def test_each_kind_is_edited_and_what_the_room_wrote_stays(client, mine, kind: str):
    exercise = edited_exercise(mine, kind)
    write_something(exercise)
    written = exercise.contributions.count() + exercise.cards.count()
    changes = {"title": "Ny tittel", "prompt": "Ny oppgave.", "timer_minutes": "7"}
    if kind == "case":
        changes["question-0"] = "Hva gjør dere nå?"  # new wording: its answer stays
    if kind == "notes":
        changes |= {"theme-0": "Penger", "limit": "5"}
    if kind == "speech":
        changes["speech_seconds"] = "60"
    if kind == "expectations":
        changes["limit"] = "4"
    before = revision(mine)

    response = client.post(edit_url(exercise), opened(client, exercise, **changes))

    exercise.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"{edit_url(exercise)}?saved=saved"
    assert (exercise.title, exercise.prompt, exercise.timer_minutes, exercise.kind) == (
        "Ny tittel",
        "Ny oppgave.",
        7,
        kind,
    )
    assert exercise.contributions.count() + exercise.cards.count() == written == 1
    if kind == "case":
        question = exercise.questions.first()
        assert [q.text for q in exercise.questions.all()] == [
            "Hva gjør dere nå?",
            "Hvem bestemmer?",
        ]
        assert question.answers.count() == 1
    if kind == "notes":
        assert ([t.name for t in exercise.themes.all()], exercise.limit) == (["Penger"], 5)
    if kind == "speech":
        assert exercise.speech_seconds == 60
    if kind == "expectations":
        assert exercise.limit == 4
    if kind == "dilemma":
        assert exercise.poll is not None
    assert revision(mine) == before + 1
    assert "The exercise is saved" in client.get(response["Location"]).text


ASKED = {
    "brainstorm": {"grouping", "timer_minutes", "max_length"},
    "notes": {"limit", "max_length", "timer_minutes"},
    "case": {"case_text", "question-0", "grouping", "max_length", "timer_minutes"},
    "expectations": {"limit", "max_length", "timer_minutes"},
    "speech": {"grouping", "timer_minutes", "speech_seconds"},
    "contest": {"grouping", "timer_minutes"},
    "dilemma": {"poll", "grouping", "max_length", "timer_minutes"},
    "card": {"max_length", "timer_minutes"},
}


@pytest.mark.parametrize("kind", Exercise.Kind.values)
def test_each_kind_asks_only_what_it_needs_and_keeps_the_rest_hidden(client, mine, kind: str):
    page = client.get(f"{new_url(mine, slides_of(mine)[0])}?kind={kind}").text

    shown = {
        name
        for tag, name in re.findall(r'(<(?:input|select|textarea)[^>]*id="id_([\w-]+)")', page)
        if 'type="hidden"' not in tag
    }
    assert shown == {"kind", "title", "prompt"} | ASKED[kind]
    # What another kind asks for rides along hidden: switching back brings it again.
    assert 'name="speech_seconds"' in page and 'name="limit"' in page


def test_the_kinds_say_what_they_run_on(client, mine):
    pages = {
        kind: client.get(f"{new_url(mine, slides_of(mine)[0])}?kind={kind}").text
        for kind in ("contest", "expectations", "notes", "card")
    }

    assert "The unit is centimetres, and the tallest tower wins" in pages["contest"]
    assert "The two sides: elected members and the administration" in pages["expectations"]
    assert '<label for="id_limit">Points per group</label>' in pages["expectations"]
    assert '<label for="id_limit">Notes per person</label>' in pages["notes"]
    assert "<strong>Who works together:</strong> Each person alone" in pages["card"]


# Refusals ------------------------------------------------------------------------------


REFUSALS = [
    ("brainstorm", {"title": ""}, "id_title", "Give the exercise a title."),
    (
        "brainstorm",
        {"title": "T" * 201},
        "id_title",
        "Ensure this value has at most 200 characters (it has 201).",
    ),
    ("brainstorm", {"title": "\u200b\u202e "}, "id_title", "Give the exercise a title."),
    ("brainstorm", {"prompt": " "}, "id_prompt", "Write what the room is asked to do."),
    (
        "brainstorm",
        {"prompt": "p" * 2001},
        "id_prompt",
        "Ensure this value has at most 2000 characters (it has 2001).",
    ),
    ("brainstorm", {"kind": "quiz"}, "id_kind", "Choose one of the kinds of exercise."),
    (
        "brainstorm",
        {"grouping": "individual"},
        "id_grouping",
        "Choose who works together from the list.",
    ),
    (
        "brainstorm",
        {"timer_minutes": "181"},
        "id_timer_minutes",
        "Write a number of minutes from 0 to 180.",
    ),
    (
        "brainstorm",
        {"timer_minutes": "-1"},
        "id_timer_minutes",
        "Write a number of minutes from 0 to 180.",
    ),
    (
        "brainstorm",
        {"timer_minutes": "ti"},
        "id_timer_minutes",
        "Write a number of minutes from 0 to 180.",
    ),
    (
        "brainstorm",
        {"timer_minutes": ""},
        "id_timer_minutes",
        "Write a number of minutes from 0 to 180.",
    ),
    (
        "brainstorm",
        {"max_length": "19"},
        "id_max_length",
        "Write a number of characters from 20 to 2000.",
    ),
    (
        "dilemma",
        {"max_length": "2001"},
        "id_max_length",
        "Write a number of characters from 20 to 2000.",
    ),
    (
        "speech",
        {"speech_seconds": "14"},
        "id_speech_seconds",
        "Write a number of seconds from 15 to 900 (a quarter of an hour).",
    ),
    (
        "speech",
        {"speech_seconds": "901"},
        "id_speech_seconds",
        "Write a number of seconds from 15 to 900 (a quarter of an hour).",
    ),
    ("notes", {"limit": "21"}, "id_limit", "Write a number from 0 to 20; 0 means no limit."),
    ("expectations", {"limit": "-2"}, "id_limit", "Write a number from 0 to 20; 0 means no limit."),
    (
        "case",
        {"case_text": "c" * 20_001, **rows("question", "Hva?")},
        "id_case_text",
        "Ensure this value has at most 20000 characters (it has 20001).",
    ),
    ("case", {}, "questions", "A case needs at least one question."),
    (
        "case",
        rows("question", *(f"Spørsmål {n}" for n in range(21))),
        "questions",
        "At most 20 questions: remove some.",
    ),
    ("case", rows("question", "Hva?", "  "), "id_question-1", "Write the question, or remove it."),
    (
        "case",
        rows("question", "q" * 1001),
        "id_question-0",
        "A question is at most 1000 characters; this one is 1001.",
    ),
    (
        "notes",
        rows("theme", *(f"Tema {n}" for n in range(13))),
        "themes",
        "At most 12 themes: remove some.",
    ),
    (
        "notes",
        rows("theme", "Økonomi", "økonomi "),
        "id_theme-1",
        "There is already a theme called “økonomi”.",
    ),
    ("notes", rows("theme", ""), "id_theme-0", "Name the theme, or remove it."),
    (
        "notes",
        rows("theme", "t" * 81),
        "id_theme-0",
        "A theme's name is at most 80 characters; this one is 81.",
    ),
    ("dilemma", {"poll": "999999"}, "id_poll", "Choose one of this slide's polls, or none."),
]


@pytest.mark.parametrize(("kind", "changes", "field_id", "message"), REFUSALS)
def test_each_refusal_says_why_next_to_the_field_and_at_the_top_and_stores_nothing(
    client, mine, kind: str, changes: dict[str, str], field_id: str, message: str
):
    slide = slides_of(mine)[0]
    before = revision(mine)

    response = client.post(
        new_url(mine, slide), posted(kind) | {"prompt": "Mitt utkast til oppgaven."} | changes
    )

    assert response.status_code == 400
    anchor = field_id if field_id.startswith("id_") else f"id_{field_id}"
    assert (anchor, message) in FIELD_ERRORS.findall(html.unescape(response.text))
    links = [(link, html.unescape(text)) for link, text in summary(response.text)]
    assert any(link == field_id and text.endswith(message) for link, text in links), links
    assert 'role="alert"' in response.text
    assert Exercise.objects.filter(seminar=mine).count() == 0
    assert revision(mine) == before
    if "prompt" not in changes:  # what was typed is still there
        assert page_values(response.text)["prompt"] == "Mitt utkast til oppgaven."


def test_a_poll_of_another_slide_or_seminar_cannot_be_followed(client, mine):
    elsewhere = make_poll(make_seminar(municipality="Annen kommune"))
    slide, other_slide = slides_of(mine)[:2]
    other_slides_poll = make_poll(mine)
    Poll.objects.filter(pk=other_slides_poll.pk).update(slide=other_slide)

    answers = [
        client.post(new_url(mine, slide), posted("dilemma", poll=str(poll.pk))).status_code
        for poll in (elsewhere, other_slides_poll)
    ]

    assert answers == [400, 400]
    assert not Exercise.objects.filter(seminar=mine).exists()


def test_a_refused_edit_changes_nothing_and_keeps_what_was_typed(client, mine):
    exercise = edited_exercise(mine, "case")
    before = revision(mine)

    response = client.post(
        edit_url(exercise),
        opened(client, exercise, title="Min nye tittel", **{"question-1": "", "max_length": "5"}),
    )

    exercise.refresh_from_db()
    assert response.status_code == 400
    assert [message for _id, message in summary(response.text)] == [
        "Question 2: Write the question, or remove it.",
        "Longest answer, in characters: Write a number of characters from 20 to 2000.",
    ]
    assert page_values(response.text)["title"] == "Min nye tittel"
    assert (exercise.title, exercise.max_length) == ("Gammel tittel", 280)
    assert [q.text for q in exercise.questions.all()] == ["Hva gjør dere?", "Hvem bestemmer?"]
    assert revision(mine) == before


# Rows and kinds without script ---------------------------------------------------------


def test_questions_are_added_moved_and_removed_by_buttons_and_nothing_is_saved(client, mine):
    exercise = edited_exercise(mine, "case")
    first, second = exercise.questions.all()
    form = opened(client, exercise, title="Skrevet, ikke lagret")

    added = client.post(edit_url(exercise), form | {"action": "add-question"})
    moved = client.post(edit_url(exercise), form | {"action": "up-question-1"})
    removed = client.post(edit_url(exercise), form | {"action": "remove-question-0"})

    added_values = page_values(added.text)
    assert (added_values["question-2"], added_values["title"]) == ("", "Skrevet, ikke lagret")
    assert 'id="id_question-2" autofocus' in added.text or re.search(
        r'<textarea[^>]*autofocus[^>]*id="id_question-2"', added.text
    )
    moved_values = page_values(moved.text)
    assert [moved_values["question-0"], moved_values["question-1"]] == [second.text, first.text]
    assert [moved_values["question-0-id"], moved_values["question-1-id"]] == [
        str(second.pk),
        str(first.pk),
    ]
    assert re.search(r'id="down-question-0"[^>]*autofocus', moved.text)
    assert page_values(removed.text)["question-0"] == second.text
    assert "question-1" not in page_values(removed.text)
    exercise.refresh_from_db()
    assert exercise.title == "Gammel tittel"
    assert [q.text for q in exercise.questions.all()] == [first.text, second.text]


def test_a_moved_question_keeps_its_answers_when_saved(client, mine):
    exercise = edited_exercise(mine, "case")
    exercise.refresh_from_db()
    write_something(exercise)  # an answer to the first question
    first, second = exercise.questions.all()
    form = opened(client, exercise)
    moved = page_values(client.post(edit_url(exercise), form | {"action": "down-question-0"}).text)

    client.post(edit_url(exercise), moved | {"action": "save"})

    assert [q.pk for q in exercise.questions.all()] == [second.pk, first.pk]
    assert first.answers.count() == 1


def test_themes_are_added_and_the_kind_switch_redraws_the_form_keeping_what_was_typed(client, mine):
    slide = slides_of(mine)[0]
    typed = posted("brainstorm", title="Lapper fra dag 1")

    switched = client.post(new_url(mine, slide), typed | {"kind": "notes", "action": "kind"})
    with_theme = client.post(
        new_url(mine, slide), page_values(switched.text) | {"action": "add-theme"}
    )
    back = client.post(
        new_url(mine, slide),
        page_values(with_theme.text) | {"theme-0": "Økonomi", "kind": "case", "action": "kind"},
    )
    again = client.post(
        new_url(mine, slide), page_values(back.text) | {"kind": "notes", "action": "kind"}
    )

    assert switched.status_code == 200
    assert 'id="themes"' in switched.text and 'id="questions"' not in switched.text
    assert page_values(switched.text)["title"] == "Lapper fra dag 1"
    assert re.search(r'<select name="kind"[^>]*autofocus', switched.text)
    assert 'id="id_theme-0"' in with_theme.text
    assert 'id="questions"' in back.text and 'id="id_theme-0"' not in back.text
    assert page_values(again.text)["theme-0"] == "Økonomi"  # carried while hidden
    assert not Exercise.objects.filter(seminar=mine).exists()


def test_a_button_pressed_with_htmx_gets_the_form_alone(client, mine):
    slide = slides_of(mine)[0]

    response = client.post(
        new_url(mine, slide),
        posted("case", **rows("question", "Hva?")) | {"action": "add-question"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form method="post"')
    assert "<html" not in response.text


# Edits that remove what the room wrote: asked first ---------------------------------------


def case_with_answers(seminar: Seminar) -> tuple[Exercise, Question, Question]:
    exercise = make_exercise(
        seminar, kind="case", questions=("Hva gjør dere?", "Hva kan administrasjonen gjøre?")
    )
    kept, removed = exercise.questions.all()
    for table in make_tables(seminar, 3):
        participant = seat(seminar, table)
        for question in (kept, removed):
            services.contribute(
                exercise_id=exercise.pk,
                participant=participant,
                entry=services.Entry(text="Svar", question_id=question.pk),
            )
    return exercise, kept, removed


def test_removing_a_question_with_answers_asks_first_then_removes_them(client, mine, signalled):
    exercise, kept, removed = case_with_answers(mine)
    form = opened(client, exercise)
    without = page_values(
        client.post(edit_url(exercise), form | {"action": "remove-question-1"}).text
    )
    signalled.clear()
    before = revision(mine)

    asked = client.post(edit_url(exercise), without | {"action": "save"})

    assert asked.status_code == 200
    goes = re.findall(r"<li>([^<]+)</li>", html.unescape(asked.text.split('class="what-goes"')[1]))
    assert goes[0] == "The question “Hva kan administrasjonen gjøre?” and its 3 answers"
    assert re.search(r'id="exercise-confirm-heading" tabindex="-1" autofocus', asked.text)
    assert (Question.objects.filter(pk=removed.pk).exists(), removed.answers.count()) == (True, 3)
    assert (signalled, revision(mine)) == ([], before)

    key = re.search(r'name="confirm_removal" value="([^"]+)"', asked.text).group(1)
    confirmed = client.post(edit_url(exercise), page_values(asked.text) | {"confirm_removal": key})

    assert confirmed.status_code == 302
    assert not Question.objects.filter(pk=removed.pk).exists()
    assert Contribution.objects.filter(exercise=exercise).count() == kept.answers.count() == 3
    assert signalled == [mine.pk]
    assert revision(mine) == before + 1


def test_an_answer_written_after_the_question_asked_asks_again(client, mine):
    exercise, _kept, removed = case_with_answers(mine)
    without = page_values(
        client.post(
            edit_url(exercise), opened(client, exercise) | {"action": "remove-question-1"}
        ).text
    )
    asked = client.post(edit_url(exercise), without | {"action": "save"})
    key = re.search(r'name="confirm_removal" value="([^"]+)"', asked.text).group(1)
    late = seat(mine, make_tables(mine, 1)[0])
    services.contribute(
        exercise_id=exercise.pk,
        participant=late,
        entry=services.Entry(text="Sent svar", question_id=removed.pk),
    )

    again = client.post(edit_url(exercise), page_values(asked.text) | {"confirm_removal": key})

    assert again.status_code == 200
    assert "its 4 answers" in html.unescape(again.text)
    assert removed.answers.count() == 4


def test_removing_a_theme_asks_first_and_its_notes_stay_unsorted(client, mine, signalled):
    exercise = make_exercise(mine, kind="notes", grouping="individual")
    money = Theme.objects.create(exercise=exercise, order=0, name="Økonomi")
    people = Theme.objects.create(exercise=exercise, order=1, name="Folk")
    notes = [
        services.contribute(
            exercise_id=exercise.pk, participant=seat(mine), entry=services.Entry(text=text)
        )
        for text in ("Skatt", "Gjeld")
    ]
    for note in notes:
        services.sort_note(contribution=note, theme_id=money.pk)
    form = opened(client, exercise)
    without = page_values(client.post(edit_url(exercise), form | {"action": "remove-theme-0"}).text)
    signalled.clear()

    asked = client.post(edit_url(exercise), without | {"action": "save"})
    key = re.search(r'name="confirm_removal" value="([^"]+)"', asked.text).group(1)
    confirmed = client.post(edit_url(exercise), page_values(asked.text) | {"confirm_removal": key})

    assert "The theme “Økonomi”: its 2 notes stay on the wall, not sorted" in html.unescape(
        asked.text
    )
    assert confirmed.status_code == 302
    assert list(exercise.themes.all()) == [people]
    unsorted = Contribution.objects.filter(exercise=exercise).order_by("text")
    assert [(note.text, note.theme_id) for note in unsorted] == [("Gjeld", None), ("Skatt", None)]
    assert signalled == [mine.pk]


def test_a_new_kind_or_grouping_asks_first_then_removes_everything_written(client, mine, signalled):
    exercise, _kept, _removed = case_with_answers(mine)
    form = opened(client, exercise, kind="brainstorm", grouping="party")
    signalled.clear()

    asked = client.post(edit_url(exercise), form)
    key = re.search(r'name="confirm_removal" value="([^"]+)"', asked.text).group(1)
    confirmed = client.post(edit_url(exercise), page_values(asked.text) | {"confirm_removal": key})

    exercise.refresh_from_db()
    assert "Everything written so far: 6 contributions." in asked.text
    assert confirmed.status_code == 302
    assert (exercise.kind, exercise.grouping) == ("brainstorm", "party")
    assert (exercise.contributions.count(), exercise.questions.count()) == (0, 0)
    assert signalled == [mine.pk]


# Two facilitators at once -------------------------------------------------------------------


def test_the_second_save_over_a_changed_exercise_is_refused_with_the_text_kept(client, mine):
    exercise = edited_exercise(mine, "case")
    ola = make_user("ola")
    mine.facilitators.add(ola)
    colleague = Client()
    colleague.force_login(ola)
    colleague.cookies["django_language"] = "en"
    theirs = opened(colleague, exercise, title="Olas tittel")
    ours = opened(client, exercise, title="Karis tittel", **{"question-0": "Karis spørsmål"})

    first = colleague.post(edit_url(exercise), theirs)
    second = client.post(edit_url(exercise), ours)

    exercise.refresh_from_db()
    assert first.status_code == 302
    assert second.status_code == 400
    assert summary(second.text) == [] and str(CHANGED_MEANWHILE) in html.unescape(second.text)
    values = page_values(second.text)
    assert (values["title"], values["question-0"]) == ("Karis tittel", "Karis spørsmål")
    assert exercise.title == "Olas tittel"
    assert [q.text for q in exercise.questions.all()] == ["Hva gjør dere?", "Hvem bestemmer?"]

    deliberate = client.post(edit_url(exercise), values | {"action": "save"})

    exercise.refresh_from_db()
    assert deliberate.status_code == 302
    assert exercise.title == "Karis tittel"


# Removing an exercise --------------------------------------------------------------------


def test_removing_an_exercise_says_how_much_goes_and_takes_it_all(client, mine, signalled):
    exercise = make_exercise(mine, kind="card", grouping="individual")
    for name in ("Kari", "Ola"):
        services.save_card(
            exercise_id=exercise.pk, participant=seat(mine), entry=services.CardEntry(name=name)
        )
    other = make_exercise(mine, kind="brainstorm")
    write_something(other)
    activities.show_exercise(exercise=exercise)
    signalled.clear()
    before = revision(mine)

    asked = client.get(remove_url(exercise))
    removed = client.post(remove_url(exercise), {"confirm": "yes"})

    goes = re.findall(r"<li>(?:<strong>)?([^<]+)", asked.text.split('<ul class="what-goes">')[1])
    assert goes[:3] == [
        "The exercise, with its questions and themes",
        "0 contributions",
        "2 business cards",
    ]
    assert "The exercise is on the projector now" in asked.text
    assert removed["Location"] == f"/seminars/{mine.slug}/slides/{exercise.slide_id}/"
    assert not Exercise.objects.filter(pk=exercise.pk).exists()
    assert Card.objects.filter(exercise_id=exercise.pk).count() == 0
    assert other.contributions.count() == 1
    assert LiveState.objects.get(seminar=mine).exercise_id is None
    assert signalled == [mine.pk]
    assert revision(mine) > before


def test_a_get_of_the_remove_page_removes_nothing(client, mine):
    exercise = make_exercise(mine)

    assert client.get(remove_url(exercise)).status_code == 200
    assert client.post(remove_url(exercise), {}).status_code == 200
    assert Exercise.objects.filter(pk=exercise.pk).exists()


# Who may edit --------------------------------------------------------------------------


def test_only_the_seminars_facilitators_reach_the_editor(client, mine):
    exercise = edited_exercise(mine, "case")
    slide = slides_of(mine)[0]
    form = opened(client, exercise, title="Kapret")
    other = Client()
    other.force_login(make_user("annen"))
    phone = Client()
    phone.post(f"/j/{mine.join_code}/", {"side": "elected"})
    elsewhere = make_seminar(facilitator=make_user("tredje"), municipality="Annen kommune")
    foreign_exercise = make_exercise(elsewhere)
    foreign_slide = slides_of(elsewhere)[0]

    answers = {
        "other facilitator": [
            other.get(edit_url(exercise)).status_code,
            other.post(edit_url(exercise), form).status_code,
            other.get(new_url(mine, slide)).status_code,
            other.post(new_url(mine, slide), posted("brainstorm")).status_code,
            other.post(remove_url(exercise), {"confirm": "yes"}).status_code,
        ],
        "phone": [
            phone.post(edit_url(exercise), form).status_code,
            phone.post(new_url(mine, slide), posted("brainstorm")).status_code,
            phone.post(remove_url(exercise), {"confirm": "yes"}).status_code,
        ],
        "anonymous": [
            Client().get(edit_url(exercise)).status_code,
            Client().post(remove_url(exercise), {"confirm": "yes"}).status_code,
        ],
        "another seminar's, through mine": [
            client.get(f"/seminars/{mine.slug}/exercises/{foreign_exercise.pk}/").status_code,
            client.post(
                f"/seminars/{mine.slug}/exercises/{foreign_exercise.pk}/remove/", {"confirm": "yes"}
            ).status_code,
            client.post(new_url(mine, foreign_slide), posted("brainstorm")).status_code,
        ],
    }

    assert answers == {
        "other facilitator": [404, 404, 404, 404, 404],
        "phone": [302, 302, 302],
        "anonymous": [302, 302],
        "another seminar's, through mine": [404, 404, 404],
    }
    exercise.refresh_from_db()
    assert exercise.title == "Gammel tittel"
    assert Exercise.objects.filter(seminar=mine).count() == 1
    assert Exercise.objects.filter(pk=foreign_exercise.pk).exists()
    assert not Exercise.objects.filter(seminar=elsewhere).exclude(pk=foreign_exercise.pk).exists()


# Queries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "rows_count"), [("case", 1), ("case", 15), ("notes", 1), ("notes", 12)]
)
def test_the_editor_runs_fixed_queries(client, mine, django_assert_num_queries, kind, rows_count):
    exercise = make_exercise(
        mine,
        kind=kind,
        grouping=services.GROUPINGS[kind][0],
        questions=tuple(f"Spørsmål {n}" for n in range(rows_count)) if kind == "case" else (),
    )
    if kind == "notes":
        Theme.objects.bulk_create(
            Theme(exercise=exercise, order=n, name=f"Tema {n}") for n in range(rows_count)
        )
    write_something(exercise)
    form = opened(client, exercise, title="Ny tittel")

    # session, user, the seminar, the exercise and its slide, its questions, its themes,
    # what was written (2), the polls it may follow, whether it is on the projector
    with django_assert_num_queries(10):
        page = client.get(edit_url(exercise))
    # Session, user, seminar; the exercise (locked), its questions, themes, what was
    # written (2) and the polls; then update_exercise: its lock, its questions, themes and
    # what was written (4), the rows and the exercise saved (2); the room's revision (2);
    # three savepoints and their releases.
    with django_assert_num_queries(24):
        saved = client.post(edit_url(exercise), form)

    assert page.status_code == 200
    assert saved.status_code == 302


@pytest.mark.parametrize("questions", [1, 15])
def test_making_an_exercise_runs_fixed_queries(client, mine, django_assert_num_queries, questions):
    slide = slides_of(mine)[0]
    form = posted("case", **rows("question", *(f"Spørsmål {n}" for n in range(questions))))

    # session, user, the seminar, the slide, the polls a dilemma may follow
    with django_assert_num_queries(5):
        page = client.get(f"{new_url(mine, slide)}?kind=case")
    # The same five; in one transaction: the seminar locked, the last place taken, the
    # exercise and its questions made (one insert each), the room's revision; savepoints.
    with django_assert_num_queries(17):
        made = client.post(new_url(mine, slide), form)

    assert page.status_code == 200
    assert made.status_code == 302
    assert Question.objects.filter(exercise__seminar=mine).count() == questions


def test_the_photos_of_what_goes_leave_the_disk(
    client, mine, django_capture_on_commit_callbacks, settings
):
    exercise = make_exercise(mine, kind="contest")
    participant = seat(mine, make_tables(mine, 1)[0])
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(picture, format="JPEG")
    tower = services.contribute(
        exercise_id=exercise.pk,
        participant=participant,
        entry=services.Entry(
            height="143", photo=SimpleUploadedFile("tower.jpg", picture.getvalue())
        ),
    )
    photo = Path(settings.MEDIA_ROOT) / tower.photo.name
    assert photo.exists()
    asked = client.post(edit_url(exercise), opened(client, exercise, grouping="party"))
    key = re.search(r'name="confirm_removal" value="([^"]+)"', asked.text).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(exercise), page_values(asked.text) | {"confirm_removal": key})

    assert "Everything written so far: 1 contribution." in asked.text
    assert not photo.exists()
    assert not Contribution.objects.filter(pk=tower.pk).exists()
