"""A visitor's journey through the public site in Chromium (Playwright).

Home → the city directory → filter by a country → a city → one of its projects, with
no error in the browser console. Screenshots of the directory and its map are saved
under test-artifacts/ for people to look at.
"""

import os

import pytest
from faker import Faker

from home.skeleton import ensure_locales, ensure_roots
from network.factories import CityPageFactory
from network.models import CityPage
from tests.site_content import build_network, real_place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session", autouse=True)
def django_beside_playwright():
    """Playwright's sync API runs an event loop in the test's thread, which Django's ORM
    takes for async code; the test's own queries are synchronous, so say it is safe.
    (Session-scoped and autouse, so it is set before the browser and the database.)"""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def wagtail_root(db):
    """The tree's root page, which Wagtail's migrations create and a transactional test's
    flush removes. (Serialized rollback would restore it, but under Playwright's event
    loop Django hands the test another connection object, without the serialized data.)"""
    ensure_locales()
    ensure_roots()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.console_errors = []
    tab.on(
        "console",
        lambda message: (
            tab.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    yield tab
    context.close()


def test_visitor_finds_a_city_and_its_project(page, live_server, portal, artifacts_dir):
    network = build_network(portal, cities=16, items=12, images=False, country="FR", places=True)
    titles = CityPage.objects.values_list("title", flat=True)
    CityPageFactory(parent=portal.cityindex, **real_place(Faker(), "FR", taken=titles))
    french = list(CityPage.objects.filter(country="FR").order_by("title"))
    assert len(french) >= 2

    # Home: the skip link is the first stop of the keyboard.
    page.goto(live_server.url + portal.home.url)
    assert page.locator("h1").inner_text() == portal.home.title
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()

    # The directory, from the main navigation.
    page.locator(".main-nav").get_by_role("link", name=portal.cityindex.title).click()
    page.wait_for_url(f"**{portal.cityindex.url}")
    assert page.locator(".city-map__marker").count() == CityPage.objects.count()
    page.locator(".city-map").scroll_into_view_if_needed()

    # A marker (focused with the keyboard, or hovered) shows a card about the city,
    # read from the API's GeoJSON.
    first = french[0]
    page.locator(f'.city-map__marker[data-city-id="{first.pk}"]').focus()
    card = page.locator(".city-map__card")
    card.wait_for()
    assert first.title in card.inner_text()
    assert first.country_name in card.inner_text()
    page.screenshot(path=os.path.join(artifacts_dir, "city-directory.png"), full_page=True)

    # Filter by France: a plain GET form.
    page.select_option("#id_country", "FR")
    page.get_by_role("button", name="Show cities").click()
    page.wait_for_url("**country=FR**")
    listed = page.locator(".city-list .city-card__title").all_inner_texts()
    assert sorted(listed) == sorted(city.title for city in french)
    assert page.locator(".city-map__marker.is-highlighted").count() == len(french)
    page.screenshot(path=os.path.join(artifacts_dir, "city-directory-france.png"), full_page=True)

    # A city, then one of its projects.
    city = network.first_city
    page.locator(".city-list").get_by_role("link", name=city.title, exact=True).click()
    page.wait_for_url(f"**{city.url}")
    assert page.locator("h1").inner_text() == city.title
    project_link = page.locator("#projects-heading + .card-grid .card__link").first
    project_title = project_link.inner_text()
    project_link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == project_title
    assert page.locator(".detail__aside").get_by_text("Lead city").is_visible()

    assert page.console_errors == []


def test_the_site_works_on_a_phone_without_errors(browser, live_server, portal, artifacts_dir):
    build_network(portal, cities=8, items=4, images=False, places=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    errors = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    for url in (portal.home.url, portal.cityindex.url, portal.callindex.url):
        tab.goto(live_server.url + url)
        # Nothing wider than the screen: no sideways scrolling on a phone.
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, url
    tab.goto(live_server.url + portal.home.url)
    tab.screenshot(path=os.path.join(artifacts_dir, "home-phone.png"), full_page=True)
    context.close()
    assert errors == []
