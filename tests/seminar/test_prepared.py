"""A query compiled once gives what its queryset gives, for any values, on every run."""

from __future__ import annotations

from datetime import date

import pytest

from seminar.models import Participant, Seminar
from seminar.participants import cookie_value, decide_admission, join_seminar, phone_participant
from seminar.prepared import SAMPLE_ID, PreparedQuery, sample_text
from tests.factories import make_seminar

pytestmark = pytest.mark.django_db


def seminar_facts(*, code: str):
    return Seminar.objects.filter(join_code=code).values_list(
        "title", "delete_data_after", "allow_nicknames", "admission_closed"
    )


def test_the_rows_are_the_querysets_with_dates_and_booleans_as_the_orm_gives_them():
    first, second = make_seminar(), make_seminar(municipality="Nordvik kommune")
    Seminar.objects.filter(pk=second.pk).update(
        allow_nicknames=True, delete_data_after=date(2028, 1, 31)
    )
    facts = PreparedQuery(seminar_facts, code=sample_text("code"))

    for seminar in (first, second, first):
        assert facts.run(code=seminar.join_code) == list(seminar_facts(code=seminar.join_code))
    [row] = facts.run(code=second.join_code)
    assert row == ("Folkevalgtprogram", date(2028, 1, 31), True, False)
    assert [type(value) for value in row] == [str, date, bool, bool]
    assert facts.run(code="000000") == []


def test_it_is_built_and_compiled_once():
    built: list[str] = []

    def build(*, code: str):
        built.append(code)
        return seminar_facts(code=code)

    facts = PreparedQuery(build, code=sample_text("code"))
    seminar = make_seminar()
    facts.run(code=seminar.join_code)
    facts.run(code="123456")

    assert built == [sample_text("code")]


def test_the_constants_of_the_query_stay_in_it():
    seminar = make_seminar()
    Seminar.objects.filter(pk=seminar.pk).update(admission_closed=True)
    seminar.refresh_from_db()
    waiting = join_seminar(seminar=seminar, side=Participant.Side.ELECTED)
    cookie = cookie_value(waiting)

    assert phone_participant(cookie, seminar.join_code) is None  # admitted only
    found = phone_participant(cookie, seminar.join_code, admitted=False)
    assert found is not None
    assert (found.pk, found.admission, found.seminar.municipality) == (
        waiting.pk,
        Participant.Admission.WAITING,
        "Testvik kommune",
    )
    decide_admission(seminar=seminar, participant_id=waiting.pk, admit=True)
    admitted = phone_participant(cookie, seminar.join_code)
    assert admitted is not None
    assert admitted.admission == Participant.Admission.ADMITTED
    assert phone_participant(cookie, "999999", admitted=False) is None


def test_a_lookup_that_changes_its_value_cannot_be_prepared():
    make_seminar()
    contains = PreparedQuery(
        lambda *, text: Seminar.objects.filter(title__icontains=text).values_list("pk"),
        text=sample_text("text"),
    )

    with pytest.raises(ValueError, match="cannot be prepared"):
        contains.run(text="valgt")


def test_it_asks_for_exactly_its_values():
    by_id = PreparedQuery(
        lambda *, seminar_id: Seminar.objects.filter(pk=seminar_id).values_list("title"),
        seminar_id=SAMPLE_ID,
    )

    with pytest.raises(TypeError, match="seminar_id"):
        by_id.run(id=1)


def test_prepared_instances_are_the_querysets_with_their_related_objects():
    from live.models import LiveState
    from seminar.prepared import PreparedModels

    def state_of(*, seminar_id: int):
        return LiveState.objects.select_related("seminar", "slide", "slide__item", "poll").filter(
            seminar_id=seminar_id
        )

    def described(live: LiveState) -> tuple[object, ...]:
        slide = live.slide
        return (
            live.pk,
            live.revision,
            live.seminar.municipality,
            live.seminar.delete_data_after,
            None if slide is None else (slide.pk, slide.title, slide.item.title),
            live.poll,
        )

    prepared = PreparedModels(state_of, seminar_id=SAMPLE_ID)
    first, second = make_seminar(), make_seminar(municipality="Nordvik kommune")
    LiveState.objects.filter(seminar=second).update(slide=None, revision=7)

    for seminar in (first, second):
        [live] = prepared.instances(seminar_id=seminar.pk)
        expected = state_of(seminar_id=seminar.pk).get()
        assert described(live) == described(expected)
        assert live._state.adding is False
    [nordvik] = prepared.instances(seminar_id=second.pk)
    assert (nordvik.slide, nordvik.revision, nordvik.seminar.municipality) == (
        None,
        7,
        "Nordvik kommune",
    )
    assert prepared.instances(seminar_id=SAMPLE_ID) == []


def test_values_cannot_be_made_into_instances():
    from seminar.prepared import PreparedModels

    titles = PreparedModels(seminar_facts, code=sample_text("code"))

    with pytest.raises(ValueError, match="only a queryset of model instances"):
        titles.instances(code="123456")
