from __future__ import annotations

import io
import os
import random
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image

from exercises import services
from exercises.models import Card, Contribution, Exercise
from exercises.queries import exercise_board
from live import activities
from live.models import LiveState
from seminar.groupings import (
    GroupRefused,
    add_groups,
    assign_at_random,
    delete_group,
    put_in_group,
    set_role,
)
from seminar.models import Group, Membership
from tests.factories import make_exercise, make_poll, make_seminar, make_tables, seat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The rules' messages in the catalogue's source language; the views' tests check
    # what a Norwegian phone sees.
    with translation.override("en"):
        yield


def write(exercise: Exercise, participant, text: str = "", **fields) -> Contribution:
    return services.contribute(
        exercise_id=exercise.pk,
        participant=participant,
        entry=services.Entry(text=text, **fields),
    )


def refused(exercise: Exercise, participant, text: str = "", **fields) -> str:
    with pytest.raises(services.ContributionRefused) as error:
        write(exercise, participant, text, **fields)
    return str(error.value)


def jpeg(width: int = 3000, height: int = 2000, *, gps: bool = False) -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), (200, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefon"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (61.0, 47.0, 0.0),
        }
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("tower.jpg", buffer.getvalue(), content_type="image/jpeg")


# Brainstorm: a group's shared sheet ---------------------------------------------------------


def test_a_phone_writes_to_its_own_tables_sheet_and_nowhere_else():
    seminar = make_seminar()
    table_1, table_2 = make_tables(seminar, 2)
    kari, ola = seat(seminar, table_1), seat(seminar, table_2)
    exercise = make_exercise(seminar)

    write(exercise, kari, "  Dårlig økonomi  ")
    write(exercise, kari, "Fraflytting")
    write(exercise, ola, "Mangel på barnehager")

    sheets = {
        sheet.group.name: [c.text for c in sheet.visible]
        for sheet in exercise_board(exercise).sheets
    }
    assert sheets == {
        "Bord 1": ["Dårlig økonomi", "Fraflytting"],
        "Bord 2": ["Mangel på barnehager"],
    }


def test_a_phone_without_a_group_is_asked_to_choose_one_first():
    seminar = make_seminar()
    make_tables(seminar, 2)
    exercise = make_exercise(seminar)

    assert refused(exercise, seat(seminar), "Svar") == "Choose your group first."
    assert Contribution.objects.count() == 0


def test_empty_and_overlong_answers_are_refused_with_the_reason():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, max_length=20)
    kari = seat(seminar, table)

    assert refused(exercise, kari, " \u200b\x00 ") == "Write something first."
    assert refused(exercise, kari, "x" * 21) == (
        "That is 21 characters; at most 20 fit. Shorten it and send again."
    )
    assert Contribution.objects.count() == 0


def test_control_characters_are_taken_out_of_what_is_stored():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)

    stored = write(exercise, seat(seminar, table), "Skole\x00 og \x1bbarnehage\n")

    assert stored.text == "Skole og barnehage"


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("draft", "This exercise has not started yet."),
        (
            "closed",
            "This exercise is closed. What you wrote was not stored; keep a copy if you need it.",
        ),
    ],
)
def test_an_exercise_that_is_not_open_takes_nothing(state: str, message: str):
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, state=state)

    assert refused(exercise, seat(seminar, table), "Svar") == message
    assert Contribution.objects.count() == 0


def test_a_resend_after_a_dropped_connection_is_stored_once():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    kari = seat(seminar, table)
    sent_as = uuid.uuid4()

    first = write(exercise, kari, "Fraflytting", client_id=sent_as)
    again = write(exercise, kari, "Fraflytting", client_id=sent_as)

    assert again.pk == first.pk
    assert list(Contribution.objects.values_list("text", flat=True)) == ["Fraflytting"]


def test_another_phone_cannot_reuse_a_client_id():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    sent_as = uuid.uuid4()
    write(exercise, seat(seminar, table), "Fraflytting", client_id=sent_as)

    assert refused(exercise, seat(seminar, table), "Annet", client_id=sent_as) == (
        "That was sent from another phone."
    )


# Sticky notes and expectations: limits ------------------------------------------------------


def test_each_person_writes_at_most_the_set_number_of_notes_and_can_take_one_back():
    seminar = make_seminar()
    exercise = make_exercise(seminar, kind="notes", grouping="individual", limit=3)
    kari, ola = seat(seminar), seat(seminar)
    notes = [write(exercise, kari, f"Lapp {n}") for n in (1, 2, 3)]
    write(exercise, ola, "Olas lapp")

    assert refused(exercise, kari, "Lapp 4") == "You have written your 3 notes. Change one instead."
    with pytest.raises(services.ContributionRefused):
        services.remove_own(contribution_id=notes[0].pk, participant=ola)
    services.remove_own(contribution_id=notes[0].pk, participant=kari)
    write(exercise, kari, "Lapp 4")

    assert [note.text for note in exercise_board(exercise).notes] == [
        "Lapp 2",
        "Lapp 3",
        "Olas lapp",
        "Lapp 4",
    ]


def test_a_side_agrees_on_at_most_three_points_and_a_hidden_one_frees_a_place():
    seminar = make_seminar()
    exercise = make_exercise(seminar, kind="expectations", grouping="side", limit=3)
    kari, per = seat(seminar, side="elected"), seat(seminar, side="elected")
    admin = seat(seminar, side="administration")
    points = [write(exercise, kari, "Ryddige saker"), write(exercise, per, "Tidlig dialog")]
    write(exercise, kari, "Respekt for roller")
    write(exercise, admin, "Tydelige bestillinger")

    assert refused(exercise, per, "Et fjerde") == (
        "Your group has its 3 points. Agree which to change first."
    )
    services.moderate(contribution=points[0], hidden=True)
    write(exercise, per, "Et fjerde")

    columns = [
        (side, [(sheet.group.name, [c.text for c in sheet.visible]) for sheet in sheets])
        for side, sheets in exercise_board(exercise).by_side
    ]
    assert columns == [
        (
            "Elected members",
            [("Folkevalgte", ["Tidlig dialog", "Respekt for roller", "Et fjerde"])],
        ),
        ("The administration", [("Administrasjonen", ["Tydelige bestillinger"])]),
    ]


# One answer per group: cases, dilemmas ------------------------------------------------------


def test_a_case_keeps_one_answer_per_group_and_question_the_last_saved():
    seminar = make_seminar()
    table_1, table_2 = make_tables(seminar, 2)
    exercise = make_exercise(
        seminar,
        kind="case",
        questions=("Hva kan kommunestyret gjøre?", "Hva kan administrasjonen bidra med?"),
    )
    first, second = exercise.questions.all()
    kari, per, ola = seat(seminar, table_1), seat(seminar, table_1), seat(seminar, table_2)

    kari_wrote = write(exercise, kari, "Ta avstand", question_id=first.pk)
    write(
        exercise,
        per,
        "Ta avstand fra hets, felles uttalelse",
        question_id=first.pk,
        seen=services.answer_version(kari_wrote),
    )
    write(exercise, ola, "Kontaktperson", question_id=second.pk)

    answers = {
        sheet.group.name: [(q.text, a.text if a else None) for q, a in sheet.answers]
        for sheet in exercise_board(exercise).sheets
    }
    assert answers == {
        "Bord 1": [
            ("Hva kan kommunestyret gjøre?", "Ta avstand fra hets, felles uttalelse"),
            ("Hva kan administrasjonen bidra med?", None),
        ],
        "Bord 2": [
            ("Hva kan kommunestyret gjøre?", None),
            ("Hva kan administrasjonen bidra med?", "Kontaktperson"),
        ],
    }


def test_an_answer_changed_meanwhile_is_not_overwritten_unawares():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, kind="case", questions=("Hva gjør dere?",))
    question = exercise.questions.get()
    kari, per = seat(seminar, table), seat(seminar, table)
    write(exercise, kari, "Kari sitt svar", question_id=question.pk)  # Per's form showed none

    with pytest.raises(services.ContributionRefused) as stale:
        write(exercise, per, "Per sitt svar", question_id=question.pk)
    write(
        exercise,
        per,
        "Per sitt svar, etter Karis",
        question_id=question.pk,
        seen=services.answer_version(stale.value.current),
    )

    assert str(stale.value) == (
        "Someone in your group saved an answer meanwhile; it is on the group's sheet. "
        "What you wrote is still here: send it again to replace theirs."
    )
    assert stale.value.current.text == "Kari sitt svar"
    assert list(Contribution.objects.values_list("text", flat=True)) == [
        "Per sitt svar, etter Karis"
    ]


def test_a_client_id_reused_for_another_question_is_refused():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, kind="case", questions=("Én?", "To?"))
    first, second = exercise.questions.all()
    kari = seat(seminar, table)
    sent_as = uuid.uuid4()
    write(exercise, kari, "Svar", question_id=first.pk, client_id=sent_as)

    assert refused(exercise, kari, "Svar", question_id=second.pk, client_id=sent_as) == (
        "That was sent from another phone."
    )


def test_a_new_tower_photo_replaces_the_old_one_on_disk(django_capture_on_commit_callbacks):
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, kind="contest")
    kari = seat(seminar, table)
    first = write(exercise, kari, height="120", photo=jpeg(800, 600))
    old_photo = first.photo.path

    with django_capture_on_commit_callbacks(execute=True):
        second = write(
            exercise, kari, height="121", photo=jpeg(600, 800), seen=services.answer_version(first)
        )

    assert (second.pk, os.path.exists(old_photo), os.path.exists(second.photo.path)) == (
        first.pk,
        False,
        True,
    )


def test_a_case_answer_must_name_one_of_its_questions():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, kind="case", questions=("Spørsmål?",))
    other = make_exercise(seminar, kind="case", questions=("Annet?",))

    assert refused(
        exercise, seat(seminar, table), "Svar", question_id=other.questions.get().pk
    ) == ("Choose one of the case's questions.")


def test_a_group_gives_one_verdict_with_a_reason_next_to_the_rooms_vote():
    seminar = make_seminar()
    table_1, table_2 = make_tables(seminar, 2)
    poll = make_poll(
        seminar, kind="traffic_light", labels=("Grønt", "Rødt"), lights=("green", "red")
    )
    exercise = make_exercise(seminar, kind="dilemma", poll=poll, max_length=140)
    kari, ola = seat(seminar, table_1), seat(seminar, table_2)

    assert refused(exercise, kari, "Hm", verdict="yellow") == "Choose red or green light."
    first = write(exercise, kari, "Gave fra part i sak", verdict="green")
    write(
        exercise,
        kari,
        "Gave fra part i sak: inhabil",
        verdict="red",
        seen=services.answer_version(first),
    )
    write(exercise, ola, "", verdict="green")

    board = exercise_board(exercise)
    assert [(s.group.name, s.entry.verdict, s.entry.text) for s in board.sheets] == [
        ("Bord 1", "red", "Gave fra part i sak: inhabil"),
        ("Bord 2", "green", ""),
    ]
    assert board.poll_results is not None
    assert [row.label for row in board.poll_results.rows] == ["Grønt", "Rødt"]


# The paper tower ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"), [("143", "143.0"), ("143,5", "143.5"), (" 98.25 cm", "98.2")]
)
def test_a_height_is_read_as_people_type_it(typed: str, stored: str):
    assert services.parse_height(typed) == Decimal(stored)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Write the height as a number of centimetres, for example 143."),
        ("høy", "Write the height as a number of centimetres, for example 143."),
        ("0", "The height must be a positive number of centimetres."),
        ("-12", "The height must be a positive number of centimetres."),
        ("NaN", "The height must be a positive number of centimetres."),
        ("5000", "5000 cm is taller than any paper tower; check the number."),
    ],
)
def test_a_height_that_is_not_a_positive_number_is_refused(typed: str, message: str):
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, kind="contest")

    assert refused(exercise, seat(seminar, table), height=typed) == message


def test_the_leaderboard_orders_teams_by_height_and_the_facilitator_corrects_one():
    seminar = make_seminar()
    tables = make_tables(seminar, 4)
    exercise = make_exercise(seminar, kind="contest")
    for table, height in zip(tables, ("120", "143,5", "98", "143.5"), strict=True):
        write(exercise, seat(seminar, table), height=height)

    standings = [
        (s.rank, s.sheet.group.name, s.height_cm) for s in exercise_board(exercise).leaderboard
    ]
    assert standings == [
        (1, "Bord 2", Decimal("143.5")),
        (1, "Bord 4", Decimal("143.5")),
        (3, "Bord 1", Decimal("120.0")),
        (4, "Bord 3", Decimal("98.0")),
    ]

    entry = Contribution.objects.get(group=tables[3])
    services.confirm_height(contribution=entry, height="141")
    board = exercise_board(exercise)
    assert [(s.rank, s.sheet.group.name, s.entry.confirmed) for s in board.leaderboard] == [
        (1, "Bord 2", False),
        (2, "Bord 4", True),
        (3, "Bord 1", False),
        (4, "Bord 3", False),
    ]
    assert [s.sheet.group.name for s in board.winners] == ["Bord 2"]


def test_a_tower_photo_is_shrunk_and_stripped_of_its_position():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, kind="contest")

    stored = write(exercise, seat(seminar, table), height="150", photo=jpeg(gps=True))

    with Image.open(stored.photo.path) as kept:
        assert (kept.format, kept.size) == ("JPEG", (1600, 1067))
        assert dict(kept.getexif()) == {}
    assert stored.photo.name.startswith("exercises/") and stored.photo.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("tower.jpg", b"not a picture at all", content_type="image/jpeg"),
            "That file is not a picture, or it is damaged. Try another one.",
        ),
        (
            SimpleUploadedFile("tower.jpg", jpeg().read()[:5000], content_type="image/jpeg"),
            "That file is not a picture, or it is damaged. Try another one.",
        ),
    ],
)
def test_a_file_that_is_not_a_whole_picture_is_refused_and_nothing_stored(upload, message):
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, kind="contest")

    assert refused(exercise, seat(seminar, table), height="150", photo=upload) == message
    assert Contribution.objects.count() == 0


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar, kind="contest")
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, format="PNG")  # 144 Mpx, a few kB
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")

    assert refused(exercise, seat(seminar, table), height="150", photo=bomb) == (
        "The picture has too many pixels."
    )


# The speech and the business card ---------------------------------------------------------


def test_the_speaking_queue_names_the_youngest_by_card_unless_someone_volunteers():
    seminar = make_seminar()
    ap, sp = add_groups(seminar=seminar, kind=Group.Kind.PARTY, names=["Ap", "Sp"])
    card = make_exercise(seminar, kind="card", grouping="individual")
    speech = make_exercise(seminar, kind="speech", grouping="party")
    kari, ola, per = seat(seminar), seat(seminar), seat(seminar)
    for person, group in ((kari, ap), (ola, ap), (per, sp)):
        put_in_group(participant=person, group=group)
    for person, name, age in ((kari, "Kari", "54"), (ola, "Ola", "23"), (per, "", "31")):
        services.save_card(
            exercise_id=card.pk, participant=person, entry=services.CardEntry(name=name, age=age)
        )

    assert [(s.group.name, s.presenter) for s in exercise_board(speech).sheets] == [
        ("Ap", "Ola"),
        ("Sp", "the youngest (31)"),
    ]
    write(speech, kari)
    assert [(s.group.name, s.presenter) for s in exercise_board(speech).sheets] == [
        ("Ap", "Kari"),
        ("Sp", "the youngest (31)"),
    ]


def test_next_speaker_walks_the_groups_and_starts_the_speech_timer():
    seminar = make_seminar()
    ap, sp = add_groups(seminar=seminar, kind=Group.Kind.PARTY, names=["Ap", "Sp"])
    speech = make_exercise(seminar, kind="speech", grouping="party")
    for party in (ap, sp):
        put_in_group(participant=seat(seminar), group=party)

    speaking, timers = [], []
    for _ in range(3):
        activities.next_speaker(exercise=speech)
        speech.refresh_from_db()
        speaking.append(speech.speaking_group_id)
        live = LiveState.objects.get(seminar=seminar)
        timers.append((live.timer_state, live.timer_total_seconds))

    assert speaking == [ap.pk, sp.pk, None]
    # Each party's speech is timed; after the last, nobody has the floor to time.
    assert timers[:2] == [("running", 120), ("running", 120)]
    assert timers[2][0] == "idle"


def test_a_business_card_keeps_what_is_given_and_a_drawing_as_a_small_png():
    seminar = make_seminar()
    exercise = make_exercise(seminar, kind="card", grouping="individual")
    kari = seat(seminar)
    buffer = io.BytesIO()
    Image.new("RGBA", (1200, 800), (0, 0, 0, 0)).save(buffer, format="PNG")
    drawing = SimpleUploadedFile("drawing.png", buffer.getvalue(), content_type="image/png")

    services.save_card(
        exercise_id=exercise.pk,
        participant=kari,
        entry=services.CardEntry(name="Kari", age="", home="Otta", drawing=drawing),
    )
    services.save_card(
        exercise_id=exercise.pk,
        participant=kari,
        entry=services.CardEntry(name="Kari", age="54", home="Otta", occupation="Bonde"),
    )

    card = Card.objects.get()
    assert (card.name, card.age, card.home, card.occupation, card.motivation) == (
        "Kari",
        54,
        "Otta",
        "Bonde",
        "",
    )
    with Image.open(card.drawing.path) as kept:
        assert (kept.format, kept.size) == ("PNG", (800, 533))


def card_drawing(colour: tuple[int, int, int], name: str = "drawing.png") -> SimpleUploadedFile:
    """What the phone's canvas sends: a 600x400 PNG on white paper, with one stroke."""
    page = Image.new("RGB", (600, 400), (255, 255, 255))
    if colour != (255, 255, 255):
        page.paste(colour, (100, 190, 500, 210))
    buffer = io.BytesIO()
    page.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_a_white_page_sent_takes_the_cards_drawing_away_and_off_the_disk(
    django_capture_on_commit_callbacks,
):
    seminar = make_seminar()
    exercise = make_exercise(seminar, kind="card", grouping="individual")
    kari = seat(seminar)
    services.save_card(
        exercise_id=exercise.pk,
        participant=kari,
        entry=services.CardEntry(name="Kari", drawing=card_drawing((196, 22, 28))),
    )
    drawn = Card.objects.get().drawing
    with Image.open(drawn.path) as kept:  # the stroke kept, in its colour, on white paper
        assert kept.convert("RGB").getpixel((300, 200)) == (196, 22, 28)
        assert kept.convert("RGBA").getpixel((10, 10)) == (255, 255, 255, 255)
    on_disk = drawn.path

    with django_capture_on_commit_callbacks(execute=True):
        services.save_card(
            exercise_id=exercise.pk,
            participant=kari,
            entry=services.CardEntry(name="Kari", drawing=card_drawing((255, 255, 255))),
        )

    card = Card.objects.get()
    assert (card.name, bool(card.drawing)) == ("Kari", False)
    assert not os.path.exists(on_disk)


def test_a_white_page_sent_without_a_stored_drawing_stores_none():
    seminar = make_seminar()
    exercise = make_exercise(seminar, kind="card", grouping="individual")
    kari = seat(seminar)

    services.save_card(
        exercise_id=exercise.pk,
        participant=kari,
        entry=services.CardEntry(name="Kari", drawing=card_drawing((255, 255, 255))),
    )

    assert not Card.objects.get().drawing


def test_a_drawing_with_a_stroke_on_white_replaces_the_stored_one(
    django_capture_on_commit_callbacks,
):
    seminar = make_seminar()
    exercise = make_exercise(seminar, kind="card", grouping="individual")
    kari = seat(seminar)
    services.save_card(
        exercise_id=exercise.pk,
        participant=kari,
        entry=services.CardEntry(drawing=card_drawing((196, 22, 28))),
    )
    first = Card.objects.get().drawing.path

    with django_capture_on_commit_callbacks(execute=True):
        services.save_card(
            exercise_id=exercise.pk,
            participant=kari,
            entry=services.CardEntry(drawing=card_drawing((11, 79, 196))),
        )

    card = Card.objects.get()
    with Image.open(card.drawing.path) as kept:
        assert kept.convert("RGB").getpixel((300, 200)) == (11, 79, 196)
    assert card.drawing.path != first and not os.path.exists(first)


def test_an_age_that_is_not_a_number_is_refused_and_the_card_unchanged():
    seminar = make_seminar()
    exercise = make_exercise(seminar, kind="card", grouping="individual")
    kari = seat(seminar)
    services.save_card(
        exercise_id=exercise.pk, participant=kari, entry=services.CardEntry(name="Kari")
    )

    with pytest.raises(services.ContributionRefused) as error:
        services.save_card(
            exercise_id=exercise.pk,
            participant=kari,
            entry=services.CardEntry(name="Kari N.", age="femti"),
        )

    assert str(error.value) == "Write your age as a whole number, or leave it empty."
    assert Card.objects.get().name == "Kari"


# Groups -------------------------------------------------------------------------------------


def test_everyone_is_placed_at_random_in_groups_of_even_size():
    seminar = make_seminar()
    make_tables(seminar, 3)
    for _ in range(10):
        seat(seminar)

    sizes = assign_at_random(seminar=seminar, kind=Group.Kind.TABLE, rng=random.Random(7))  # noqa: S311

    assert sorted(sizes.values()) == [3, 3, 4]
    assert Membership.objects.filter(kind="table").count() == 10


def test_random_sides_keep_people_on_their_own_side():
    seminar = make_seminar()
    add_groups(seminar=seminar, kind=Group.Kind.SIDE, names=["Folkevalgte 2"], side="elected")
    elected = [seat(seminar, side="elected") for _ in range(5)]
    admin = [seat(seminar, side="administration") for _ in range(2)]

    assign_at_random(seminar=seminar, kind=Group.Kind.SIDE, rng=random.Random(1))  # noqa: S311

    sides = {
        person.pk: Membership.objects.get(participant=person, kind="side").group.side
        for person in elected + admin
    }
    assert sorted(sides.values()) == ["administration"] * 2 + ["elected"] * 5
    elected_sizes = sorted(
        Membership.objects.filter(group__side="elected").values_list("group__name", flat=True)
    )
    assert elected_sizes.count("Folkevalgte") in (2, 3)


def test_a_move_takes_a_person_out_of_their_old_table_and_their_role():
    seminar = make_seminar()
    table_1, table_2 = make_tables(seminar, 2)
    kari = seat(seminar, table_1)
    set_role(group=table_1, participant=kari, role="referent")

    put_in_group(participant=kari, group=table_2)

    assert list(kari.memberships.filter(kind="table").values_list("group__name", "role")) == [
        ("Bord 2", "")
    ]


def test_a_group_has_one_leader_and_one_referent():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    kari, ola = seat(seminar, table), seat(seminar, table)

    set_role(group=table, participant=kari, role="leader")
    set_role(group=table, participant=ola, role="leader")
    set_role(group=table, participant=kari, role="referent")

    assert dict(table.memberships.values_list("participant_id", "role")) == {
        ola.pk: "leader",
        kari.pk: "referent",
    }


def test_a_group_that_has_written_cannot_be_deleted():
    seminar = make_seminar()
    table_1, table_2 = make_tables(seminar, 2)
    write(make_exercise(seminar), seat(seminar, table_1), "Svar")

    with pytest.raises(GroupRefused) as error:
        delete_group(group=table_1)
    delete_group(group=table_2)

    assert str(error.value) == "“Bord 1” has written answers; it cannot be deleted."
    assert list(seminar.groups.filter(kind="table").values_list("name", flat=True)) == ["Bord 1"]


def test_group_names_must_be_new_and_not_empty():
    seminar = make_seminar()
    add_groups(seminar=seminar, kind=Group.Kind.PARTY, names=["Høyre"])

    with pytest.raises(GroupRefused) as empty:
        add_groups(seminar=seminar, kind=Group.Kind.PARTY, names=["", "  "])
    with pytest.raises(GroupRefused) as twice:
        add_groups(seminar=seminar, kind=Group.Kind.PARTY, names=["Sp", "høyre"])

    assert str(empty.value) == "Write at least one group name."
    assert str(twice.value) == "There is already a group called “høyre”."
    assert list(seminar.groups.filter(kind="party").values_list("name", flat=True)) == ["Høyre"]


# Moderation --------------------------------------------------------------------------------


def test_a_hidden_contribution_leaves_the_sheet_and_a_highlighted_one_is_marked():
    seminar = make_seminar()
    (table,) = make_tables(seminar, 1)
    exercise = make_exercise(seminar)
    kari = seat(seminar, table)
    rude, good = write(exercise, kari, "Tull"), write(exercise, kari, "Bra poeng")

    services.moderate(contribution=rude, hidden=True)
    services.moderate(contribution=good, highlighted=True)
    services.edit_text(contribution=good, text="Bra poeng!")

    (sheet,) = exercise_board(exercise).sheets
    assert [(c.text, c.highlighted) for c in sheet.visible] == [("Bra poeng!", True)]
    assert [c.text for c in sheet.contributions] == ["Tull", "Bra poeng!"]  # kept for the notes
