"""One network in every language (issue 10, points 1 and 2), for each of the 13 languages.

The network is built in English, then only part of it is translated: some languages
have their own home, city directory, one city and one news item (one of them with
slugs of its own, ``/fr/villes/…``), the others have no page at all (Wagtail then
serves ``/xx/…`` through the English tree). In every language:

- the home page's map, the directory's map and its city cards count the same cities as
  in English; the main menu has the same sections;
- every untranslated item is listed from English, with ``lang="en"`` and its visible
  label (``network.i18n.fallbacks``);
- no link on a ``/xx/`` page leads to another language's page, except the language
  switcher (``/i18n/choose/…``) and the ``<link>``s that name other languages for search
  engines (``hreflang`` alternates, and ``canonical``: an alias names its English source,
  docs/README-languages.md).
"""

import re
from html.parser import HTMLParser

from django.conf import settings

import pytest

from network.i18n.languages import bcp47
from network.models import NewsPage
from tests.search_helpers import translate
from tests.site_content import build_network

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Languages with a home of their own (the others have no page at all).
WITH_HOME = {"fr", "es", "de", "it", "pl", "ja", "th"}
CITIES = 4


class Links(HTMLParser):
    """Every ``href`` of a page (with its tag and rel), the main menu's links, and the
    city cards with their ``lang`` and label."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.menu, self.cards, self.markers = [], [], [], []
        self._card = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "href" in attrs:
            self.hrefs.append((tag, attrs.get("rel", ""), attrs["href"]))
        if "main-nav__link" in classes:
            self.menu.append(attrs["href"])
        if "city-map__marker" in classes:
            self.markers.append((attrs["href"], attrs.get("lang")))
        if tag == "article" and "city-card" in classes:
            self._card = {"lang": attrs.get("lang"), "label": False}
            self.cards.append(self._card)
        if self._card is not None and "lang-label" in classes:
            self._card["label"] = True

    def handle_endtag(self, tag):
        if tag == "article":
            self._card = None


def parse(response):
    assert response.status_code == 200, response
    links = Links()
    links.feed(response.content.decode())
    return links


def other_language_links(links, code):
    """The hrefs that lead under another language's prefix, outside the switcher and the
    search engines' ``<link>``s."""
    prefixes = [f"/{other}/" for other in LANGUAGES if other != code]
    return [
        href
        for tag, rel, href in links.hrefs
        if not href.startswith("/i18n/choose/")
        and not (tag == "link" and rel in ("alternate", "canonical"))
        and any(href.startswith(prefix) for prefix in prefixes)
    ]


def partly_translated(portal, code):
    """The English network, with ``code``'s home, directory, first city and one news item
    translated when the language is one of WITH_HOME."""
    network = build_network(portal, cities=CITIES, items=3, images=False)
    translated = set()
    if code in WITH_HOME:
        translate(portal.home, code)
        slug = {"fr": "villes", "ja": "toshi"}.get(code, portal.cityindex.slug)
        translate(portal.cityindex, code, title=f"Cities ({code})", slug=slug)
        city = translate(network.first_city, code, title=f"{network.first_city.title} ({code})")
        translated.add(city.translation_key)
        news = NewsPage.objects.filter(locale=portal.home.locale).live().first()
        translate(news, code, title=f"{news.title} ({code})")
    return network, translated


def directory_url(client, code):
    """The directory's address in ``code``, as the home page's menu links it."""
    home = parse(client.get(f"/{code}/"))
    return next(href for href in home.menu if "cit" in href or "toshi" in href or "villes" in href)


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_shows_the_whole_network(client, portal, code):
    network, translated = partly_translated(portal, code)
    english_home = parse(client.get("/en/"))
    english_directory = parse(client.get(portal.cityindex.url))

    home = parse(client.get(f"/{code}/"))
    directory = parse(client.get(directory_url(client, code)))

    # The same cities on both maps and in the directory, the same sections in the menu.
    assert len(english_home.markers) == CITIES
    assert len(home.markers) == len(english_home.markers)
    assert len(directory.markers) == len(english_directory.markers) == CITIES
    assert len(directory.cards) == len(english_directory.cards) == CITIES
    assert len(home.menu) == len(english_home.menu) > 0
    assert all(href.startswith(f"/{code}/") for href in home.menu)

    # Every city not translated is listed from English, marked with its language.
    expected = 0 if code == "en" else CITIES - len(translated)
    fallbacks = [card for card in directory.cards if card["lang"]]
    assert len(fallbacks) == expected
    assert all(card["lang"] == "en" and card["label"] for card in fallbacks)
    assert sum(1 for _href, lang in home.markers if lang == "en") == expected

    # Links stay in the visitor's language: home, directory, a translated or untranslated
    # city (its partner cities, projects and news), the news index.
    city_pages = [href for href, _lang in directory.markers]
    for page in (home, directory, *(parse(client.get(url)) for url in city_pages[:2])):
        assert other_language_links(page, code) == [], code
    news_index = next(href for href in home.menu if "news" in href)
    assert other_language_links(parse(client.get(news_index)), code) == []

    # The API's listings with a ``locale`` agree: every city, the untranslated ones
    # marked ``fallback_from`` and at their address in the language.
    api = client.get("/api/v3/cities/", {"locale": code, "limit": 100}).json()
    assert api["count"] == CITIES
    marked = [item for item in api["items"] if item.get("fallback_from")]
    assert len(marked) == expected
    assert all(item["fallback_from"] == item["locale"] == "en" for item in marked)
    assert all(f"/{code}/" in item["url"] for item in api["items"])
    geojson = client.get("/api/v3/cities/geojson/", {"locale": code}).json()
    assert len(geojson["features"]) == CITIES
    assert sum(1 for f in geojson["features"] if f["properties"].get("fallback_from")) == (
        expected
    )
    assert network.first_city  # built


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["fr", "ro"])
def test_a_fallback_item_carries_its_language_and_label(client, portal, code):
    """A French visitor (a language with its own home) and a Romanian one (none): the
    English cities carry ``lang="en"`` and the label, in the visitor's language."""
    partly_translated(portal, code)
    html = client.get(directory_url(client, code)).content.decode()
    labels = re.findall(r'<span class="lang-label" lang="([^"]+)">(.*?)</span></span>', html)
    assert labels
    assert {lang for lang, _text in labels} == {bcp47(code)}
    label = "Pas encore traduit :" if code == "fr" else "Încă netradus:"
    assert all(label in text and '<span lang="en">English' in text for _lang, text in labels)
