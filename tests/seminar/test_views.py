import re

import pytest
from django.test import Client
from django.urls import reverse

from agenda.models import Slide
from seminar.models import Seminar
from tests.factories import make_seminar, make_user

pytestmark = pytest.mark.django_db


def test_front_page_offers_the_facilitator_login(client: Client):
    response = client.get("/")

    assert response.status_code == 200
    assert re.findall(r'<a class="button" href="([^"]+)">Logg inn</a>', response.text) == [
        "/login/"
    ]
    assert re.findall(r'<label for="id_code">([^<]+)</label>', response.text) == [
        "Kode fra lerretet"
    ]


def test_my_seminars_requires_login(client: Client):
    response = client.get(reverse("seminar:my_seminars"))

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/seminars/"


@pytest.mark.parametrize("seminar_count", [1, 5])
def test_my_seminars_lists_only_my_seminars_in_fixed_queries(
    client: Client, django_assert_num_queries, seminar_count: int
):
    me = make_user()
    mine = [make_seminar(facilitator=me, municipality=f"Kommune {i}") for i in range(seminar_count)]
    make_seminar(facilitator=make_user(), municipality="Someone else's kommune")
    client.force_login(me)

    with django_assert_num_queries(4):
        response = client.get(reverse("seminar:my_seminars"))

    listed = re.findall(r'<h2><a href="/seminars/([^/]+)/programme/">', response.text)
    assert sorted(listed) == sorted(seminar.slug for seminar in mine)
    assert "Someone else" not in response.text


def test_new_seminar_copies_the_ks_programme_for_me(client: Client):
    me = make_user()
    client.force_login(me)

    response = client.post(
        reverse("seminar:new_seminar"),
        {
            "municipality": "Lesja kommune",
            "title": "Folkevalgtprogram",
            "first_date": "2027-11-08",
            "language": "nn",
        },
    )

    seminar = Seminar.objects.get(municipality="Lesja kommune")
    assert response.status_code == 302
    assert response["Location"] == f"/seminars/{seminar.slug}/programme/"
    assert list(seminar.facilitators.all()) == [me]
    assert [str(day.date) for day in seminar.days.all()] == ["2027-11-08", "2027-11-09"]
    first_titles = list(
        Slide.objects.filter(item__day__seminar=seminar)
        .order_by("item__day__number", "item__order", "order")
        .values_list("title", flat=True)[:3]
    )
    assert first_titles == ["Lesja kommune", "Dagens temaer", "Temaer Dag 2"]
    assert seminar.allow_nicknames is False  # anonymous unless the facilitator asks
    assert list(seminar.groups.filter(kind="side").values_list("name", flat=True)) == [
        "Folkevalde",
        "Administrasjonen",
    ]


def test_a_facilitator_who_needs_names_switches_nicknames_on_and_phones_are_asked(
    client: Client,
):
    client.force_login(make_user())
    form = client.get(reverse("seminar:new_seminar"))

    client.post(
        reverse("seminar:new_seminar"),
        {
            "municipality": "Lom kommune",
            "title": "Folkevalgtprogram",
            "first_date": "2027-11-08",
            "language": "nb",
            "allow_nicknames": "on",
        },
    )
    seminar = Seminar.objects.get(municipality="Lom kommune")
    join = Client().get(f"/j/{seminar.join_code}/")

    assert "traced to them" not in form.text  # said in Norwegian
    assert "Uten navn kan det folk skriver og stemmer, ikke spores til dem" in form.text
    assert seminar.allow_nicknames is True
    assert 'name="nickname"' in join.text


def test_new_seminar_with_missing_fields_explains_in_norwegian_and_keeps_input(client: Client):
    client.force_login(make_user())

    response = client.post(
        reverse("seminar:new_seminar"),
        {
            "municipality": "Dovre kommune",
            "title": "Folkevalgtprogram",
            "first_date": "",
            "language": "nb",
        },
    )

    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.text
    assert 'value="Dovre kommune"' in response.text
    assert Seminar.objects.count() == 0


def test_new_seminar_with_a_malformed_date_says_so(client: Client):
    client.force_login(make_user())

    response = client.post(
        reverse("seminar:new_seminar"),
        {
            "municipality": "Dovre kommune",
            "title": "X",
            "first_date": "31.02.2027",
            "language": "nb",
        },
    )

    assert "Oppgi en gyldig dato." in response.text
    assert Seminar.objects.count() == 0


def test_pages_speak_bokmal_whatever_the_browser_prefers(client: Client):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})

    assert response.headers["Content-Language"] == "nb"
    assert '<html lang="nb">' in response.text


@pytest.mark.parametrize(("language", "log_in"), [("nn", "Logg inn"), ("en", "Log in")])
def test_pages_speak_the_language_the_person_chose(client: Client, language: str, log_in: str):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})

    response = client.get("/")

    assert f'<html lang="{language}">' in response.text
    assert re.findall(r'<a class="button" href="/login/">([^<]+)</a>', response.text) == [log_in]


def test_front_and_login_pages_run_no_queries(client: Client, django_assert_num_queries):
    with django_assert_num_queries(0):
        front = client.get("/")
        login = client.get("/login/")

    assert (front.status_code, login.status_code) == (200, 200)
    assert re.findall(r"<h1>([^<]+)</h1>", login.text) == ["Logg inn"]


def test_new_seminar_form_runs_fixed_queries(client: Client, django_assert_num_queries):
    client.force_login(make_user())

    with django_assert_num_queries(2):
        response = client.get(reverse("seminar:new_seminar"))

    assert re.findall(r'<label for="(id_[a-z_]+)">', response.text) == [
        "id_municipality",
        "id_title",
        "id_first_date",
        "id_language",
        "id_allow_nicknames",
    ]


def test_the_join_page_says_who_is_responsible_and_when_the_data_goes(client, settings):
    import re as regex

    from tests.factories import make_seminar

    seminar = make_seminar()
    default = client.get(f"/j/{seminar.join_code}/")
    settings.DATA_CONTROLLER = "Sel kommune"
    settings.CONTACT_EMAIL = "personvern@sel.kommune.no"
    configured = client.get(f"/j/{seminar.join_code}/")

    def notice(html: str) -> list[str]:
        section = html[html.index('class="privacy"') :]
        return [
            regex.sub(r"<[^>]+>", "", p).strip() for p in regex.findall(r"<p>(.*?)</p>", section)
        ]

    assert notice(default.text)[0] == (
        "Arrangøren av dette seminaret (Testvik kommune) er ansvarlig for dataene fra det."
    )
    assert (
        notice(configured.text)[0]
        == "Sel kommune er behandlingsansvarlig for dataene fra dette seminaret."
    )
    assert (
        notice(configured.text)[2]
        == "Alt deltakerne skrev og stemte, slettes etter 25. november 2027."
    )
    assert 'href="mailto:personvern@sel.kommune.no"' in configured.text


def test_every_page_links_the_accessibility_statement_and_privacy(client, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://uustatus.no/nb/erklaringer/publisert/x"

    about = client.get("/about/")
    front = client.get("/")

    assert about.status_code == 200
    assert (
        'href="https://uustatus.no/nb/erklaringer/publisert/x">Tilgjengelighetserklæring<'
        in front.text
    )
    assert 'href="/about/#privacy">Personvern<' in front.text


def test_no_page_may_be_framed_except_the_projector_where_a_setting_allows(client, settings):
    from tests.factories import make_seminar

    seminar = make_seminar()
    projector_url = f"/p/{seminar.projector_token}/"
    closed = client.get(projector_url)
    settings.PROJECTOR_FRAME_ANCESTORS = ["https://skjerm.sel.kommune.no"]
    allowed = client.get(projector_url)
    front = client.get("/")

    assert closed["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in closed["Content-Security-Policy"]
    assert "X-Frame-Options" not in allowed
    assert "frame-ancestors https://skjerm.sel.kommune.no" in allowed["Content-Security-Policy"]
    assert front["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in front["Content-Security-Policy"]
