"""
Screenshots of the main reader pages at desktop and mobile widths, for people to look at
(the README shows two). They go to test-artifacts/screenshots/; run with
PRESSROOM_SCREENSHOTS=docs/screenshots to refresh the README's.
"""

import pytest
from django.urls import reverse
from PIL import Image as PILImage

from tests.e2e.conftest import save_screenshot

pytestmark = pytest.mark.e2e

PAGES = {
    "front-page": lambda newsroom: "/",
    "post": lambda newsroom: newsroom.post.get_absolute_url(),
    "press-releases": lambda newsroom: reverse("blog:kind", args=["press-releases"]),
    "contacts": lambda newsroom: reverse("pressroom:contact-list"),
}


@pytest.mark.parametrize("name", PAGES)
def test_screenshot_of_page_shows_it_rendered(any_page, newsroom, name):
    response = any_page.goto(newsroom.at(PAGES[name](newsroom)))
    assert response.status == 200
    # Wait for the pictures, so that none is caught half-loaded.
    any_page.wait_for_load_state("networkidle")

    path = save_screenshot(any_page, name)

    with PILImage.open(path) as shot:
        width, _height = shot.size
        colours = shot.convert("RGB").getcolors(maxcolors=1_000_000)
    assert width == any_page.viewport_size["width"]
    # A page whose stylesheet or text failed shows only a few colours.
    assert colours is None or len(colours) > 50
