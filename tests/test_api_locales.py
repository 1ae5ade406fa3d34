"""Languages in the API: ``?locale=`` on listings, find-by-path for every language's
URLs, each page's translations, links shown in the reader's language, the locales."""

from urllib.parse import quote

from django.conf import settings

from wagtail.models import Locale

import pytest

from network.factories import CityPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

# A slug per language, some of them not Latin: URLs are percent-encoded by clients.
CITY_SLUGS = {
    "fr": "clermont-ferrand",
    "de": "clermont-ferrand-de",
    "ja": "クレルモンフェラン",
    "zh-hans": "克莱蒙费朗",
    "sr": "клермон-феран",
}


def translate(page, code, **changes):
    """A published translation of ``page`` (its parents must be translated first)."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=code))
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy.specific


def translate_city(portal, codes):
    city = CityPageFactory(parent=portal.cityindex, slug="clermont-ferrand", country="DE")
    versions = {"en": city}
    for code in codes:
        translate(portal.home, code)
        translate(portal.cityindex, code, slug=f"cities-{code}" if code != "fr" else "villes")
        slug = CITY_SLUGS.get(code, f"clermont-{code}")
        versions[code] = translate(city, code, slug=slug, title=f"Clermont ({code})")
    return versions


@pytest.fixture
def translated(portal):
    """The city in English, French and Japanese."""
    return translate_city(portal, ["fr", "ja"])


@pytest.fixture
def translated_everywhere(portal):
    """The city in every content language."""
    return translate_city(
        portal, [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != "en"]
    )


def test_find_by_path_answers_json_for_every_language(client, translated_everywhere):
    for code, city in translated_everywhere.items():
        path = city.url  # e.g. /fr/villes/clermont-ferrand/
        assert path.startswith(f"/{code}/")
        response = client.get(f"/api/v3/content/find/?path={quote(path)}&fields=*")
        assert response.status_code == 200, (code, response.content[:200])
        data = response.json()
        assert (data["id"], data["locale"], data["title"]) == (city.pk, code, city.title)
        assert data["url"].endswith(path)


def test_find_by_path_takes_the_french_example_and_a_full_url(client, translated):
    data = client.get("/api/v3/content/find/?path=/fr/villes/clermont-ferrand/").json()
    assert data["id"] == translated["fr"].pk
    full = client.get(f"/api/v3/content/find/?path={quote(translated['fr'].full_url)}")
    assert full.json()["id"] == translated["fr"].pk
    # Without a language prefix, the default language.
    assert (
        client.get("/api/v3/content/find/?path=/cities/clermont-ferrand/").json()["locale"] == "en"
    )
    missing = client.get("/api/v3/content/find/?path=/fr/villes/nowhere/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_every_page_lists_its_translations(client, translated):
    data = client.get(f"/api/v3/content/{translated['en'].pk}/").json()
    listed = {t["locale"]: (t["id"], t["url"]) for t in data["translations"]}
    assert set(listed) == set(translated) - {"en"}
    assert listed["fr"][0] == translated["fr"].pk
    assert listed["fr"][1].endswith("/fr/villes/clermont-ferrand/")


def test_listings_take_a_locale(client, translated):
    titles = [c["title"] for c in client.get("/api/v3/cities/?locale=ja").json()["items"]]
    assert titles == ["Clermont (ja)"]
    assert client.get("/api/v3/cities/").json()["items"][0]["locale"] == "en"
    document = client.get("/api/v3/cities/geojson/?locale=fr").json()
    # Country names in the map's language (CLDR).
    assert document["features"][0]["properties"]["country_name"] == "Allemagne"
    bad = client.get("/api/v3/cities/?locale=xx")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["loc"] == ["query", "locale"]


def test_links_are_shown_in_the_readers_language(client, portal, translated):
    news = NewsPageFactory(parent=portal.newsindex)
    news.related_cities.set([translated["en"]])
    news.save_revision().publish()
    translate(portal.newsindex, "fr")
    french = translate(news, "fr")
    data = client.get(f"/api/v3/content/{french.pk}/").json()
    # The link is synchronised to the English city; French readers get the French one.
    assert data["related_cities"] == [
        {
            "id": translated["fr"].pk,
            "title": "Clermont (fr)",
            "url": translated["fr"].full_url,
            "locale": "fr",
        }
    ]


def test_the_locales_endpoint(client, translated_everywhere):
    locales = {item["code"]: item for item in client.get("/api/v3/locales/").json()}
    assert set(locales) == {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
    assert locales["en"]["is_default"] and not locales["fr"]["is_default"]
    assert locales["pt-br"]["home_url"].endswith("/pt-br/")
