"""Where the phones are sent: the one decision `serve` and the console share, and the
console's choice of another of the machine's addresses."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from live.models import LiveState
from live.screens import current_screen
from seminar.lan import decide_join_address, lan_addresses
from tests.factories import make_seminar, make_user

LAN = ["192.168.1.20", "10.0.0.5"]


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The warnings are read in English here (`serve` and the console say them in the
    seminar's language, tested in the browser)."""
    with translation.override("en"):
        yield


def decide(host: str, public_url: str = "", chosen: str = ""):
    return decide_join_address(
        host=host, port=8000, public_url=public_url, addresses=LAN, chosen=chosen
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.1.1"])
def test_listening_on_loopback_gives_localhost_and_says_why_phones_cannot_join(host):
    address = decide(host)

    assert address.base_url == "http://localhost:8000"
    assert not address.phones_can_join
    (warning,) = address.warnings
    assert "phones cannot join" in str(warning)
    assert "“make run” (without HOST)" in str(warning)
    assert "HOST=192.168.1.20" in str(warning)
    assert address.choices == ()


def test_listening_everywhere_gives_the_first_lan_address_and_offers_the_others():
    address = decide("0.0.0.0")  # noqa: S104

    assert (address.base_url, address.warnings, address.choices) == (
        "http://192.168.1.20:8000",
        (),
        ("192.168.1.20", "10.0.0.5"),
    )


def test_a_chosen_address_is_used_while_the_machine_has_it_and_forgotten_when_not():
    assert decide("0.0.0.0", chosen="10.0.0.5").base_url == "http://10.0.0.5:8000"  # noqa: S104
    assert decide("0.0.0.0", chosen="172.16.0.9").base_url == "http://192.168.1.20:8000"  # noqa: S104


def test_a_specific_address_of_the_machine_is_used_as_it_is():
    address = decide("10.0.0.5")

    assert (address.base_url, address.warnings, address.choices) == (
        "http://10.0.0.5:8000",
        (),
        (),
    )


def test_a_specific_address_not_on_the_machine_is_used_with_a_warning():
    address = decide("203.0.113.7")

    assert address.base_url == "http://203.0.113.7:8000"
    (warning,) = address.warnings
    assert str(warning).startswith(
        "203.0.113.7 is not one of this machine's addresses (192.168.1.20, 10.0.0.5)"
    )


def test_an_ipv6_address_is_bracketed():
    address = decide_join_address(
        host="fd00::5", port=8000, public_url="", addresses=["fd00::5"], chosen=""
    )

    assert address.base_url == "http://[fd00::5]:8000"


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "203.0.113.7"])  # noqa: S104
def test_plenum_public_url_always_wins(host):
    address = decide(host, public_url="https://plenum.example.no/", chosen="10.0.0.5")

    assert (address.base_url, address.warnings, address.fixed, address.choices) == (
        "https://plenum.example.no",
        (),
        True,
        (),
    )


def test_no_network_at_all_says_so():
    address = decide_join_address(host="0.0.0.0", port=8000, public_url="", addresses=[])  # noqa: S104

    assert address.base_url == "http://localhost:8000"
    assert "no network address" in str(address.warnings[0])


# The console ------------------------------------------------------------------------------


@pytest.fixture
def laptop(settings):
    """A laptop: `serve` on every interface, no PLENUM_PUBLIC_URL."""
    settings.PUBLIC_URL = ""
    settings.LISTEN_HOST = "0.0.0.0"  # noqa: S104
    settings.LISTEN_PORT = 8000
    addresses = lan_addresses()
    if not addresses:
        pytest.skip("this machine has no network address to choose")
    return addresses


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_the_console_shows_where_phones_join_and_warns_on_loopback(client: Client, settings):
    settings.PUBLIC_URL = ""
    settings.LISTEN_HOST, settings.LISTEN_PORT = "127.0.0.1", 8000
    me = make_user()
    seminar = make_seminar(facilitator=me)
    english(client).force_login(me)

    page = client.get(reverse("seminar:console", args=[seminar.slug])).text

    panel = page[page.index('id="console-join"') :]
    panel = panel[: panel.index("</section>")]
    assert f"http://localhost:8000/j/{seminar.join_code}/" in panel
    assert "Join address (this machine only)" in panel
    assert "<strong>Warning:</strong> The server listens on this machine only" in panel
    assert "<form" not in panel


@pytest.mark.django_db
def test_with_plenum_public_url_the_console_only_shows_it(client: Client):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    english(client).force_login(me)

    page = client.get(reverse("seminar:console", args=[seminar.slug])).text

    panel = page[page.index('id="console-join"') :]
    panel = panel[: panel.index("</section>")]
    assert f"http://testserver/j/{seminar.join_code}/" in panel
    assert "Set on the server (PLENUM_PUBLIC_URL)." in panel
    assert "Warning" not in panel and "<form" not in panel


@pytest.mark.django_db
def test_picking_an_address_changes_every_screens_qr_code(client: Client, laptop):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    LiveState.objects.filter(seminar=seminar).update(join_banner=True)
    client.force_login(me)
    picked = laptop[-1]
    before = LiveState.objects.get(seminar=seminar).revision

    response = client.post(
        reverse("seminar:join_address", args=[seminar.slug]),
        {"host": picked},
        headers={"hx-request": "true"},
    )

    assert response.status_code == 200
    live = LiveState.objects.get(seminar=seminar)
    assert (live.join_host, live.revision) == (picked, before + 1)
    url = f"http://{picked}:8000/j/{seminar.join_code}/"
    _revision, projector = current_screen(seminar.pk, "projector")
    assert re.search(rf"<title>[^<]*{re.escape(url)}</title>", projector)
    assert url in response.text  # the console's panel, swapped in by htmx


@pytest.mark.django_db
def test_a_plain_form_post_picks_the_address_and_goes_back_to_the_console(client: Client, laptop):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    client.force_login(me)

    response = client.post(
        reverse("seminar:join_address", args=[seminar.slug]), {"host": laptop[0]}
    )

    assert response["Location"] == reverse("seminar:console", args=[seminar.slug])
    assert LiveState.objects.get(seminar=seminar).join_host == laptop[0]


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["203.0.113.7", "127.0.0.1", "", "x" * 100])
def test_an_address_not_on_the_machine_is_refused(client: Client, laptop, host):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    english(client).force_login(me)

    response = client.post(reverse("seminar:join_address", args=[seminar.slug]), {"host": host})

    assert response.status_code == 400
    assert "That is not one of the addresses the phones can reach this server on." in (
        response.text
    )
    assert LiveState.objects.get(seminar=seminar).join_host == ""


@pytest.mark.django_db
def test_picking_is_refused_when_plenum_public_url_is_set(client: Client):
    me = make_user()
    seminar = make_seminar(facilitator=me)
    english(client).force_login(me)
    host = (lan_addresses() or ["192.168.1.20"])[0]

    response = client.post(reverse("seminar:join_address", args=[seminar.slug]), {"host": host})

    assert response.status_code == 400
    assert "set on the server (PLENUM_PUBLIC_URL)" in response.text
    assert LiveState.objects.get(seminar=seminar).join_host == ""


@pytest.mark.django_db
def test_only_the_seminars_facilitators_may_pick(client: Client, laptop):
    seminar = make_seminar(facilitator=make_user())
    client.force_login(make_user())

    response = client.post(
        reverse("seminar:join_address", args=[seminar.slug]), {"host": laptop[0]}
    )

    assert response.status_code == 404
    assert LiveState.objects.get(seminar=seminar).join_host == ""


@pytest.mark.django_db
@pytest.mark.parametrize("items", [1, 6])
def test_the_console_with_the_join_panel_runs_fixed_queries(
    client: Client, django_assert_num_queries, laptop, items: int
):
    me = make_user()
    seminar = make_seminar(facilitator=me, items=items, slides_per_item=3)
    client.force_login(me)

    with django_assert_num_queries(12):  # as before the panel: it asks the database nothing
        page = client.get(reverse("seminar:console", args=[seminar.slug])).text

    assert f"http://{laptop[0]}:8000/j/{seminar.join_code}/" in page


@pytest.mark.django_db
def test_a_laptop_on_two_networks_is_offered_the_other_address_with_the_current_one_checked():
    from django.template.loader import render_to_string

    seminar = make_seminar()
    address = decide("0.0.0.0", chosen="10.0.0.5")  # noqa: S104

    with translation.override("en"):
        html = render_to_string(
            "seminar/live.html#console_join",
            {"seminar": seminar, "join_address": address, "join_url": address.base_url + "/j/1/"},
        )

    assert "<legend>Another of this machine's addresses</legend>" in html
    assert re.findall(r'<input type="radio" name="host" value="([^"]+)"( checked)?>', html) == [
        ("192.168.1.20", ""),
        ("10.0.0.5", " checked"),
    ]
    assert f'action="{reverse("seminar:join_address", args=[seminar.slug])}"' in html
    assert "Warning" not in html
