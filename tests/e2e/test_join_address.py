"""The join address as the room sees it (issue 18): a server started on loopback says
why phones cannot join, the join slide is one big QR code, and the corner banner is large
and covers nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VenueServer, log_in, wait_until_live
from tests.e2e.test_accessibility import Audit, go_to, slide_poll
from tests.servers import base_env, prepare, running_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def laptop_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VenueServer]:
    """`serve --host 127.0.0.1` with no PLENUM_PUBLIC_URL: `make run HOST=127.0.0.1`."""
    env = base_env(tmp_path_factory.mktemp("laptop"))
    env.pop("PLENUM_PUBLIC_URL", None)
    demo = prepare(env)
    with running_server(env, public_url=False) as served:
        yield VenueServer(base_url=served.base_url, demo=demo)


def decoded(locator: Any) -> list[str]:
    picture = Image.open(io.BytesIO(locator.screenshot()))
    return [result.text for result in zxingcpp.read_barcodes(picture)]


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def open_room(server: VenueServer, new_context: Any) -> tuple[Page, Page]:
    console = new_context(viewport={"width": 1440, "height": 900}).new_page()
    projector = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    log_in(console, server)
    console.goto(server.url(server.demo["urls"]["console"]))
    projector.goto(server.url(server.demo["urls"]["projector"]))
    wait_until_live(console)
    wait_until_live(projector)
    return console, projector


def test_on_loopback_the_console_says_phones_cannot_join_and_the_join_slide_is_one_big_qr(
    laptop_server: VenueServer, new_context
):
    console, projector = open_room(laptop_server, new_context)
    local_url = laptop_server.url(laptop_server.demo["urls"]["join"]).replace(
        "127.0.0.1", "localhost"
    )

    panel = console.locator("#console-join")
    expect(panel).to_contain_text(local_url)
    expect(panel).to_contain_text("Advarsel:")  # in words, not only in colour
    expect(panel.locator(".console-join__warning")).to_contain_text("127.0.0.1")

    # The first slide of day 1 is the join slide: the QR code fills the screen's height.
    join_slide = projector.locator(".slide--join")
    expect(join_slide).to_be_visible()
    expect(projector.locator(".join-banner")).to_have_count(0)  # not beside its big self
    qr = join_slide.locator(".slide-join__qr svg").bounding_box()
    assert qr is not None and qr["height"] >= 0.85 * 1080
    code = join_slide.locator(".join-code")
    expect(code).to_have_text(laptop_server.demo["seminar"]["join_code"])
    assert code.bounding_box()["height"] >= 0.12 * 1080
    assert decoded(join_slide.locator(".slide-join__qr")) == [local_url]
    expect(join_slide.locator(".slide-join__url")).to_have_text(local_url)

    audit = Audit(laptop_server)
    audit.check(console, "console: the join address cannot be reached by phones")
    audit.check(projector, "projector: the join slide")
    assert audit.violations == {
        "console: the join address cannot be reached by phones": [],
        "projector: the join slide": [],
    }


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_the_banner_is_large_and_covers_neither_a_slides_text_nor_a_polls_bars(
    venue_server: VenueServer, new_context, width: int, height: int
):
    console, projector = open_room(venue_server, new_context)
    projector.set_viewport_size({"width": width, "height": height})
    banner = projector.locator(".join-banner")
    go_to(console, "Velkommen", "Dagens temaer")
    expect(projector.locator("#projector-screen .slide__title")).to_have_text("Dagens temaer")
    if not banner.count():
        console.keyboard.press("q")
    expect(banner).to_be_visible()

    qr = banner.locator(".join-banner__qr svg").bounding_box()
    assert qr is not None and qr["width"] >= 380 * height / 1080
    assert decoded(banner.locator(".join-banner__qr")) == [
        venue_server.url(venue_server.demo["urls"]["join"])
    ]
    box = banner.bounding_box()
    texts = projector.locator("#projector-screen .slide__title, #projector-screen .slide__bullets")
    assert texts.count() >= 2
    for text in texts.all():
        assert not overlaps(box, text.bounding_box())

    go_to(console, "Dette er kommunesektoren", "Hva er egentlig kommunepolitikk?")
    slide_poll(console, "Hva er egentlig kommunepolitikk?", "Åpne avstemningen")
    bars = projector.locator(".projector-poll .bar")
    expect(bars.first).to_be_visible()
    expect(banner).to_be_visible()
    box = banner.bounding_box()
    parts = projector.locator(
        ".projector-poll .bar, .projector-poll .result-row__percent, .projector-poll__question"
    )
    assert parts.count() > 8
    for part in parts.all():
        assert not overlaps(box, part.bounding_box())
    console.locator("#console-poll").get_by_role(
        "button", name="Steng avstemningen", exact=True
    ).click()
