"""The numbers page in Chromium (Playwright): the charts render with no console error,
each bar as wide as its value says, and a screenshot is saved in test-artifacts/
(``numbers.png``, and ``numbers-ja.png`` for a language with wide characters)."""

import os

import pytest

from home.management.commands.setup_portal import ensure_locales, ensure_roots
from tests.test_numbers import small_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def django_beside_playwright():
    """Playwright's sync API runs an event loop in the test's thread, which Django's ORM
    takes for async code; the test's own queries are synchronous."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def wagtail_root(db):
    """The tree's root, which a transactional test's flush removes (see test_journey_site)."""
    ensure_locales()
    ensure_roots()


def test_the_charts_render_without_errors(browser, live_server, portal, artifacts_dir):
    small_network(portal, 12)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors = []
    tab.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for language, screenshot in (("en", "numbers.png"), ("ja", "numbers-ja.png")):
            tab.goto(f"{live_server.url}/{language}/numbers/")
            chart = tab.locator("#chart-cities-per-project svg")
            assert chart.is_visible()
            assert chart.get_attribute("role") == "img"
            bars = tab.locator("#chart-projects-per-topic svg rect")
            # Twelve projects over three topics: three bars of equal width (4 each).
            assert bars.count() == 3
            widths = {round(bars.nth(i).bounding_box()["width"]) for i in range(3)}
            assert len(widths) == 1 and widths.pop() > 100
            tab.screenshot(path=os.path.join(artifacts_dir, screenshot), full_page=True)
            # The table is there for whoever wants the exact figures.
            tab.locator("#chart-projects-per-topic summary").click()
            assert tab.locator("#chart-projects-per-topic table").is_visible()
        assert errors == []
    finally:
        context.close()
