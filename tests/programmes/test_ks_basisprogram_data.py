import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

from agenda.programme_spec import SlideSpec
from programmes.ks_basisprogram import PROGRAMME
from tests.programmes.deck_titles import DECK_TITLES

DECK_TEXT = Path(__file__).parent.parent / "data" / "ks_sel_2023_deck.txt"

LAYOUTS = {"title", "section", "bullets", "case", "quote", "image", "film", "exercise", "join"}
KINDS = {"presentation", "exercise", "film", "break", "closing"}


def normalise_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def programme_slides() -> list[SlideSpec]:
    return [slide for day in PROGRAMME.days for item in day.items for slide in item.slides]


def ends_at(starts_at: time, minutes: int) -> time:
    return (datetime.combine(date.min, starts_at) + timedelta(minutes=minutes)).time()


def test_deck_titles_appear_in_the_seed_text_in_order():
    deck = normalise_whitespace(DECK_TEXT.read_text(encoding="utf-8"))

    position = 0
    for title in DECK_TITLES:
        found = deck.find(normalise_whitespace(title), position)
        assert found != -1, f"{title!r} is not in the deck after the previous title"
        position = found + len(normalise_whitespace(title))


def test_programme_slides_follow_the_deck_titles_in_order():
    """The template laid for Sel is the Sel deck: its placeholders name Sel there."""
    titles = [
        slide.title.replace("{municipality}", PROGRAMME.municipality)
        for slide in programme_slides()
    ]

    assert titles == DECK_TITLES


def test_programme_uses_only_known_layouts_and_kinds():
    layouts = {slide.layout for slide in programme_slides()}
    kinds = {item.kind for day in PROGRAMME.days for item in day.items}

    assert layouts <= LAYOUTS
    assert kinds <= KINDS


def test_film_slides_keep_their_links():
    links = [slide.link for slide in programme_slides() if slide.layout == "film"]

    assert links == ["https://youtu.be/u9m9k-pUE0", "https://youtu.be/3idwOkH358c"]


def test_day_times_match_the_deck():
    assert [(day.number, day.ends_at) for day in PROGRAMME.days] == [
        (1, time(15, 0)),
        (2, time(14, 30)),
    ]
    for day in PROGRAMME.days:
        starts = [item.starts_at for item in day.items]
        assert all(start >= time(9, 0) for start in starts), day.number
        assert starts == sorted(set(starts)), day.number
        last = day.items[-1]
        assert ends_at(last.starts_at, last.planned_minutes) <= day.ends_at, day.number
