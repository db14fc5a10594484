"""A programme file is read through an explicit list of fields: what it may not say is
refused with a message, and a refused file leaves nothing behind."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation
from PIL import Image

from agenda.models import Slide
from exercises.models import Exercise
from polls.models import Poll
from programmes.programme_file import (
    TEMPLATE_PATH,
    ProgrammeRefused,
    export_programme,
    import_programme,
)
from programmes.programme_schema import VERSION
from seminar.models import Group, Seminar
from tests.factories import make_seminar

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"


def ks_programme() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        zipfile.ZipFile(TEMPLATE_PATH).read("programme.json").decode()
    )
    return loaded


def programme_zip(programme: dict[str, Any], images: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("programme.json", json.dumps(programme))
        for name, content in (images or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def refusal(data: bytes) -> str:
    with translation.override("en"), pytest.raises(ProgrammeRefused) as refused:
        import_programme(data)
    return str(refused.value)


def test_a_group_that_names_another_seminar_is_refused_and_the_other_seminar_keeps_its_groups():
    other = make_seminar()
    groups_before = list(other.groups.values_list("name", flat=True))
    programme = ks_programme()
    programme["groups"].append(
        {"kind": "table", "side": "", "name": "Bord 99", "order": 0, "seminar_id": other.pk}
    )

    message = refusal(programme_zip(programme))

    assert message == (
        "The programme file is incomplete or damaged: group 3: fields this version of "
        "Plenum does not know: seminar_id."
    )
    assert list(other.groups.values_list("name", flat=True)) == groups_before
    assert Seminar.objects.count() == 1
    assert not Group.objects.filter(name="Bord 99").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda p: p["polls"][0].update(order=-5),
            "poll 1, order: Ensure this value is greater than or equal to 0.",
        ),
        (
            lambda p: p["days"][0]["items"][0]["slides"][0].update(title=None),
            "day 1, item 1, slide 1, title: a value of the wrong kind.",
        ),
        (
            lambda p: p["days"][0]["items"][1].update(planned_minutes="45"),
            "day 1, item 2, planned_minutes: a value of the wrong kind.",
        ),
        (
            lambda p: p["days"][0]["items"][0].update(kind="party"),
            "day 1, item 1, kind: Select a valid choice. party is not one of the available "
            "choices.",
        ),
        (
            lambda p: p["polls"][1].update(state="open", revealed=True),
            "poll 2: fields this version of Plenum does not know: revealed, state.",
        ),
        (
            lambda p: p["polls"][0].update(slide=[9, 0, 0]),
            "poll 1, slide: it points at a slide the file does not have.",
        ),
        (
            lambda p: p["exercises"][0].update(poll=99),
            "exercise 1, poll: it points at a poll the file does not have.",
        ),
        (
            lambda p: p["days"][1].update(number=1),
            "day 2: two days have the same number.",
        ),
        (
            lambda p: p["days"][0]["items"][0]["slides"][0].update(title="x" * 301),
            "day 1, item 1, slide 1, title: Ensure this value has at most 300 characters "
            "(it has 301).",
        ),
        (
            lambda p: p["polls"][0]["choices"].append({"label": "x", "light": "blue"}),
            "poll 1, choice 9, light: Select a valid choice. blue is not one of the available "
            "choices.",
        ),
        (
            lambda p: p.update(days={"1": []}),
            "the programme, days: this should be a list.",
        ),
        (
            lambda p: p.update(facilitators=[1]),
            "the programme: fields this version of Plenum does not know: facilitators.",
        ),
    ],
)
def test_a_file_that_says_what_it_may_not_is_refused_with_what_is_wrong(change, message):
    programme = ks_programme()
    change(programme)

    assert refusal(programme_zip(programme)) == (
        f"The programme file is incomplete or damaged: {message}"
    )
    assert (Seminar.objects.count(), Slide.objects.count(), Poll.objects.count()) == (0, 0, 0)


def test_a_slide_picture_that_is_not_a_picture_is_refused_and_nothing_is_stored():
    programme = ks_programme()
    first = programme["days"][0]["items"][0]["slides"]
    first[0]["image"] = "images/a.png"
    first[1]["image"] = "images/b.png"
    images = {"images/a.png": png(800, 450), "images/b.png": b"<html><script>x</script></html>"}

    message = refusal(programme_zip(programme, images))

    assert message == (
        "The programme file is incomplete or damaged: day 1, item 1, slide 2: That file is "
        "not a picture, or it is damaged. Try another one."
    )
    assert media_files() == []
    assert Seminar.objects.count() == 0


def test_a_file_refused_after_its_pictures_were_read_leaves_no_picture_behind():
    programme = ks_programme()
    programme["days"][0]["items"][0]["slides"][0]["image"] = "images/a.png"
    programme["exercises"][-1]["kind"] = "karaoke"

    message = refusal(programme_zip(programme, {"images/a.png": png(800, 450)}))

    assert message.startswith("The programme file is incomplete or damaged: exercise 13, kind:")
    assert media_files() == []


def test_a_picture_the_file_does_not_hold_is_refused():
    programme = ks_programme()
    programme["days"][0]["items"][0]["slides"][0]["image"] = "../../etc/passwd"

    assert refusal(programme_zip(programme)) == (
        "The programme file is incomplete or damaged: day 1, item 1, slide 1: its picture "
        "is missing or damaged."
    )


def test_slide_pictures_are_drawn_again_as_png_at_most_1920_wide():
    programme = ks_programme()
    programme["days"][0]["items"][0]["slides"][0]["image"] = "images/wide.jpg"
    jpeg = io.BytesIO()
    Image.new("RGB", (3840, 2160), "white").save(jpeg, format="JPEG")

    seminar = import_programme(programme_zip(programme, {"images/wide.jpg": jpeg.getvalue()}))

    slide = Slide.objects.get(item__day__seminar=seminar, image__gt="")
    assert slide.image.name.startswith("slides/") and slide.image.name.endswith(".png")
    with Image.open(slide.image.path) as stored:
        assert (stored.format, stored.size) == ("PNG", (1920, 1080))
    assert media_files() == [slide.image.name]


def test_a_file_from_a_newer_plenum_is_refused_with_what_to_do():
    programme = ks_programme() | {"version": VERSION + 1}

    assert refusal(programme_zip(programme)) == (
        "This programme file was made by a newer version of Plenum. Update Plenum on this "
        "server to read it."
    )


@pytest.mark.parametrize("version", range(1, VERSION + 1))
def test_every_version_of_the_format_is_still_read(version):
    """tests/data/programme-v<N>.zip is a file as version N of Plenum wrote it; a new
    version of the format adds its own file here and an upgrade step."""
    data = (DATA / f"programme-v{version}.zip").read_bytes()

    seminar = import_programme(data)

    assert seminar.title == "Folkevalgtopplæring"
    assert Slide.objects.filter(item__day__seminar=seminar).count() == 3
    poll = Poll.objects.get(seminar=seminar)
    assert (poll.question, poll.slide.title, poll.choices.count()) == (
        "Hva er egentlig kommunepolitikk?",
        "Kommunepolitikk",
        2,
    )
    exercise = Exercise.objects.get(seminar=seminar)
    assert (exercise.poll, list(exercise.questions.values_list("text", flat=True))) == (
        poll,
        ["Hva er viktigst?"],
    )
    assert sorted(seminar.groups.values_list("name", flat=True)) == [
        "Administrasjonen",
        "Bord 1",
        "Folkevalgte",
    ]
    rounds = seminar.question_rounds.values_list("title", "moderation", "slide__title")
    assert list(rounds) == (
        [("Spørsmål fra salen", "held", "Kommunepolitikk")] if version >= 4 else []
    )


def test_a_picture_shown_on_many_slides_is_read_once_and_stored_once():
    programme = ks_programme()
    slide = programme["days"][0]["items"][0]["slides"][0]
    programme["days"][0]["items"][0]["slides"] = [slide | {"image": "images/a.png"}] * 300

    seminar = import_programme(programme_zip(programme, {"images/a.png": png(800, 450)}))

    names = set(
        Slide.objects.filter(item__day__seminar=seminar, image__gt="").values_list(
            "image", flat=True
        )
    )
    assert len(names) == 1
    assert media_files() == sorted(names)


def test_an_exercise_timer_longer_than_the_room_timer_is_refused():
    programme = ks_programme()
    programme["exercises"][0]["timer_minutes"] = 1000

    assert refusal(programme_zip(programme)) == (
        "The programme file is incomplete or damaged: exercise 1, timer_minutes: Ensure this "
        "value is less than or equal to 480."
    )


@pytest.mark.parametrize(("version", "alternative"), [(1, ""), (2, "Kart over Eksempel kommune")])
def test_a_pictures_text_alternative_is_read_from_version_2_and_empty_before(version, alternative):
    seminar = import_programme((DATA / f"programme-v{version}.zip").read_bytes())

    slide = Slide.objects.get(item__day__seminar=seminar, title="Om kommunen")
    assert slide.image_alt == alternative


def test_a_pictures_text_alternative_travels_in_the_programme_file():
    seminar = import_programme((DATA / "programme-v2.zip").read_bytes())

    again = import_programme(export_programme(seminar))

    slide = Slide.objects.get(item__day__seminar=again, title="Om kommunen")
    assert slide.image_alt == "Kart over Eksempel kommune"
