"""Sharing a programme from the browser: download it from the programme page, and start a
new seminar from it, for another municipality and dates, on this server or another."""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from datetime import date
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.asgi import ASGIHandler
from django.test import Client
from django.urls import reverse

from agenda.models import Day, Slide
from programmes.programme_file import programme_data
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

    # session, user, seminar; days, items, slides; polls, surveys, exercises, groups,
    # questions from the room (and choices and questions, once each, when there are any)
    with django_assert_num_queries(11):
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


def test_the_programme_file_is_answered_whole_with_its_name_and_type(
    client: Client, seminar: Seminar
):
    response = client.get(reverse("agenda:programme_file", args=[seminar.slug]))

    assert response.status_code == 200
    assert response.streaming is False
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{seminar.slug}-programme.zip"'
    )
    assert int(response["Content-Length"]) == len(response.content)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    data, pictures = programme_data(seminar)
    assert archive.namelist() == ["programme.json", *pictures]
    assert json.loads(archive.read("programme.json")) == data


def asgi_get(path: str, cookie: str) -> tuple[dict[str, Any], bytes]:
    """One GET through Django's ASGI handler, as uvicorn serves it: the response's start
    and its whole body."""

    async def get() -> tuple[dict[str, Any], bytes]:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode())],
            "client": ("127.0.0.1", 40000),
            "server": ("testserver", 80),
        }
        server = ApplicationCommunicator(ASGIHandler(), scope)
        await server.send_input({"type": "http.request", "body": b""})
        start = await server.receive_output(timeout=10)
        body = b""
        more = True
        while more:
            message = await server.receive_output(timeout=10)
            body += message.get("body", b"")
            more = message.get("more_body", False)
        await server.wait(timeout=10)  # the handler closes the request's files last
        return start, body

    return async_to_sync(get)()


@pytest.mark.django_db(transaction=True)
def test_under_asgi_the_programme_file_and_the_notes_download_without_a_warning():
    # pyproject turns every warning into an error: a streaming response over a synchronous
    # iterator ("StreamingHttpResponse must consume synchronous iterators") would fail here.
    me = make_user()
    seminar = make_seminar(facilitator=me, items=1, slides_per_item=1)
    browser = Client()
    browser.force_login(me)
    cookie = f"sessionid={browser.cookies['sessionid'].value}"

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        programme, programme_body = asgi_get(f"/seminars/{seminar.slug}/programme/file/", cookie)
        notes, notes_body = asgi_get(f"/seminars/{seminar.slug}/notes/md/", cookie)

    assert (programme["status"], notes["status"]) == (200, 200)
    headers = dict(programme["headers"])
    assert headers[b"Content-Type"] == b"application/zip"
    assert headers[b"Content-Disposition"] == (
        f'attachment; filename="{seminar.slug}-programme.zip"'.encode()
    )
    assert int(headers[b"Content-Length"]) == len(programme_body)
    assert (
        json.loads(zipfile.ZipFile(io.BytesIO(programme_body)).read("programme.json"))
        == (programme_data(seminar)[0])
    )
    assert dict(notes["headers"])[b"Content-Disposition"].startswith(b"attachment; filename=")
    assert notes_body.decode().startswith("# ")
