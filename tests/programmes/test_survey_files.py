"""A survey travels in a programme file (format version 3) and is taken with its slide."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from agenda.models import AgendaItem, Slide
from polls.models import Poll, Survey
from programmes.programme_file import export_programme, import_programme
from programmes.programme_schema import VERSION, ProgrammeRefused, check_programme
from tests.factories import make_seminar, make_user

pytestmark = pytest.mark.django_db


def evaluation(seminar) -> Survey:
    slide = Slide.objects.filter(item__day__seminar=seminar).order_by("pk").last()
    survey = Survey.objects.create(seminar=seminar, slide=slide, title="Evaluering", order=1)
    Poll.objects.create(seminar=seminar, slide=slide, order=1, kind="single", question="Alene?")
    for order, (kind, question) in enumerate(
        [("scale", "Hvor nyttig?"), ("open_text", "Hva tar du med deg?")], start=2
    ):
        Poll.objects.create(
            seminar=seminar, survey=survey, slide=slide, order=order, kind=kind, question=question
        )
    return survey


def programme_json(data: bytes) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("programme.json"))
    return loaded


def test_a_survey_exported_and_imported_is_the_same_survey_on_the_same_slide():
    original = make_seminar(items=2, slides_per_item=2)
    survey = evaluation(original)
    data = export_programme(original)

    copy = import_programme(data)

    written = programme_json(data)
    assert written["version"] == VERSION
    assert written["surveys"] == [{"title": "Evaluering", "slide": [2, 1, 1]}]
    assert [poll["survey"] for poll in written["polls"]] == [None, 0, 0]
    imported = Survey.objects.get(seminar=copy)
    assert (imported.title, imported.slide.title, imported.state) == (
        "Evaluering",
        survey.slide.title,
        "draft",
    )
    assert list(imported.questions.order_by("order").values_list("question", flat=True)) == [
        "Hvor nyttig?",
        "Hva tar du med deg?",
    ]
    assert Poll.objects.get(seminar=copy, question="Alene?").survey is None


def test_a_version_2_file_is_upgraded_with_no_surveys():
    data = programme_json(export_programme(make_seminar()))
    data["version"] = 2
    del data["surveys"]
    for poll in data["polls"]:
        poll.pop("survey", None)

    programme = check_programme(data)

    assert programme.surveys == []


def test_a_poll_pointing_at_a_survey_the_file_lacks_is_refused():
    seminar = make_seminar()
    evaluation(seminar)
    data = programme_json(export_programme(seminar))
    data["polls"][1]["survey"] = 5

    with translation.override("en"), pytest.raises(ProgrammeRefused) as refused:
        check_programme(data)

    assert str(refused.value) == (
        "The programme file is incomplete or damaged: poll 2, survey: "
        "it points at a survey the file does not have."
    )


def test_a_slide_taken_from_another_seminar_brings_its_survey(client: Client):
    me = make_user("kari")
    client.force_login(me)
    source = make_seminar(facilitator=me, items=1, slides_per_item=1)
    evaluation(source)
    mine = make_seminar(facilitator=me, municipality="Lom kommune")
    item = AgendaItem.objects.get(day__seminar=mine, day__number=1, order=1)

    client.post(
        f"/seminars/{mine.slug}/take/",
        {"from": source.slug, "into": item.pk, "take": "slide", "position": "2-0-0"},
    )

    copied = Survey.objects.get(seminar=mine)
    assert copied.slide.item == item
    assert list(copied.questions.values_list("question", flat=True)) == [
        "Hvor nyttig?",
        "Hva tar du med deg?",
    ]
    assert Poll.objects.get(seminar=mine, question="Alene?").survey is None
