import pytest

from tests.e2e.conftest import VenueServer, log_in, watch_csp_violations
from tests.programmes.deck_titles import DECK_TITLES

pytestmark = pytest.mark.e2e


def test_facilitator_sees_every_slide_of_the_demo_in_the_programme(
    venue_server: VenueServer, new_context
):
    page = new_context().new_page()
    violations = watch_csp_violations(page)

    log_in(page, venue_server)
    page.get_by_role("link", name="Sel kommune").click()

    assert page.locator("h1").inner_text() == "Sel kommune"
    assert page.locator(".slide__title").all_inner_texts() == DECK_TITLES
    assert violations == []


def test_projector_shows_the_opening_slide_and_a_join_qr(venue_server: VenueServer, new_context):
    page = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    violations = watch_csp_violations(page)

    page.goto(venue_server.url(venue_server.demo["urls"]["projector"]))

    assert page.locator(".slide__title").inner_text() == "Sel kommune"
    join_code = venue_server.demo["seminar"]["join_code"]
    # The opening slide is the join slide: the banner's code and QR code, full screen.
    assert page.locator(".slide--join .join-code").inner_text() == join_code
    assert page.locator(".slide--join svg title").text_content() == (
        f"QR-kode for {venue_server.base_url}/j/{join_code}/"
    )
    title_height = page.locator(".slide__title").bounding_box()["height"]
    assert title_height >= 0.05 * 1080
    assert violations == []
