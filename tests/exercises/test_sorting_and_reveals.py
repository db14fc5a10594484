"""Sorting many sticky notes at once, the contest's reveal, a highlight full screen, and
the phone's own role: what is stored, what the screens show, and at what cost."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from exercises import services
from exercises.models import Card, Contribution, Exercise, Theme
from live import activities
from live.audiences import PROJECTOR, group_audience
from live.screens import render_screens
from seminar.groupings import set_role
from seminar.models import Participant, Seminar
from tests.factories import make_exercise, make_seminar, make_tables, make_user, seat

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def notes_exercise(seminar: Seminar, count: int) -> tuple[Exercise, list[Contribution]]:
    exercise = make_exercise(seminar, kind="notes", grouping="individual")
    for name in ("Roller", "Økonomi"):
        Theme.objects.create(exercise=exercise, name=name)
    notes = [
        services.contribute(
            exercise_id=exercise.pk,
            participant=seat(seminar),
            entry=services.Entry(text=f"Lapp {n}"),
        )
        for n in range(count)
    ]
    return exercise, notes


def themes_of(exercise: Exercise) -> dict[str, str | None]:
    return dict(exercise.contributions.values_list("text", "theme__name"))


def facilitator(seminar: Seminar) -> Client:
    user = make_user()
    seminar.facilitators.add(user)
    client = Client()
    client.force_login(user)
    return client


def test_several_notes_move_to_a_theme_at_once_and_back():
    seminar = make_seminar()
    exercise, notes = notes_exercise(seminar, 3)
    roles = exercise.themes.get(name="Roller")

    moved = services.sort_notes(
        exercise=exercise, note_ids=[notes[0].pk, notes[2].pk], theme_id=roles.pk
    )
    after_move = themes_of(exercise)
    services.sort_notes(exercise=exercise, note_ids=[notes[0].pk], theme_id=None)

    assert moved == 2
    assert after_move == {"Lapp 0": "Roller", "Lapp 1": None, "Lapp 2": "Roller"}
    assert themes_of(exercise) == {"Lapp 0": None, "Lapp 1": None, "Lapp 2": "Roller"}


def test_a_note_or_theme_of_another_exercise_moves_nothing():
    seminar = make_seminar()
    exercise, notes = notes_exercise(seminar, 2)
    other, foreign = notes_exercise(make_seminar(), 1)
    roles = exercise.themes.get(name="Roller")

    with pytest.raises(services.ContributionRefused, match="hører ikke til denne oppgaven"):
        services.sort_notes(
            exercise=exercise, note_ids=[notes[0].pk, foreign[0].pk], theme_id=roles.pk
        )
    with pytest.raises(services.ContributionRefused, match="hører til en annen oppgave"):
        services.sort_notes(
            exercise=exercise, note_ids=[notes[0].pk], theme_id=other.themes.first().pk
        )
    with pytest.raises(services.ContributionRefused, match="Kryss først av lappene"):
        services.sort_notes(exercise=exercise, note_ids=[], theme_id=roles.pk)

    assert themes_of(exercise) == {"Lapp 0": None, "Lapp 1": None}
    assert themes_of(other) == {"Lapp 0": None}


@pytest.mark.parametrize("count", [1, 40])
def test_the_console_moves_one_or_many_notes_in_one_request_of_fixed_queries(
    django_assert_num_queries, count: int
):
    seminar = make_seminar()
    exercise, notes = notes_exercise(seminar, 40)
    activities.show_exercise(exercise=exercise)
    economy = exercise.themes.get(name="Økonomi")
    client = facilitator(seminar)
    url = f"/seminars/{seminar.slug}/exercises/{exercise.pk}/sort/"
    client.get(f"/seminars/{seminar.slug}/console/")  # the console is open

    # The same for one note as for forty: the request, the move, the console's new screen.
    with django_assert_num_queries(20):
        response = client.post(
            url, {"note": [n.pk for n in notes[:count]], "theme": economy.pk}, **HTMX
        )

    assert response.status_code == 200
    assert exercise.contributions.filter(theme=economy).count() == count


def test_the_console_refuses_hostile_ids_and_a_plain_form_is_redirected():
    seminar = make_seminar()
    exercise, notes = notes_exercise(seminar, 2)
    _other, foreign = notes_exercise(make_seminar(), 1)
    activities.show_exercise(exercise=exercise)
    roles = exercise.themes.get(name="Roller")
    client = facilitator(seminar)
    url = f"/seminars/{seminar.slug}/exercises/{exercise.pk}/sort/"

    hostile = [
        {"note": [notes[0].pk, foreign[0].pk], "theme": roles.pk},
        {"note": [notes[0].pk, "x"], "theme": roles.pk},
        {"note": [notes[0].pk], "theme": "1e9"},
    ]
    refused = [client.post(url, data, **HTMX) for data in hostile]
    plain = client.post(url, {"note": [notes[1].pk], "theme": roles.pk})

    assert all("console-message" in r.text or r.status_code >= 400 for r in refused)
    assert (plain.status_code, plain["Location"]) == (302, f"/seminars/{seminar.slug}/console/")
    assert themes_of(exercise) == {"Lapp 0": None, "Lapp 1": "Roller"}


def test_the_console_offers_a_button_per_theme_and_a_checkbox_per_note():
    seminar = make_seminar()
    exercise, notes = notes_exercise(seminar, 3)
    activities.show_exercise(exercise=exercise)
    client = facilitator(seminar)
    client.cookies["django_language"] = "en"

    html = client.get(f"/seminars/{seminar.slug}/console/").text

    assert re.findall(
        r'data-move-button data-one="[^"]*" data-many="[^"]*" data-none="([^"]*)"', html
    ) == [
        "Move the ticked notes to «Roller»",
        "Move the ticked notes to «Økonomi»",
        "Move the ticked notes back to Not sorted",
    ]
    assert re.findall(r'name="note" value="(\d+)"', html) == [str(n.pk) for n in notes]


def contest(revealed: bool) -> tuple[Seminar, str, str]:
    seminar = make_seminar()
    table_1, table_2 = make_tables(seminar, 2)
    exercise = make_exercise(seminar, kind="contest")
    for table, height in ((table_1, "143,5"), (table_2, "167")):
        services.contribute(
            exercise_id=exercise.pk,
            participant=seat(seminar, table),
            entry=services.Entry(height=height),
        )
    activities.show_exercise(exercise=exercise)
    if revealed:
        activities.reveal(exercise=exercise)
    screens = render_screens(seminar.pk)["screens"]
    return seminar, screens[PROJECTOR], screens[group_audience(table_1.pk, "nb")]


def test_the_contest_hides_every_height_until_the_reveal():
    _seminar, projector, table_phone = contest(revealed=False)

    assert "143,5" not in projector and "167" not in projector
    assert "143,5" not in table_phone
    # The teams in their own order: the leaderboard's would tell who is tallest.
    assert re.findall(r"<strong>(Bord \d)</strong>", projector) == ["Bord 1", "Bord 2"]


def test_after_the_reveal_the_winner_comes_first_and_large():
    _seminar, projector, table_phone = contest(revealed=True)

    names = re.findall(
        r'class="podium__name"><span class="podium__rank">(\d)\.</span> ([^<]+)<', projector
    )
    assert names == [("1", "Bord 2"), ("2", "Bord 1")]
    assert re.search(r'podium__team podium__team--winner">.*?Bord 2', projector, re.S)
    assert "167 cm" in projector and "143,5 cm" in projector
    assert "143,5 cm" in table_phone


def test_a_highlighted_note_and_a_card_go_full_screen_and_back():
    seminar = make_seminar()
    exercise, notes = notes_exercise(seminar, 2)
    services.moderate(contribution=notes[1], highlighted=True)
    activities.show_exercise(exercise=exercise)

    services.spotlight(exercise=exercise, contribution_id=notes[1].pk)
    full = render_screens(seminar.pk)["screens"][PROJECTOR]
    services.spotlight(exercise=exercise)
    back = render_screens(seminar.pk)["screens"][PROJECTOR]

    assert re.findall(r'class="spotlight__text">([^<]+)<', full) == ["Lapp 1"]
    assert "Lapp 0" not in full
    assert 'class="spotlight"' not in back and "Lapp 0" in back

    cards = make_exercise(seminar, kind="card", grouping="individual")
    card = services.save_card(
        exercise_id=cards.pk, participant=seat(seminar), entry=services.CardEntry(name="Kari")
    )
    services.spotlight(exercise=cards, card_id=card.pk)
    activities.show_exercise(exercise=cards)
    assert re.findall(
        r'class="spotlight__name">([^<]+)<', render_screens(seminar.pk)["screens"][PROJECTOR]
    ) == ["Kari"]


def test_full_screen_ends_with_the_way_back_to_the_slide_and_with_another_group_in_focus():
    seminar = make_seminar()
    exercise, notes = notes_exercise(seminar, 2)
    services.moderate(contribution=notes[1], highlighted=True)
    activities.show_exercise(exercise=exercise)

    def full_screen() -> list[str]:
        projector = render_screens(seminar.pk)["screens"][PROJECTOR]
        return re.findall(r'class="spotlight__text">([^<]+)<', projector)

    services.spotlight(exercise=exercise, contribution_id=notes[1].pk)
    activities.hide_exercise(seminar_id=seminar.pk)
    activities.show_exercise(exercise=exercise)
    shown_again = full_screen()
    services.spotlight(exercise=exercise, contribution_id=notes[1].pk)
    activities.focus_group(exercise=exercise, group_id=None)

    assert shown_again == []
    assert full_screen() == []


def test_full_screen_refuses_what_is_hidden_or_elsewhere():
    seminar = make_seminar()
    exercise, notes = notes_exercise(seminar, 2)
    other, foreign = notes_exercise(make_seminar(), 1)
    services.moderate(contribution=notes[0], hidden=True)
    card = Card.objects.create(exercise=other, participant=seat(other.seminar), name="Ola")

    for kwargs in (
        {"contribution_id": notes[0].pk},
        {"contribution_id": foreign[0].pk},
        {"card_id": card.pk},
    ):
        with pytest.raises(services.ContributionRefused):
            services.spotlight(exercise=exercise, **kwargs)

    exercise.refresh_from_db()
    assert (exercise.spotlight_note_id, exercise.spotlight_card_id) == (None, None)


def test_the_console_puts_a_highlight_full_screen_in_fixed_queries(django_assert_num_queries):
    seminar = make_seminar()
    exercise, notes = notes_exercise(seminar, 3)
    services.moderate(contribution=notes[2], highlighted=True)
    activities.show_exercise(exercise=exercise)
    client = facilitator(seminar)
    client.get(f"/seminars/{seminar.slug}/console/")

    with django_assert_num_queries(21):
        response = client.post(
            f"/seminars/{seminar.slug}/contributions/{notes[2].pk}/full-screen/", **HTMX
        )

    exercise.refresh_from_db()
    assert response.status_code == 200
    assert exercise.spotlight_note_id == notes[2].pk


def test_the_phone_says_you_are_the_referent():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    activities.show_exercise(exercise=exercise)
    phone = Client()
    phone.cookies["django_language"] = "en"
    phone.post(f"/j/{seminar.join_code}/", {"side": "elected", "group": table.pk})

    pressed = phone.post(
        f"/j/{seminar.join_code}/exercises/{exercise.pk}/role/", {"role": "referent"}, **HTMX
    )
    page = phone.get(f"/j/{seminar.join_code}/")

    assert MY_ROLE.findall(pressed.text) == [("", "You are the referent")]
    assert MY_ROLE.findall(page.text) == [(' hx-preserve="true"', "You are the referent")]
    assert my_role_ids(pressed.text) == my_role_ids(page.text)


MY_ROLE = re.compile(r'class="roles__mine"( hx-preserve="true")?>(?:<strong>([^<]+)<)?')
SHARED_ROLE = re.compile(
    r'id="(my-role-\d+-\w+)" class="roles__mine" hx-preserve="true" hx-get="([^"]+)"'
)


def my_role_ids(html: str) -> list[str]:
    return re.findall(r'id="(my-role-\d+-\w+)"', html)


def test_a_phone_whose_role_another_took_is_told_by_its_group_sheet_and_asks_again(
    django_assert_num_queries,
):
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    activities.show_exercise(exercise=exercise)
    first, second = Client(), Client()
    for phone in (first, second):
        phone.post(f"/j/{seminar.join_code}/", {"side": "elected", "group": table.pk})
    role_url = f"/j/{seminar.join_code}/exercises/{exercise.pk}/role/"
    my_role_url = f"/j/{seminar.join_code}/exercises/{exercise.pk}/my-role/"

    def group_sheet() -> str:
        return render_screens(seminar.pk)["screens"][group_audience(table.pk, "nb")]

    first.post(role_url, {"role": "referent"}, **HTMX)
    before = group_sheet()
    taken = second.post(role_url, {"role": "referent"}, **HTMX)
    after = group_sheet()

    # The group's sheet names nobody's own role, by an id the first phone does not have:
    # so it asks for its line again.
    ((shared_id, url),) = SHARED_ROLE.findall(after)
    assert shared_id != SHARED_ROLE.findall(before)[0][0]
    assert url == my_role_url
    with django_assert_num_queries(4):  # the phone, the exercise, its group, the holders
        asked = first.get(my_role_url)
    assert MY_ROLE.findall(asked.text) == [("", "")]
    assert my_role_ids(asked.text) == [shared_id]
    assert MY_ROLE.findall(taken.text) == [("", "Du er referent")]
    assert MY_ROLE.findall(second.get(my_role_url).text) == [("", "Du er referent")]

    # The facilitator gives the role back on the groups page: the same.
    first_person = Participant.objects.filter(seminar=seminar).order_by("pk").first()
    assert first_person is not None
    set_role(group=table, participant=first_person, role="referent")
    assert SHARED_ROLE.findall(group_sheet())[0][0] != shared_id
    assert MY_ROLE.findall(first.get(my_role_url).text) == [("", "Du er referent")]
    assert MY_ROLE.findall(second.get(my_role_url).text) == [("", "")]


def test_a_phone_outside_the_groups_is_not_given_a_role_line():
    seminar = make_seminar()
    make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    activities.show_exercise(exercise=exercise)

    response = Client().get(f"/j/{seminar.join_code}/exercises/{exercise.pk}/my-role/")

    assert (response.status_code, response.content) == (204, b"")
