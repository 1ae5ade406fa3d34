"""A visitor changes language in Chromium (Playwright): from an English page to its
French translation through the switcher, and the portal remembers the choice.
Screenshots of a Japanese and a Thai page are saved under test-artifacts/ (page-ja.png,
page-th.png) to check that CJK and Thai text render with real fonts, not boxes."""

import os

import pytest

from network.factories import CityPageFactory
from tests.search_helpers import translate
from tests.test_journey_site import django_beside_playwright, page, wagtail_root  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRITTEN = {
    "fr": {
        "title": "Clermont-Ferrand",
        "summary": "Berceau de Michelin, au pied des volcans d'Auvergne.",
        "city_index": "Les villes",
    },
    "ja": {
        "title": "クレルモン＝フェラン",
        "summary": "ミシュラン発祥の地。オーヴェルニュの火山のふもとにある街です。",
        "city_index": "都市",
    },
    "th": {
        "title": "แกลร์มง-แฟร็อง",
        "summary": "บ้านเกิดของมิชลิน ตั้งอยู่เชิงภูเขาไฟแห่งโอแวร์ญ",
        "city_index": "เมือง",
    },
}


def translate_city(portal, city, code):
    words = WRITTEN[code]
    translate(portal.home, code)
    translate(portal.cityindex, code, title=words["city_index"])
    return translate(city, code, title=words["title"], summary=words["summary"])


def test_visitor_switches_to_french_and_it_is_remembered(page, live_server, portal):  # noqa: F811
    city = CityPageFactory(
        parent=portal.cityindex, title="Clermont-Ferrand", summary="Michelin's home town."
    )
    french = translate_city(portal, city, "fr")

    page.goto(live_server.url + city.url)
    assert page.locator("h1").inner_text() == "Clermont-Ferrand"
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".language-switcher__toggle").click()
    page.locator(".language-switcher__list").get_by_role("link", name="Français").click()
    page.wait_for_url(f"**{french.url}")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_text(WRITTEN["fr"]["summary"]).first.is_visible()

    # The next visit to the site's root opens in French, whatever the browser says.
    page.goto(live_server.url + "/")
    page.wait_for_url("**/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.console_errors == []


def test_japanese_and_thai_pages_render_their_scripts(page, live_server, portal, artifacts_dir):  # noqa: F811
    city = CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand", country="FR")
    for code in ("ja", "th"):
        translated = translate_city(portal, city, code)
        page.goto(live_server.url + translated.url)
        assert page.locator("html").get_attribute("lang") == code
        assert page.locator("h1").inner_text() == WRITTEN[code]["title"]
        font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert font.startswith('"Noto Sans CJK JP"' if code == "ja" else '"Noto Sans Thai"')
        page.screenshot(path=os.path.join(artifacts_dir, f"page-{code}.png"), full_page=False)
    assert page.console_errors == []


def test_one_network_in_french_and_japanese(page, live_server, portal, artifacts_dir):  # noqa: F811
    """Issue 10: on /fr/ and /ja/, a visitor sees every city (translated or not) on the
    home page's map and in the directory, each link staying in the language; the
    untranslated ones carry their English label. Screenshots of the home page, the
    directory and a city page in each language (test-artifacts/one-network-*.png)."""
    translated = CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand", country="FR")
    untranslated = CityPageFactory(parent=portal.cityindex, title="Greenville", country="US")
    CityPageFactory(parent=portal.cityindex, title="Shenyang", country="CN")
    for code in ("fr", "ja"):
        translate_city(portal, translated, code)
        page.goto(f"{live_server.url}/{code}/")
        assert page.locator("html").get_attribute("lang") == code
        assert page.locator(".city-map__marker").count() == 3
        page.screenshot(path=os.path.join(artifacts_dir, f"one-network-{code}-home.png"))

        directory = page.locator(".main-nav__link").first
        assert directory.get_attribute("href").startswith(f"/{code}/")
        href = directory.get_attribute("href")
        directory.click()
        page.wait_for_url(f"{live_server.url}{href}")
        assert page.locator(".city-card").count() == 3
        english = page.locator('.city-card[lang="en"]')
        assert english.count() == 2
        assert english.first.locator(".lang-label").is_visible()
        page.screenshot(path=os.path.join(artifacts_dir, f"one-network-{code}-directory.png"))

        link = page.locator(".city-card", has_text=untranslated.title).locator("a")
        href = link.get_attribute("href")
        assert href.startswith(f"/{code}/")
        link.click()
        page.wait_for_url(f"{live_server.url}{href}")
        assert page.locator("h1").inner_text() == untranslated.title
        page.screenshot(path=os.path.join(artifacts_dir, f"one-network-{code}-city.png"))
    assert page.console_errors == []
