"""Means and shares rounded half up, as people round by hand, the same on every screen."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from live import activities
from live.screens import render_results
from polls import services
from polls.queries import percent_of, rounded, scale_mean
from tests.factories import make_participant, make_poll, make_seminar


@pytest.mark.parametrize(
    ("numerator", "denominator", "decimals", "expected"),
    [
        (17, 4, 1, "4.3"),  # 4.25: round() gives 4.2 (half to even)
        (87, 20, 1, "4.4"),  # 4.35: round() gives 4.3 (the float is 4.3499...)
        (15, 4, 1, "3.8"),  # 3.75
        (13, 3, 1, "4.3"),  # 4.333...
        (4, 1, 1, "4.0"),
        (5, 2, 0, "3"),  # 2.5: round() gives 2
        (7, 2, 0, "4"),
    ],
)
def test_rounded_rounds_half_up(numerator, denominator, decimals, expected):
    assert rounded(numerator, denominator, decimals=decimals) == Decimal(expected)
    assert str(rounded(numerator, denominator, decimals=decimals)) == expected


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [(1, 40, 3), (1, 8, 13), (3, 8, 38), (5, 8, 63), (2, 3, 67), (1, 3, 33), (0, 5, 0), (0, 0, 0)],
)
def test_shares_are_whole_percents_rounded_half_up(count, total, expected):
    assert percent_of(count, total) == expected


def test_a_scale_mean_of_four_and_a_quarter_is_four_point_three():
    assert scale_mean({5: 2, 4: 1, 3: 1}) == Decimal("4.3")
    assert scale_mean({5: 7, 4: 13}) == Decimal("4.4")
    assert scale_mean({}) is None


def mean_shown(html: str) -> list[str]:
    return re.findall(r'<p class="results__mean">([^<]+)</p>', html)


def percents_shown(html: str) -> list[str]:
    return re.findall(r'<span class="result-row__percent">([^<]+)</span>', html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "shown"),
    [((5, 5, 4, 3), "Snitt: 4,3"), ((5,) * 7 + (4,) * 13, "Snitt: 4,4")],
)
def test_the_projector_console_and_phones_show_the_mean_rounded_half_up(values, shown):
    seminar = make_seminar()
    poll = make_poll(seminar, kind="scale", labels=())
    activities.open_poll(poll=poll)
    activities.reveal_results(poll=poll)
    for value in values:
        services.cast_vote(poll_id=poll.pk, participant=make_participant(seminar), value=value)

    screens = render_results(seminar.pk)["screens"]

    assert mean_shown(screens["projector"]) == [shown]
    assert mean_shown(screens["console"]) == [shown]
    assert mean_shown(screens["phone:nb"]) == [shown]


@pytest.mark.django_db
def test_the_projector_shows_shares_rounded_half_up():
    seminar = make_seminar()
    poll = make_poll(seminar, labels=("Ja", "Nei"))
    activities.open_poll(poll=poll)
    yes, no = (poll.choices.get(label=label).pk for label in ("Ja", "Nei"))
    for choice in [yes] + [no] * 7:  # 1 of 8 is 12.5 %, 7 of 8 is 87.5 %
        services.cast_vote(
            poll_id=poll.pk, participant=make_participant(seminar), choice_ids=[choice]
        )

    screens = render_results(seminar.pk)["screens"]

    assert percents_shown(screens["projector"]) == ["13 %", "88 %"]
