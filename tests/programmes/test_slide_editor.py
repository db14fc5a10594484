"""The slide editor: a slide's text, picture, text alternative and notes; new slides of any
layout anywhere; copies; removal; the preview; two facilitators saving the same slide."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from PIL import Image

from agenda.models import AgendaItem, Slide
from live import services as live
from live.models import LiveState
from polls.models import Poll
from polls.services import create_survey
from programmes.edit_check import CHANGED_MEANWHILE
from questions.services import new_round
from seminar.models import Seminar
from seminar.participants import COOKIE_NAME, cookie_value
from tests.factories import make_poll, make_seminar, make_user, seat

pytestmark = pytest.mark.django_db

FIELD_ERRORS = re.compile(r'<div class="field-errors"[^>]*><ul class="errorlist"[^>]*><li>([^<]+)<')
TOO_LONG = "Sørg for at denne verdien har 300 eller færre tegn (den har nå 301)."
VERSION = re.compile(r'name="version" value="([0-9a-f]+)"')


@pytest.fixture
def mine(client: Client) -> Seminar:
    me = make_user("kari")
    client.force_login(me)
    return make_seminar(facilitator=me, items=2, slides_per_item=3)


def slides_of(seminar: Seminar, item_order: int = 1) -> list[Slide]:
    return list(
        Slide.objects.filter(
            item__day__seminar=seminar, item__day__number=1, item__order=item_order
        ).order_by("order")
    )


def edit_url(slide: Slide) -> str:
    return f"/seminars/{slide.item.day.seminar.slug}/slides/{slide.pk}/"


def png_upload(colour: str = "red", size: tuple[int, int] = (400, 300)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return SimpleUploadedFile("bilde.jpg", out.getvalue(), content_type="image/jpeg")


def form_data(client: Client, slide: Slide, **changes: object) -> dict[str, object]:
    """The slide's form as the editor page has it, with `changes` typed in."""
    page = client.get(edit_url(slide)).content.decode()
    version = VERSION.search(page)
    assert version is not None
    data: dict[str, object] = {
        "version": version.group(1),
        "layout": slide.layout,
        "title": slide.title,
        "body": slide.body,
        "notes": slide.notes,
        "image_alt": slide.image_alt,
        "photo_credit": slide.photo_credit,
        "link": slide.link,
    }
    return data | changes


def test_a_saved_slide_is_stored_and_the_room_follows(client, mine):
    slide = slides_of(mine)[1]
    revision = LiveState.objects.get(seminar=mine).revision

    response = client.post(
        edit_url(slide),
        form_data(
            client,
            slide,
            title="Hva er en folkevalgt?",
            body="Tillit\n  Fra innbyggerne\nAnsvar",
            notes="Spør salen først.",
        ),
    )

    slide.refresh_from_db()
    assert response["Location"] == f"{edit_url(slide)}?saved=1"
    assert (slide.title, slide.body, slide.notes) == (
        "Hva er en folkevalgt?",
        "Tillit\n  Fra innbyggerne\nAnsvar",
        "Spør salen først.",
    )
    assert LiveState.objects.get(seminar=mine).revision == revision + 1
    assert "Lysbildet er lagret." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "layout", ["title", "section", "bullets", "case", "quote", "image", "film", "exercise"]
)
def test_a_new_slide_of_any_layout_goes_where_it_was_asked(client, mine, layout):
    item = slides_of(mine)[0].item
    before = [slide.pk for slide in slides_of(mine)]
    new_url = f"/seminars/{mine.slug}/items/{item.pk}/slides/new/"
    assert client.get(f"{new_url}?layout={layout}&position=1").status_code == 200

    response = client.post(
        new_url, {"version": "", "layout": layout, "title": "Ny side", "position": "1"}
    )

    added = Slide.objects.get(item=item, title="Ny side")
    assert response["Location"] == f"{edit_url(added)}?saved=new"
    assert added.layout == layout
    assert [slide.pk for slide in slides_of(mine)] == [before[0], added.pk, *before[1:]]
    assert [slide.order for slide in slides_of(mine)] == [1, 2, 3, 4]


def test_a_new_slide_without_a_place_goes_last(client, mine):
    item = slides_of(mine, item_order=2)[0].item

    client.post(
        f"/seminars/{mine.slug}/items/{item.pk}/slides/new/",
        {"version": "", "layout": "bullets", "title": "Til slutt"},
    )

    assert [slide.title for slide in slides_of(mine, item_order=2)][-1] == "Til slutt"


def test_a_picture_is_stored_redrawn_with_its_text_alternative_and_the_old_one_goes(
    client, mine, django_capture_on_commit_callbacks
):
    slide = slides_of(mine)[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            edit_url(slide),
            form_data(client, slide, image=png_upload("red"), image_alt="Rådhuset i Testvik"),
        )
    slide.refresh_from_db()
    first = slide.image.name
    assert client.get(slide.image.url).status_code == 200  # the media view serves it
    with Image.open(slide.image.path) as stored:
        assert (stored.format, stored.size, stored.getpixel((10, 10))) == (
            "PNG",
            (400, 300),
            (254, 0, 0),
        )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(slide), form_data(client, slide, image=png_upload("blue")))

    slide.refresh_from_db()
    assert slide.image.name != first
    assert not default_storage.exists(first)
    assert slide.image_alt == "Rådhuset i Testvik"
    live.go_to_slide(seminar=mine, slide_id=slide.pk)
    projector = client.get(f"/p/{mine.projector_token}/").content.decode()
    assert f'src="{slide.image.url}" alt="Rådhuset i Testvik"' in projector


def test_a_file_that_is_not_a_picture_is_refused_and_what_was_typed_stays(client, mine):
    slide = slides_of(mine)[0]
    fake = SimpleUploadedFile("bilde.png", b"not a picture", content_type="image/png")

    response = client.post(
        edit_url(slide), form_data(client, slide, title="Mitt nye navn", image=fake)
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert FIELD_ERRORS.findall(page) == [
        "Last opp et gyldig bilde. Filen du lastet opp var ødelagt eller ikke et bilde."
    ]
    assert 'value="Mitt nye navn"' in page
    slide.refresh_from_db()
    assert (slide.title, slide.image.name) == ("Slide 1.1.1", "")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "Feltet er påkrevet."),
        ({"title": "x" * 301}, TOO_LONG),
        ({"layout": "page"}, "Velg et gyldig valg. page er ikke et av de tilgjengelige valgene."),
        ({"link": "javascript:alert(1)"}, "Oppgi en gyldig nettadresse."),
        ({"image_alt": "x" * 301}, TOO_LONG),
    ],
)
def test_each_refusal_says_why_next_to_the_field_and_nothing_is_stored(
    client, mine, changes, message
):
    slide = slides_of(mine)[0]

    response = client.post(edit_url(slide), form_data(client, slide, notes="Ny note", **changes))

    page = response.content.decode()
    assert response.status_code == 400
    assert FIELD_ERRORS.findall(page) == [message]
    assert "Rett opp feltene som er merket nedenfor." in page
    assert "Ny note</textarea>" in page
    slide.refresh_from_db()
    assert slide.notes == ""


def test_typed_text_loses_control_characters_but_keeps_its_indents(client, mine):
    slide = slides_of(mine)[0]

    client.post(
        edit_url(slide),
        form_data(client, slide, title="Tittel\u202e", body="Punkt\u0007 én\n  Under\u200b"),
    )

    slide.refresh_from_db()
    assert (slide.title, slide.body) == ("Tittel", "Punkt én\n  Under")


def test_a_second_save_over_a_changed_slide_is_refused_and_keeps_the_text(client, mine):
    slide = slides_of(mine)[0]
    colleague = Client()
    colleague.force_login(mine.facilitators.get())
    mine_typed = form_data(client, slide, title="Min tittel")
    theirs = form_data(colleague, slide, title="Kollegaens tittel")
    assert colleague.post(edit_url(slide), theirs).status_code == 302

    response = client.post(edit_url(slide), mine_typed)

    page = response.content.decode()
    assert response.status_code == 400
    with translation.override("nb"):
        assert str(CHANGED_MEANWHILE) in page
    assert 'value="Min tittel"' in page
    slide.refresh_from_db()
    assert slide.title == "Kollegaens tittel"
    # The page now carries the colleague's version: saving again, knowingly, goes through.
    version = VERSION.search(page)
    assert version is not None
    assert (
        client.post(edit_url(slide), mine_typed | {"version": version.group(1)}).status_code == 302
    )
    slide.refresh_from_db()
    assert slide.title == "Min tittel"


def test_the_preview_draws_what_is_typed_as_projector_and_phone_and_stores_nothing(client, mine):
    slide = slides_of(mine)[0]

    response = client.post(
        f"/seminars/{mine.slug}/slides/preview/",
        {"slide": slide.pk, "layout": "bullets", "title": "Utkast", "body": "Ett\n  To"},
    )

    page = response.content.decode()
    assert page.count("Utkast") == 2  # the projector's slide and the phone's
    assert '<ul class="slide__bullets">' in page
    assert '<article class="phone-slide"' in page
    slide.refresh_from_db()
    assert slide.title == "Slide 1.1.1"


def test_a_duplicate_comes_right_after_with_the_same_picture(client, mine):
    first, second, third = slides_of(mine)
    client.post(edit_url(first), form_data(client, first, image=png_upload(), image_alt="Kart"))
    first.refresh_from_db()

    response = client.post(f"/seminars/{mine.slug}/slides/{first.pk}/duplicate/")

    copy = slides_of(mine)[1]
    assert response["Location"] == f"{edit_url(copy)}?saved=copy"
    assert [s.pk for s in slides_of(mine)] == [first.pk, copy.pk, second.pk, third.pk]
    assert (copy.title, copy.image.name, copy.image_alt) == (first.title, first.image.name, "Kart")


def test_removing_a_slide_asks_first_and_keeps_the_one_on_the_projector(client, mine):
    on_screen, other, _third = slides_of(mine)
    live.go_to_slide(seminar=mine, slide_id=on_screen.pk)
    remove_url = f"/seminars/{mine.slug}/slides/{{}}/remove/"
    assert "Det kan ikke angres." in client.get(remove_url.format(other.pk)).content.decode()

    refused = client.post(remove_url.format(on_screen.pk), {"confirm": "yes"})
    removed = client.post(remove_url.format(other.pk), {"confirm": "yes"})

    assert refused.status_code == 400
    assert "Det lysbildet vises på lerretet nå." in refused.content.decode()
    assert removed.status_code == 302
    assert [s.pk for s in slides_of(mine)] == [on_screen.pk, _third.pk]


def test_a_slide_with_a_poll_says_to_remove_the_poll_first(client, mine):
    slide = slides_of(mine)[0]
    poll = make_poll(mine)
    poll.slide = slide
    poll.save()

    page = client.get(f"/seminars/{mine.slug}/slides/{slide.pk}/remove/").content.decode()

    assert f'href="/seminars/{mine.slug}/polls/{poll.pk}/remove/"' in page
    assert 'name="confirm"' not in page


def activities(page: str) -> list[tuple[str, str]]:
    """The removal page's links to what is asked on the slide, as (address, text)."""
    listed = page.split('<ul class="activity-list">')[1].split("</ul>")[0]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', listed)


def test_a_slide_with_only_a_survey_or_questions_from_the_room_stays_and_links_to_them(
    client, mine
):
    client.cookies["django_language"] = "en"
    on_screen, with_round, with_survey = slides_of(mine)
    question_round = new_round(seminar=mine, slide=with_round, title="Spørsmål til ordføreren")
    survey = create_survey(slide=with_survey, title="Evaluering")
    remove_url = f"/seminars/{mine.slug}/slides/{{}}/remove/"

    pages = [client.get(remove_url.format(slide.pk)).text for slide in (with_round, with_survey)]
    refused = [
        client.post(remove_url.format(slide.pk), {"confirm": "yes"})
        for slide in (with_round, with_survey)
    ]

    assert [response.status_code for response in refused] == [400, 400]
    assert [
        re.findall(r'<p class="error-summary" role="alert">([^<]+)</p>', response.text)
        for response in refused
    ] == [
        [
            "A poll, a survey, an exercise or questions from the room are asked on that slide, "
            "so it stays in the programme."
        ]
    ] * 2
    assert [s.pk for s in slides_of(mine)] == [on_screen.pk, with_round.pk, with_survey.pk]
    question_round.refresh_from_db()
    survey.refresh_from_db()
    assert (question_round.slide_id, survey.slide_id) == (with_round.pk, with_survey.pk)
    assert [activities(page) for page in pages] == [
        [
            (
                f"/seminars/{mine.slug}/question-rounds/{question_round.pk}/remove/",
                "Remove the questions from the room: Spørsmål til ordføreren",
            )
        ],
        [(f"/seminars/{mine.slug}/surveys/{survey.pk}/remove/", "Remove the survey: Evaluering")],
    ]
    assert 'name="confirm"' not in pages[0] + pages[1]


def test_the_editor_lists_a_survey_with_no_questions_yet_and_not_none(client, mine):
    client.cookies["django_language"] = "en"
    _on_screen, with_survey, empty = slides_of(mine)
    survey = create_survey(slide=with_survey, title="Evaluering")

    pages = [client.get(edit_url(slide)).text for slide in (with_survey, empty)]

    listed = [
        page.split('<h2 id="activities-heading">')[1].split('<div class="add-row">')[0]
        for page in pages
    ]
    assert [
        re.findall(r"<h2[^>]*>[^<]*|<li>[^<]*<a[^>]*>[^<]*|<p>[^<]*", part) for part in listed
    ] == [
        [
            f'<li>Survey: <a href="/seminars/{mine.slug}/surveys/{survey.pk}/">Evaluering',
        ],
        ["<p>None yet."],
    ]
    assert pages[0].count('<h2 id="activities-heading">Activities on this slide</h2>') == 1


def test_a_slide_edited_on_the_projector_reaches_it_at_once(client, mine):
    slide = slides_of(mine)[0]
    live.go_to_slide(seminar=mine, slide_id=slide.pk)
    assert "Dette lysbildet er på projektoren nå" in client.get(edit_url(slide)).content.decode()

    client.post(edit_url(slide), form_data(client, slide, title="Rettet tittel"))

    projector = client.get(f"/p/{mine.projector_token}/").content.decode()
    assert "Rettet tittel" in projector


@pytest.mark.parametrize("who", ["another facilitator", "a phone", "nobody"])
def test_only_the_seminars_facilitators_edit_its_slides(client, mine, who):
    slide = slides_of(mine)[0]
    stranger = Client()
    if who == "another facilitator":
        stranger.force_login(make_user("ola"))
    elif who == "a phone":
        stranger.cookies[COOKIE_NAME] = cookie_value(seat(mine))
    data = form_data(client, slide, title="Kapret")
    urls = [
        edit_url(slide),
        f"/seminars/{mine.slug}/items/{slide.item_id}/slides/new/",
        f"/seminars/{mine.slug}/slides/{slide.pk}/duplicate/",
        f"/seminars/{mine.slug}/slides/{slide.pk}/remove/",
        f"/seminars/{mine.slug}/slides/preview/",
    ]

    answers = [stranger.post(url, data | {"confirm": "yes"}).status_code for url in urls]

    assert answers == [404] * 5 if who == "another facilitator" else [302] * 5
    assert Slide.objects.filter(item__day__seminar=mine).count() == 12
    assert not Slide.objects.filter(title="Kapret").exists()


@pytest.mark.parametrize(("slides", "rounds"), [(1, 1), (12, 6)])
def test_the_editor_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, slides, rounds
):
    me = make_user()
    client.force_login(me)
    seminar = make_seminar(facilitator=me, items=1, slides_per_item=slides)
    slide = Slide.objects.filter(item__day__seminar=seminar).order_by("pk").first()
    assert slide is not None
    for _ in range(2):
        make_poll(seminar)
    Poll.objects.filter(seminar=seminar).update(slide=slide)
    for number in range(rounds):
        new_round(seminar=seminar, slide=slide, title=f"Spørsmål {number}")

    url = edit_url(slide)
    with django_assert_num_queries(10):  # the slide's surveys and its questions are two
        page = client.get(url)
    assert page.status_code == 200
    assert page.text.count("/question-rounds/") == rounds + 1  # each, and "add"
    data = form_data(client, slide, title="Ny tittel")
    with django_assert_num_queries(14):
        assert client.post(url, data).status_code == 302
    with django_assert_num_queries(4):  # session, user, seminar, slide
        client.post(f"/seminars/{seminar.slug}/slides/preview/", {"slide": slide.pk, "title": "T"})


def test_an_item_page_for_new_slides_of_another_seminar_is_not_found(client, mine):
    other = make_seminar(items=1, slides_per_item=1)
    item = AgendaItem.objects.get(day__seminar=other, day__number=1)

    response = client.get(f"/seminars/{mine.slug}/items/{item.pk}/slides/new/")

    assert response.status_code == 404


def test_the_console_links_to_the_editor_of_the_slide_on_screen(client, mine):
    slide = slides_of(mine)[0]

    console = client.get(f"/seminars/{mine.slug}/console/").content.decode()

    assert f'href="{edit_url(slide)}"' in console


def test_the_programme_page_offers_to_edit_each_slide_and_add_one_to_each_item(client, mine):
    page = client.get(f"/seminars/{mine.slug}/programme/").content.decode()

    slides = Slide.objects.filter(item__day__seminar=mine)
    items = AgendaItem.objects.filter(day__seminar=mine)
    assert all(f'href="{edit_url(slide)}"' in page for slide in slides)
    assert all(
        f'href="/seminars/{mine.slug}/items/{item.pk}/slides/new/"' in page for item in items
    )
