"""The search page laid out for reading, in Chromium (Playwright), in all 13 languages:
at 1366 × 768 the facets are a sidebar beside the results and the first result starts
above the fold; on a 390 px phone the facets fold into a panel that opens on demand;
the search button's word stays on one line; the header's and the page's search
landmarks have distinct names (axe's landmark-unique). Screenshots of the English,
Japanese and Thai pages at both widths go to test-artifacts/."""

import datetime
import os

from django.conf import settings

import pytest

from network.factories import CityPageFactory, NewsPageFactory, TopicFactory
from tests.search_helpers import publish
from tests.test_journey_site import django_beside_playwright, wagtail_root  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def findable(portal):
    """Biodiversity news of two cities under two topics: results and three facets."""
    cities = [
        publish(CityPageFactory(parent=portal.cityindex, title=title, country=country))
        for title, country in (("Clermont-Ferrand", "FR"), ("Zalău", "RO"))
    ]
    topics = [TopicFactory(name="Water", slug="water"), TopicFactory(name="Energy", slug="energy")]
    for index in range(6):
        news = NewsPageFactory(
            parent=portal.newsindex,
            title=f"Biodiversity news {index}",
            summary="Biodiversity in the city: ponds, meadows and trees.",
            date=datetime.date(2024 + index % 2, 3, index + 1),
        )
        news.related_cities.set([cities[index % 2]])
        news.topics.set([topics[index % 2]])
        news.save()
        publish(news)


def open_search(browser, live_server, code, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{live_server.url}/{code}/search/?q=biodiversity")
    tab.wait_for_load_state("load")
    return context, tab, errors


def box(tab, selector):
    return tab.locator(selector).first.bounding_box()


def landmark_names(tab):
    """The accessible names of the page's search landmarks (aria-label or labelledby)."""
    return tab.evaluate(
        """() => [...document.querySelectorAll('[role=search]')].map(form => {
            const by = form.getAttribute('aria-labelledby');
            return by ? document.getElementById(by).textContent.trim()
                      : (form.getAttribute('aria-label') || '').trim();
        })"""
    )


@pytest.mark.usefixtures("findable")
def test_wide_screen_search_reads_like_a_page_in_every_language(
    browser, live_server, artifacts_dir
):
    for code in LANGUAGES:
        context, tab, errors = open_search(browser, live_server, code, 1366, 768)
        try:
            assert tab.locator(".search-result").count() > 0, code
            facets, results = box(tab, ".search__facets"), box(tab, ".search__results")
            assert facets["x"] + facets["width"] <= results["x"], f"{code}: facets beside results"
            assert tab.locator(".search-facet__value").first.is_visible(), code
            first = box(tab, ".search-result")
            assert first["y"] + 40 < 768, f"{code}: the first result starts at {first['y']} px"
            lines = tab.evaluate(
                """() => { const range = document.createRange();
                    range.selectNodeContents(document.querySelector('.search-form .button'));
                    return range.getClientRects().length; }"""
            )
            assert lines == 1, f"{code}: the search button's word wraps"
            names = landmark_names(tab)
            assert len(names) == 2 and all(names) and len(set(names)) == 2, (code, names)
            assert errors == [], code
            if code in ("en", "ja", "th"):
                tab.screenshot(path=os.path.join(artifacts_dir, f"search-{code}-1366.png"))
        finally:
            context.close()


@pytest.mark.usefixtures("findable")
def test_phone_search_folds_the_facets_into_a_panel(browser, live_server, artifacts_dir):
    for code in ("en", "ja", "th"):
        context, tab, errors = open_search(browser, live_server, code, 390, 844)
        try:
            panel = tab.locator("[data-search-facets]")
            assert not panel.evaluate("details => details.open"), code
            assert not tab.locator(".search-facet__value").first.is_visible(), code
            assert box(tab, ".search-result")["y"] < 844, f"{code}: results below the fold"
            tab.screenshot(path=os.path.join(artifacts_dir, f"search-{code}-390.png"))
            tab.locator(".search-facets__summary").click()
            assert tab.locator(".search-facet__value").first.is_visible(), code
            assert errors == [], code
        finally:
            context.close()
