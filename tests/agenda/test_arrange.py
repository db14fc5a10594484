"""Slides put in order on the programme page: a step at a time by keyboard, or dropped
anywhere after a drag; polls and exercises travel with their slide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from agenda.deck_import import import_deck
from agenda.models import AgendaItem, Slide
from live.models import LiveState
from seminar.models import Seminar
from tests.decks import pdf_deck
from tests.factories import make_poll, make_seminar, make_user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def outline(seminar: Seminar) -> list[list[str]]:
    items = AgendaItem.objects.filter(day__seminar=seminar).order_by("day__number", "order")
    return [list(item.slides.order_by("order").values_list("title", flat=True)) for item in items]


def slide(title: str) -> Slide:
    return Slide.objects.get(title=title)


def move(client: Client, seminar: Seminar, title: str, direction: str):
    return client.post(
        reverse("agenda:arrange", args=[seminar.slug]),
        {"move": f"{slide(title).pk}:{direction}"},
        **HTMX,
    )


def status(html: str) -> str:
    found = re.search(r'<div hx-swap-oob="innerHTML:#programme-status">([^<]*)</div>', html)
    return found.group(1) if found else ""


def test_a_slide_moves_a_place_at_a_time_and_into_the_next_item(client: Client, seminar: Seminar):
    revision = LiveState.objects.get(seminar=seminar).revision

    first = move(client, seminar, "Slide 1.1.1", "down")
    second = move(client, seminar, "Slide 1.1.1", "down")

    assert outline(seminar) == [
        ["Slide 1.1.2"],
        ["Slide 1.1.1", "Slide 1.2.1", "Slide 1.2.2"],
        ["Slide 2.1.1", "Slide 2.1.2"],
        ["Slide 2.2.1", "Slide 2.2.2"],
    ]
    assert status(first.text) == "Flyttet til plass 2 av 2 i «Day 1 item 1»."
    assert status(second.text) == "Flyttet til plass 1 av 3 i «Day 1 item 2»."
    # The moved slide's button is in the new page, with the id htmx gives the focus back to.
    assert f'id="move-down-{slide("Slide 1.1.1").pk}"' in second.text
    assert LiveState.objects.get(seminar=seminar).revision == revision + 2


def test_up_from_an_items_first_slide_goes_to_the_end_of_the_item_before_across_days(
    client: Client, seminar: Seminar
):
    move(client, seminar, "Slide 2.1.1", "up")

    assert outline(seminar)[1:3] == [
        ["Slide 1.2.1", "Slide 1.2.2", "Slide 2.1.1"],
        ["Slide 2.1.2"],
    ]


def test_the_very_first_slide_stays_where_it_is(client: Client, seminar: Seminar):
    revision = LiveState.objects.get(seminar=seminar).revision

    response = move(client, seminar, "Slide 1.1.1", "up")

    assert response.status_code == 200
    assert outline(seminar)[0] == ["Slide 1.1.1", "Slide 1.1.2"]
    assert LiveState.objects.get(seminar=seminar).revision == revision


def test_a_drop_puts_every_slide_where_the_page_shows_it_and_the_poll_goes_along(
    client: Client, seminar: Seminar
):
    poll = make_poll(seminar, question="Hvem bestemmer budsjettet?")
    poll.slide = slide("Slide 2.2.2")
    poll.save()
    items = list(AgendaItem.objects.filter(day__seminar=seminar).order_by("day__number", "order"))
    page = [
        (items[0], ["Slide 2.2.2", "Slide 1.1.1", "Slide 1.1.2"]),
        (items[1], ["Slide 1.2.1", "Slide 1.2.2"]),
        (items[2], ["Slide 2.1.1", "Slide 2.1.2"]),
        (items[3], ["Slide 2.2.1"]),
    ]
    posted = [
        value
        for item, titles in page
        for value in [f"item-{item.pk}", *(str(slide(title).pk) for title in titles)]
    ]

    response = client.post(
        reverse("agenda:arrange", args=[seminar.slug]), {"order": posted}, **HTMX
    )

    assert outline(seminar) == [titles for _item, titles in page]
    assert status(response.text) == "Lysbildene har fått ny rekkefølge."
    cards = re.findall(r'<li class="slide-card" id="slide-(\d+)">', response.text)
    assert cards[0] == str(slide("Slide 2.2.2").pk)
    first_card = response.text.split('<li class="slide-card"')[1]
    assert "Avstemning: Hvem bestemmer budsjettet?" in first_card
    assert Slide.objects.get(polls=poll).item == items[0]


def test_a_drop_from_a_page_that_no_longer_shows_the_programme_changes_nothing(
    client: Client, seminar: Seminar
):
    items = list(AgendaItem.objects.filter(day__seminar=seminar).order_by("day__number", "order"))
    stale = [f"item-{items[0].pk}", str(slide("Slide 1.1.2").pk), str(slide("Slide 1.1.1").pk)]
    before = outline(seminar)

    response = client.post(reverse("agenda:arrange", args=[seminar.slug]), {"order": stale}, **HTMX)

    assert response.status_code == 400
    assert status(response.text) == (
        "Programmet er endret i et annet vindu. Siden viser det nå slik det er: "
        "gjør flyttingen på nytt."
    )
    assert outline(seminar) == before


def test_slides_of_another_seminar_cannot_be_moved(client: Client, seminar: Seminar):
    other = make_seminar(facilitator=make_user(), municipality="Lom kommune")
    theirs = Slide.objects.filter(item__day__seminar=other).order_by("pk").first()
    assert theirs is not None

    response = client.post(
        reverse("agenda:arrange", args=[seminar.slug]), {"move": f"{theirs.pk}:down"}, **HTMX
    )
    foreign = client.post(
        reverse("agenda:arrange", args=[other.slug]), {"move": f"{theirs.pk}:down"}, **HTMX
    )

    assert response.status_code == 400
    assert status(response.text) == "Det lysbildet hører ikke til dette seminaret."
    assert foreign.status_code == 404
    assert theirs.order == Slide.objects.get(pk=theirs.pk).order


def test_without_javascript_a_move_comes_back_to_the_programme(client: Client, seminar: Seminar):
    response = client.post(
        reverse("agenda:arrange", args=[seminar.slug]), {"move": f"{slide('Slide 1.1.1').pk}:down"}
    )

    assert response["Location"] == reverse("agenda:programme", args=[seminar.slug])
    assert outline(seminar)[0] == ["Slide 1.1.2", "Slide 1.1.1"]


def remove(client: Client, seminar: Seminar, title: str):
    return client.post(
        reverse("agenda:arrange", args=[seminar.slug]), {"remove_slide": slide(title).pk}, **HTMX
    )


def test_a_slide_imported_by_mistake_is_removed_with_its_page_image(
    client: Client, seminar: Seminar, settings, django_capture_on_commit_callbacks
):
    item = AgendaItem.objects.filter(day__seminar=seminar).order_by("day__number", "order")[1]
    (page,) = import_deck(item=item, data=pdf_deck("Feil lysbilde")).slides
    image = Path(settings.MEDIA_ROOT) / page.image.name
    revision = LiveState.objects.get(seminar=seminar).revision

    with django_capture_on_commit_callbacks(execute=True):
        response = remove(client, seminar, "Feil lysbilde")

    assert status(response.text) == "«Feil lysbilde» er fjernet fra programmet."
    assert outline(seminar)[1] == ["Slide 1.2.1", "Slide 1.2.2"]
    assert not image.exists()
    assert LiveState.objects.get(seminar=seminar).revision == revision + 1


def test_the_slide_on_the_projector_and_slides_with_a_poll_stay(client: Client, seminar: Seminar):
    poll = make_poll(seminar)
    poll.slide = slide("Slide 1.2.1")
    poll.save()
    before = outline(seminar)

    on_screen = remove(client, seminar, "Slide 1.1.1")
    asked = remove(client, seminar, "Slide 1.2.1")

    assert (on_screen.status_code, asked.status_code) == (400, 400)
    assert status(on_screen.text) == (
        "Det lysbildet vises på lerretet nå. Vis et annet lysbilde først, og fjern det så."
    )
    assert status(asked.text) == (
        "En avstemning, en spørreundersøkelse, en oppgave eller spørsmål fra salen hører til "
        "det lysbildet, så det blir i programmet."
    )
    assert outline(seminar) == before
    assert f'name="remove_slide" value="{slide("Slide 1.2.1").pk}"' not in asked.text
    assert f'name="remove_slide" value="{slide("Slide 1.2.2").pk}"' in asked.text


def test_removing_a_slide_gives_the_focus_to_the_next_one(client: Client, seminar: Seminar):
    next_one = slide("Slide 1.2.2").pk

    response = remove(client, seminar, "Slide 1.2.1")
    last = remove(client, seminar, "Slide 1.2.2")

    assert re.findall(r'id="move-up-(\d+)" autofocus', response.text) == [str(next_one)]
    assert "autofocus" not in last.text  # the item is empty now
    assert outline(seminar)[1] == []
    assert 'class="slide-grid slide-grid--empty"' in last.text


def test_a_slide_of_another_seminar_cannot_be_removed(client: Client, seminar: Seminar):
    other = make_seminar(facilitator=make_user(), municipality="Lom kommune")
    theirs = Slide.objects.filter(item__day__seminar=other).order_by("pk").first()
    assert theirs is not None

    response = client.post(
        reverse("agenda:arrange", args=[seminar.slug]), {"remove_slide": theirs.pk}, **HTMX
    )

    assert response.status_code == 400
    assert Slide.objects.filter(pk=theirs.pk).exists()


def test_a_drop_after_a_button_press_is_taken_as_the_drop(client: Client, seminar: Seminar):
    """On a touch screen htmx still sends the last button pressed with the dropped form."""
    items = list(AgendaItem.objects.filter(day__seminar=seminar).order_by("day__number", "order"))
    dropped = [
        (items[0], ["Slide 1.1.2", "Slide 1.1.1"]),
        (items[1], ["Slide 1.2.1", "Slide 1.2.2"]),
        (items[2], ["Slide 2.1.1", "Slide 2.1.2"]),
        (items[3], ["Slide 2.2.1", "Slide 2.2.2"]),
    ]
    posted = [
        value
        for item, titles in dropped
        for value in [f"item-{item.pk}", *(str(slide(title).pk) for title in titles)]
    ]

    client.post(
        reverse("agenda:arrange", args=[seminar.slug]),
        {"order": posted, "move": f"{slide('Slide 2.2.2').pk}:up"},
        HTTP_HX_TRIGGER="arrangement",
        **HTMX,
    )

    assert outline(seminar) == [titles for _item, titles in dropped]
