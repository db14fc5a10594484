"""Sharing a programme from the browser: download it from the programme page, and start a
new seminar from it, for another municipality and dates, on this server or another."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agenda.models import Day, Slide
from seminar.models import Seminar
from tests.factories import make_seminar, make_user

pytestmark = pytest.mark.django_db


def download(client: Client, seminar: Seminar) -> bytes:
    response = client.get(reverse("agenda:programme_file", args=[seminar.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{seminar.slug}-programme.zip"'
    )
    assert response["Content-Type"] == "application/zip"
    return response.getvalue()


def titles(seminar: Seminar) -> list[str]:
    return list(
        Slide.objects.filter(item__day__seminar=seminar)
        .order_by("item__day__number", "item__order", "order")
        .values_list("title", flat=True)
    )


@pytest.mark.parametrize("items", [1, 4])
def test_a_programme_downloaded_and_uploaded_becomes_a_seminar_for_my_municipality(
    client: Client, seminar: Seminar, django_assert_num_queries, items: int
):
    me = seminar.facilitators.get()
    original = make_seminar(facilitator=me, items=items, slides_per_item=3)

    # session, user, seminar; days, items, slides; polls, exercises, groups (and choices and
    # questions, once each, when there are any)
    with django_assert_num_queries(9):
        data = download(client, original)
    uploaded = client.post(
        reverse("agenda:new_from_file"),
        {
            "file": SimpleUploadedFile("testvik-programme.zip", data),
            "municipality": "Lom kommune",
            "first_date": "2028-03-06",
        },
    )

    copy = Seminar.objects.get(municipality="Lom kommune")
    assert uploaded["Location"] == reverse("agenda:programme", args=[copy.slug])
    assert list(copy.facilitators.all()) == [me]
    assert titles(copy) == titles(original)
    assert list(Day.objects.filter(seminar=copy).values_list("date", flat=True)) == [
        date(2028, 3, 6),
        date(2028, 3, 7),
    ]
    assert copy.join_code != original.join_code
    assert json.loads(zipfile.ZipFile(io.BytesIO(data)).read("programme.json"))["days"]


def test_an_upload_without_municipality_and_date_keeps_the_files(client: Client, seminar: Seminar):
    data = download(client, seminar)

    client.post(reverse("agenda:new_from_file"), {"file": SimpleUploadedFile("p.zip", data)})

    copy = Seminar.objects.exclude(pk=seminar.pk).get()
    assert (copy.municipality, copy.days.order_by("number").first().date) == (
        seminar.municipality,
        seminar.days.order_by("number").first().date,
    )


def test_a_file_that_is_not_a_programme_is_refused_and_makes_nothing(
    client: Client, seminar: Seminar
):
    refused = client.post(
        reverse("agenda:new_from_file"),
        {"file": SimpleUploadedFile("notater.zip", b"PK\x03\x04 no zip"), "municipality": "Lom"},
    )

    assert refused.status_code == 400
    assert "Det er ikke en programfil fra Plenum." in refused.text
    assert (
        '<div class="error-summary" role="alert">Rett opp feltene som er merket nedenfor.</div>'
        in (refused.text)
    )
    assert 'value="Lom"' in refused.text  # what was typed stays
    assert Seminar.objects.count() == 1


def test_someone_elses_programme_cannot_be_downloaded(client: Client, seminar: Seminar):
    other = make_seminar(facilitator=make_user(), municipality="Lom kommune")

    response = client.get(reverse("agenda:programme_file", args=[other.slug]))

    assert response.status_code == 404


def test_the_programme_page_and_my_seminars_lead_to_sharing(client: Client, seminar: Seminar):
    programme = client.get(reverse("agenda:programme", args=[seminar.slug]))
    mine = client.get(reverse("seminar:my_seminars"))

    assert f'href="/seminars/{seminar.slug}/programme/file/" download>Last ned programfila' in (
        programme.text
    )
    assert 'href="/seminars/new/from-file/">Nytt seminar fra en programfil</a>' in mine.text
