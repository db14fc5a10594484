"""What a phone and a facilitator get back from the exercise pages, in Norwegian."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from exercises import services
from exercises.models import Card, Contribution
from seminar.models import Membership
from tests.factories import make_exercise, make_seminar, make_tables, make_user, seat

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def phone_client(seminar, table=None) -> Client:
    client = Client()
    data = {"side": "elected"}
    if table is not None:
        data["group"] = str(table.pk)
    client.post(f"/j/{seminar.join_code}/", data)
    return client


def facilitator_client(seminar) -> Client:
    user = make_user()
    seminar.facilitators.add(user)
    client = Client()
    client.force_login(user)
    return client


def picture(fmt: str = "JPEG", size=(800, 600)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format=fmt)
    return SimpleUploadedFile(f"p.{fmt.lower()}", buffer.getvalue())


def message(html: str) -> list[str]:
    return re.findall(r'class="entry__(?:error|saved)" role="(?:alert|status)">([^<]+)<', html)


def input_value(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}"[^>]*value="([^"]*)"', html)


def test_a_phone_adds_to_its_tables_sheet_and_gets_an_empty_form_back():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    phone = phone_client(seminar, table)

    response = phone.post(
        f"/j/{seminar.join_code}/exercises/{exercise.pk}/", {"text": "Fraflytting"}, **HTMX
    )

    assert response.status_code == 200
    assert message(response.text) == ["Lagt til på gruppens ark."]
    assert input_value(response.text, "text") == [""]
    assert list(Contribution.objects.values_list("group__name", "text")) == [
        ("Bord 1", "Fraflytting")
    ]


def test_an_answer_sent_again_after_a_dropped_connection_is_stored_once():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    phone = phone_client(seminar, table)
    url = f"/j/{seminar.join_code}/exercises/{exercise.pk}/"
    sent = {"text": "Fraflytting", "client_id": "6f1c1b0e-3c1d-4f7e-9a55-2f1a1d2b3c4d"}

    first, again = phone.post(url, sent, **HTMX), phone.post(url, sent, **HTMX)

    assert (first.status_code, again.status_code) == (200, 200)
    assert message(again.text) == ["Lagt til på gruppens ark."]
    assert list(Contribution.objects.values_list("text", flat=True)) == ["Fraflytting"]


def test_a_refused_answer_says_why_in_norwegian_and_keeps_the_text():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, max_length=10)
    phone = phone_client(seminar, table)

    response = phone.post(
        f"/j/{seminar.join_code}/exercises/{exercise.pk}/",
        {"text": "Altfor langt svar"},
        **HTMX,
    )

    assert response.status_code == 400
    assert message(response.text) == [
        "Det er 17 tegn; høyst 10 får plass. Gjør det kortere og send igjen."
    ]
    assert input_value(response.text, "text") == ["Altfor langt svar"]
    assert Contribution.objects.count() == 0


def test_an_answer_to_a_closed_exercise_is_kept_on_the_phone():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, state="closed")
    phone = phone_client(seminar, table)

    response = phone.post(
        f"/j/{seminar.join_code}/exercises/{exercise.pk}/", {"text": "Sent svar"}, **HTMX
    )

    assert response.status_code == 400
    assert message(response.text) == [
        "Oppgaven er stengt. Det du skrev, ble ikke lagret; ta vare på en kopi om du trenger den."
    ]
    assert input_value(response.text, "text") == ["Sent svar"]


def test_without_htmx_a_refused_answer_shows_the_phone_page_with_the_reason():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    phone = phone_client(seminar, table)

    response = phone.post(f"/j/{seminar.join_code}/exercises/{exercise.pk}/", {"text": " "})

    assert response.status_code == 400
    assert message(response.text) == ["Skriv noe først."]
    assert 'id="phone-screen"' in response.text


def test_a_phone_that_has_not_joined_is_sent_to_the_join_form():
    seminar = make_seminar()
    exercise = make_exercise(seminar)

    response = Client().post(f"/j/{seminar.join_code}/exercises/{exercise.pk}/", {"text": "Hei"})

    assert response.status_code == 302
    assert response["Location"] == f"/j/{seminar.join_code}/"
    assert Contribution.objects.count() == 0


def test_a_phone_cannot_write_to_another_seminars_exercise():
    seminar, other = make_seminar(), make_seminar(municipality="Annen kommune")
    (table,) = make_tables(seminar, 1)
    foreign = make_exercise(other)
    phone = phone_client(seminar, table)

    response = phone.post(f"/j/{seminar.join_code}/exercises/{foreign.pk}/", {"text": "Hei"})

    assert response.status_code == 404
    assert Contribution.objects.count() == 0


def test_a_team_sends_its_height_and_photo_and_a_non_picture_is_refused():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, kind="contest")
    phone = phone_client(seminar, table)
    url = f"/j/{seminar.join_code}/exercises/{exercise.pk}/"

    refused = phone.post(
        url,
        {"height": "150", "photo": SimpleUploadedFile("t.jpg", b"%PDF-1.7 not a picture")},
        **HTMX,
    )
    stored = phone.post(url, {"height": "143,5", "photo": picture()}, **HTMX)

    assert refused.status_code == 400
    assert message(refused.text) == [
        "Den fila er ikke et bilde, eller den er skadet. Prøv en annen."
    ]
    assert input_value(refused.text, "height") == ["150"]
    assert message(stored.text) == ["Lagets høyde er lagret."]
    entry = Contribution.objects.get()
    assert (str(entry.height_cm), entry.photo.name.endswith(".jpg")) == ("143.5", True)


def test_a_business_card_with_a_drawing_is_stored_and_its_picture_served():
    seminar = make_seminar()
    exercise = make_exercise(seminar, kind="card", grouping="individual")
    phone = phone_client(seminar)

    response = phone.post(
        f"/j/{seminar.join_code}/exercises/{exercise.pk}/card/",
        {"name": "Kari", "age": "54", "home": "Otta", "drawing": picture("PNG")},
        **HTMX,
    )
    card = Card.objects.get()
    served = Client().get(card.drawing.url)

    assert message(response.text) == ["Visittkortet ditt er lagret."]
    assert input_value(response.text, "name") == ["Kari"]
    assert (card.name, card.age, card.home) == ("Kari", 54, "Otta")
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")
    assert served.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_saved_drawing_comes_back_in_its_canvas_and_not_as_a_second_picture():
    seminar = make_seminar()
    exercise = make_exercise(seminar, kind="card", grouping="individual")
    phone = phone_client(seminar)

    response = phone.post(
        f"/j/{seminar.join_code}/exercises/{exercise.pk}/card/",
        {"name": "Kari", "drawing": picture("PNG", size=(600, 400))},
        **HTMX,
    )
    card = Card.objects.get()
    canvas = re.findall(r"<canvas [^>]*>.*?</canvas>", response.text, re.S)

    assert message(response.text) == ["Visittkortet ditt er lagret."]
    assert len(canvas) == 1
    assert f'data-drawing-saved="{card.drawing.url}"' in canvas[0]
    # The stored picture appears only inside the canvas (for a phone without scripts).
    assert response.text.count(card.drawing.url) == 2
    assert response.text.count("<img") == canvas[0].count("<img") == 1
    # Pens in four colours and an eraser, each a radio button with its name.
    tools = re.findall(r'<input type="radio" name="pen" value="(\w+)"', response.text)
    assert tools == ["black", "red", "blue", "green", "eraser"]


@pytest.mark.parametrize(
    "path", ["exercises/../../settings.py", "exercises/nope.jpg", "other/x.png"]
)
def test_only_stored_pictures_are_served(path: str):
    assert Client().get(f"/media/{path}").status_code == 404


def test_a_phone_chooses_its_party_group_and_takes_a_role():
    from seminar.groupings import add_groups

    seminar = make_seminar()
    ap, sp = add_groups(seminar=seminar, kind="party", names=["Ap", "Sp"])
    exercise = make_exercise(seminar, kind="speech", grouping="party")
    phone = phone_client(seminar)
    me = seminar.participants.get()

    url = f"/j/{seminar.join_code}/exercises/{exercise.pk}/group/"
    wrong = phone.post(url, {"group": "999"})
    chosen = phone.post(url, {"group": ap.pk}, **HTMX)
    moved = phone.post(url, {"group": sp.pk}, **HTMX)
    make_exercise(seminar, kind="brainstorm", grouping="party")
    brainstorm = seminar.exercises.get(kind="brainstorm")
    role = phone.post(
        f"/j/{seminar.join_code}/exercises/{brainstorm.pk}/role/", {"role": "referent"}, **HTMX
    )

    assert wrong.status_code == 400
    assert message(wrong.text) == ["Velg en av gruppene i lista."]
    assert (chosen.status_code, chosen["HX-Refresh"]) == (204, "true")
    assert moved.status_code == 400
    assert message(moved.text) == [
        "Du er allerede med i en gruppe. Spør prosessveilederen om du skal flytte."
    ]
    assert role.status_code == 200  # the phone's own line: "You are the referent"
    assert list(me.memberships.filter(kind="party").values_list("group__name", "role")) == [
        ("Ap", "referent")
    ]


def test_a_phone_takes_back_its_own_note_only():
    seminar = make_seminar()
    exercise = make_exercise(seminar, kind="notes", grouping="individual", limit=3)
    mine, theirs = phone_client(seminar), phone_client(seminar)
    mine.post(f"/j/{seminar.join_code}/exercises/{exercise.pk}/", {"text": "Min lapp"})
    theirs.post(f"/j/{seminar.join_code}/exercises/{exercise.pk}/", {"text": "Deres lapp"})
    note = Contribution.objects.get(text="Deres lapp")

    refused = mine.post(f"/j/{seminar.join_code}/notes/{note.pk}/remove/", **HTMX)
    mine_note = Contribution.objects.get(text="Min lapp")
    removed = mine.post(f"/j/{seminar.join_code}/notes/{mine_note.pk}/remove/", **HTMX)

    assert message(refused.text) == ["Du kan bare trekke tilbake det du skrev selv."]
    assert removed.status_code == 200
    assert list(Contribution.objects.values_list("text", flat=True)) == ["Deres lapp"]


# Only the seminar's facilitators moderate ----------------------------------------------------


def test_only_the_seminars_facilitators_can_hide_a_contribution():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    contribution = services.contribute(
        exercise_id=exercise.pk, participant=seat(seminar, table), entry=services.Entry(text="Tull")
    )
    url = f"/seminars/{seminar.slug}/contributions/{contribution.pk}/hide/"
    stranger = Client()
    stranger.force_login(make_user())

    as_phone = phone_client(seminar, table).post(url)
    as_stranger = stranger.post(url)
    as_facilitator = facilitator_client(seminar).post(url, **HTMX)

    assert as_phone.status_code == 302 and as_phone["Location"].startswith("/login/")
    assert as_stranger.status_code == 404
    assert as_facilitator.status_code == 200
    contribution.refresh_from_db()
    assert contribution.hidden is True


def test_a_facilitator_corrects_a_height_and_a_nonsense_height_is_explained():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, kind="contest")
    entry = services.contribute(
        exercise_id=exercise.pk,
        participant=seat(seminar, table),
        entry=services.Entry(height="150"),
    )
    console = facilitator_client(seminar)
    url = f"/seminars/{seminar.slug}/contributions/{entry.pk}/confirm/"

    nonsense = console.post(url, {"height": "høy"}, **HTMX)
    corrected = console.post(url, {"height": "148"}, **HTMX)

    assert nonsense.status_code == 400
    assert re.findall(r"<strong>([^<]+)</strong>", nonsense.text) == [
        "Skriv høyden som et tall i centimeter, for eksempel 143."
    ]
    assert corrected.status_code == 200
    entry.refresh_from_db()
    assert (str(entry.height_cm), entry.confirmed) == ("148.0", True)


def test_the_console_opens_an_exercise_and_starts_its_timer():
    seminar = make_seminar()
    exercise = make_exercise(seminar, state="draft", timer_minutes=10)
    console = facilitator_client(seminar)

    console.post(f"/seminars/{seminar.slug}/exercises/{exercise.pk}/open/", **HTMX)

    exercise.refresh_from_db()
    live = seminar.live
    live.refresh_from_db()
    assert (exercise.state, live.exercise_id) == ("open", exercise.pk)
    assert (live.timer_state, live.timer_total_seconds) == ("running", 600)


# The groups page -------------------------------------------------------------------------------


@pytest.mark.parametrize("people", [1, 12])
def test_the_groups_page_shows_who_is_where_in_fixed_queries(
    django_assert_num_queries, people: int
):
    seminar = make_seminar()
    tables = make_tables(seminar, 3)
    for n in range(people):
        seat(seminar, tables[n % 3])
    console = facilitator_client(seminar)

    with django_assert_num_queries(6):
        response = console.get(f"/seminars/{seminar.slug}/groups/")

    assert re.findall(r'<h3 id="group-\d+">([^<]+)<', response.text) == [
        "Bord 1 ",
        "Bord 2 ",
        "Bord 3 ",
        "Folkevalgte ",
        "Administrasjonen ",
    ]


def test_the_facilitator_adds_tables_places_everyone_and_moves_one():
    seminar = make_seminar()
    people = [seat(seminar) for _ in range(7)]
    console = facilitator_client(seminar)
    url = f"/seminars/{seminar.slug}/groups/"

    console.post(url, {"action": "add-tables", "count": "3"})
    console.post(url, {"action": "assign", "kind": "table"})
    table_3 = seminar.groups.get(name="Bord 3")
    console.post(url, {"action": "move", "participant": people[0].pk, "group": table_3.pk})
    refused = console.post(url, {"action": "add", "kind": "party", "names": "\n \n"})

    sizes = sorted(
        seminar.groups.filter(kind="table").values_list("memberships__participant", flat=True)
    )
    assert len(sizes) == 7
    assert Membership.objects.get(participant=people[0], kind="table").group == table_3
    assert refused.status_code == 400
    assert re.findall(r'class="error-summary" role="alert">([^<]+)<', refused.text) == [
        "Skriv minst ett gruppenavn."
    ]
