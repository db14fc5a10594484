"""What the projector, the phones and the console show of an exercise, and at what cost."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from exercises import services
from exercises.models import Contribution, Exercise
from live import activities
from live.audiences import PROJECTOR, group_audience, phone_audience
from live.screens import render_results, render_screens
from seminar.groupings import add_groups, put_in_group
from seminar.models import Group
from tests.factories import make_exercise, make_poll, make_seminar, make_tables, make_user, seat

pytestmark = pytest.mark.django_db


def text_of(html: str, css_class: str) -> list[str]:
    """The text of every element with this class (tags inside removed)."""
    found = re.findall(rf'class="{css_class}"[^>]*>(.*?)</', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in found]


def fill(seminar, exercise: Exercise, groups: list[Group], per_group: int) -> None:
    """Every group writes `per_group` things, in the way the exercise takes them."""
    questions = list(exercise.questions.all())
    for index, group in enumerate(groups):
        person = seat(seminar)
        put_in_group(participant=person, group=group)
        for n in range(per_group):
            fields: dict[str, object] = {"text": f"{group.name} svar {n}"}
            if exercise.kind == "case":
                fields["question_id"] = questions[n % len(questions)].pk
            elif exercise.kind == "dilemma":
                fields["verdict"] = "red" if index % 2 else "green"
            elif exercise.kind == "contest":
                fields = {"height": str(100 + index)}
            elif exercise.kind == "speech":
                fields = {}
            if exercise.kind in {"case", "dilemma", "contest", "speech"}:
                question_id = fields.get("question_id")
                current = Contribution.objects.filter(
                    exercise=exercise,
                    group=group,
                    question_id=question_id,  # type: ignore[misc]
                ).first()
                fields["seen"] = services.answer_version(current)
            services.contribute(
                exercise_id=exercise.pk, participant=person, entry=services.Entry(**fields)
            )


KINDS = [
    ("brainstorm", "table"),
    ("case", "table"),
    ("expectations", "side"),
    ("dilemma", "table"),
    ("contest", "table"),
    ("speech", "party"),
    ("notes", "individual"),
    ("card", "individual"),
]


def exercise_in_room(kind: str, grouping: str, groups: int, per_group: int):
    seminar = make_seminar()
    if grouping == "table":
        made = make_tables(seminar, groups)
    elif grouping == "party":
        made = add_groups(
            seminar=seminar, kind="party", names=[f"Parti {n}" for n in range(groups)]
        )
    else:
        made = list(seminar.groups.filter(kind=grouping)) if grouping == "side" else []
    poll = make_poll(
        seminar, kind="traffic_light", labels=("Grønt", "Rødt"), lights=("green", "red")
    )
    exercise = make_exercise(
        seminar,
        kind=kind,
        grouping=grouping,
        questions=("Spørsmål 1?", "Spørsmål 2?") if kind == "case" else (),
        poll=poll if kind == "dilemma" else None,
    )
    if grouping == "individual":
        for n in range(groups * per_group):
            person = seat(seminar)
            if kind == "notes":
                services.contribute(
                    exercise_id=exercise.pk,
                    participant=person,
                    entry=services.Entry(text=f"Lapp {n}"),
                )
            else:
                services.save_card(
                    exercise_id=exercise.pk,
                    participant=person,
                    entry=services.CardEntry(name=f"Navn {n}", age=str(20 + n)),
                )
    else:
        fill(seminar, exercise, made, per_group)
    activities.show_exercise(exercise=exercise)
    return seminar, exercise


@pytest.mark.parametrize(("kind", "grouping"), KINDS)
@pytest.mark.parametrize(("groups", "per_group"), [(1, 1), (6, 4)])
def test_every_screen_of_every_exercise_is_rendered_in_fixed_queries(
    django_assert_num_queries, kind: str, grouping: str, groups: int, per_group: int
):
    seminar, _exercise = exercise_in_room(kind, grouping, groups, per_group)
    # Room state, the board (groups, contributions, questions, themes, cards or the
    # memberships, a dilemma's poll counts: up to six), the console's seven.
    expected = {
        "brainstorm": 13,
        "case": 13,
        "expectations": 13,
        "dilemma": 16,
        "contest": 13,
        "speech": 14,
        "notes": 11,
        "card": 12,
    }[kind]

    with django_assert_num_queries(expected):
        message = render_screens(seminar.pk)
    with django_assert_num_queries(expected - 7):
        render_results(seminar.pk)

    assert "projector-exercise" in message["screens"][PROJECTOR]
    assert 'class="phone-exercise"' in message["screens"][phone_audience("nb")]


def test_the_projector_shows_every_tables_sheet_and_each_table_gets_its_own():
    seminar = make_seminar()
    table_1, table_2 = make_tables(seminar, 2)
    exercise = make_exercise(seminar)
    kari, ola = seat(seminar, table_1), seat(seminar, table_2)
    for person, text in ((kari, "Fraflytting"), (ola, "Dårlig økonomi"), (kari, "Eldrebølgen")):
        services.contribute(
            exercise_id=exercise.pk, participant=person, entry=services.Entry(text=text)
        )
    activities.show_exercise(exercise=exercise)

    screens = render_screens(seminar.pk)["screens"]

    assert text_of(screens[PROJECTOR], "sheet__name") == ["Bord 1", "Bord 2"]
    assert re.findall(r"<li>([^<]+)</li>", screens[PROJECTOR]) == [
        "Fraflytting",
        "Eldrebølgen",
        "Dårlig økonomi",
    ]
    table_1_sheet = screens[group_audience(table_1.pk, "nb")]
    assert text_of(table_1_sheet, "group-work__name") == ["Din gruppe: Bord 1"]
    assert re.findall(r"<li>([^<]+)</li>", table_1_sheet) == ["Fraflytting", "Eldrebølgen"]
    assert "Dårlig økonomi" not in table_1_sheet
    assert 'hx-swap-oob="true"' in table_1_sheet


def test_a_hidden_answer_is_in_no_room_screen_but_on_the_console():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    kari = seat(seminar, table)
    rude = services.contribute(
        exercise_id=exercise.pk, participant=kari, entry=services.Entry(text="Frekk kommentar")
    )
    activities.show_exercise(exercise=exercise)

    services.moderate(contribution=rude, hidden=True)
    message = render_results(seminar.pk)

    room = [html for audience, html in message["screens"].items() if audience != "console"]
    assert not any("Frekk kommentar" in html for html in room)
    assert "Frekk kommentar" in message["screens"]["console"]


def test_a_dilemma_shows_the_groups_lights_only_once_revealed():
    seminar = make_seminar()
    table_1, table_2 = make_tables(seminar, 2)
    poll = make_poll(
        seminar, kind="traffic_light", labels=("Grønt", "Rødt"), lights=("green", "red")
    )
    exercise = make_exercise(seminar, kind="dilemma", poll=poll)
    for table, verdict in ((table_1, "red"), (table_2, "green")):
        services.contribute(
            exercise_id=exercise.pk,
            participant=seat(seminar, table),
            entry=services.Entry(verdict=verdict, text=f"{table.name} mener"),
        )
    activities.show_exercise(exercise=exercise)
    before = render_screens(seminar.pk)["screens"][PROJECTOR]

    activities.reveal(exercise=exercise)
    after = render_screens(seminar.pk)["screens"][PROJECTOR]

    assert "Bord 1 mener" not in before
    assert text_of(before, "verdict verdict--red") == []
    assert text_of(after, "verdict verdict--red") == ["Rødt lys"]
    assert text_of(after, "verdict verdict--green") == ["Grønt lys"]


@pytest.mark.parametrize("answers", [1, 5])
def test_phone_page_with_an_exercise_shows_my_groups_sheet_in_fixed_queries(
    client: Client, django_assert_num_queries, answers: int
):
    seminar = make_seminar()
    table_1, table_2 = make_tables(seminar, 2)
    exercise = make_exercise(seminar)
    client.post(f"/j/{seminar.join_code}/", {"side": "elected", "group": table_2.pk})
    me = seminar.participants.get()
    other = seat(seminar, table_1)
    for n in range(answers):
        for person, text in ((me, "Mitt bord"), (other, "Det andre bordet")):
            services.contribute(
                exercise_id=exercise.pk,
                participant=person,
                entry=services.Entry(text=f"{text} {n}"),
            )
    activities.show_exercise(exercise=exercise)

    # One of them the small query that finds an exercise on screen, before the room's state.
    with django_assert_num_queries(10):
        response = client.get(f"/j/{seminar.join_code}/")

    assert text_of(response.text, "group-work__name") == ["Din gruppe: Bord 2"]
    assert re.findall(r"<li>([^<]+)</li>", response.text) == [
        f"Mitt bord {n}" for n in range(answers)
    ]


@pytest.mark.parametrize(("groups", "per_group"), [(1, 1), (4, 3)])
def test_a_console_with_an_exercise_runs_fixed_queries(
    client: Client, django_assert_num_queries, groups: int, per_group: int
):
    facilitator = make_user()
    seminar, exercise = exercise_in_room("brainstorm", "table", groups, per_group)
    seminar.facilitators.add(facilitator)
    client.force_login(facilitator)

    with django_assert_num_queries(17):
        response = client.get(f"/seminars/{seminar.slug}/console/")

    assert len(re.findall(r'class="moderation"', response.text)) == groups * per_group
    assert Contribution.objects.count() == groups * per_group
    assert exercise.title in response.text


def test_revealing_the_rooms_vote_keeps_the_groups_verdicts_on_the_projector():

    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    poll = make_poll(
        seminar, kind="traffic_light", labels=("Grønt", "Rødt"), lights=("green", "red")
    )
    poll.results = "on_reveal"
    poll.save()
    exercise = make_exercise(seminar, kind="dilemma", poll=poll)
    services.contribute(
        exercise_id=exercise.pk,
        participant=seat(seminar, table),
        entry=services.Entry(verdict="red", text="Inhabil"),
    )
    activities.show_exercise(exercise=exercise)

    activities.reveal_results(poll=poll)
    activities.show_answer_key(poll=poll)
    screens = render_screens(seminar.pk)["screens"]

    seminar.live.refresh_from_db()
    assert (seminar.live.exercise_id, seminar.live.poll_id) == (exercise.pk, None)
    assert text_of(screens[PROJECTOR], "sheet__name") == ["Bord 1"]
    assert re.findall(r'class="result-row__count">(\d+)<', screens[PROJECTOR]) == ["0", "0"]
