"""The numbers page in Chromium (Playwright): the charts render with no console error,
each bar as wide as its value says, and a screenshot is saved in test-artifacts/
(``numbers.png``, and ``numbers-ja.png`` for a language with wide characters)."""

import os

import pytest

# The journeys' fixtures: Django beside Playwright's event loop, the tree's root after a
# transactional flush, and a browser tab that records console errors.
from tests.test_journey_site import django_beside_playwright, page, wagtail_root  # noqa: F401
from tests.test_numbers import small_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_charts_render_without_errors(page, live_server, portal, artifacts_dir):  # noqa: F811
    small_network(portal, 12)
    for language, screenshot in (("en", "numbers.png"), ("ja", "numbers-ja.png")):
        page.goto(f"{live_server.url}/{language}/numbers/")
        chart = page.locator("#chart-cities-per-project svg")
        assert chart.is_visible()
        assert chart.get_attribute("role") == "img"
        bars = page.locator("#chart-projects-per-topic svg rect")
        # Twelve projects over three topics: three bars of equal width (4 each).
        assert bars.count() == 3
        widths = {round(bars.nth(i).bounding_box()["width"]) for i in range(3)}
        assert len(widths) == 1 and widths.pop() > 100
        page.screenshot(path=os.path.join(artifacts_dir, screenshot), full_page=True)
        # The table is there for whoever wants the exact figures.
        page.locator("#chart-projects-per-topic summary").click()
        assert page.locator("#chart-projects-per-topic table").is_visible()
    assert page.console_errors == []
