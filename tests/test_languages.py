"""Visitors in thirteen languages: the switcher leads to the same page in every
language, untranslated pages are served as aliases (never a 404), hreflang and the
sitemap list real translations only, the language choice is remembered, 404s outside
the site's pages stay 404s, and dates and countries follow the visitor's language."""

import datetime
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.utils import translation

from wagtail.models import Locale, PageViewRestriction

import pytest

from network.factories import CityPageFactory, ConferencePageFactory, NewsPageFactory
from network.i18n.languages import bcp47, language_in_sentence, language_label
from network.public.formats import time_zone_name

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class Html(HTMLParser):
    """The parts of a page these tests look at."""

    def __init__(self, html):
        super().__init__()
        self.html_lang = None
        self.switcher = {}
        self.alternates = []
        self.canonical = None
        self.notice = None
        self.content_lang = None
        self.menu = []
        self.crumbs = []
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates.append((attrs["hreflang"], attrs["href"]))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "ul" and "language-switcher__list" in classes:
            self._in = "switcher"
        elif tag == "a" and self._in == "switcher":
            self.switcher[attrs["lang"]] = attrs
            self._link = attrs
        elif tag == "p" and "alias-notice" in classes:
            self._in = "notice"
            self.notice = ""
        elif tag == "div" and "site-main__content" in classes:
            self.content_lang = attrs.get("lang")
        elif tag == "a" and "main-nav__link" in classes:
            self.menu.append(attrs["href"])
        elif tag == "nav" and attrs.get("class", "").startswith("breadcrumb"):
            self._in = "breadcrumb"
        elif tag == "a" and self._in == "breadcrumb":
            self.crumbs.append(attrs)

    def handle_endtag(self, tag):
        if (self._in, tag) in {("switcher", "ul"), ("notice", "p"), ("breadcrumb", "nav")}:
            self._in = None

    def handle_data(self, data):
        if self._in == "switcher" and getattr(self, "_link", None) is not None:
            self._link["name"] = self._link.get("name", "") + data.strip()
        elif self._in == "notice":
            self.notice += data


def page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return Html(response.content.decode())


def target(link):
    """Where a switcher link leads after remembering the choice."""
    return parse_qs(urlsplit(link["href"]).query)["next"][0]


def locale(code):
    return Locale.objects.get(language_code=code)


def translate(page_, code, **changes):
    """A live translation of ``page_`` in ``code`` (parents translated as needed)."""
    translation = page_.copy_for_translation(locale(code), copy_parents=True)
    for field, value in changes.items():
        setattr(translation, field, value)
    translation.save_revision().publish()
    return translation.specific_class.objects.get(pk=translation.pk)


@pytest.fixture
def city(portal):
    return CityPageFactory(parent=portal.cityindex, country="DE")


@pytest.fixture
def french(portal, city):
    """Home, city directory (under another slug) and the city, live in French."""
    translate(portal.home, "fr", title="Villes Michelin")
    translate(portal.cityindex, "fr", title="Les villes", slug="villes")
    return translate(city, "fr", title=f"{city.title} (fr)")


@pytest.mark.django_db
def test_switcher_leads_to_the_same_page_in_every_language(client, portal, city, french):
    html = page(client, city.url)
    assert html.html_lang == "en"
    names = dict(settings.LANGUAGES)
    assert len(html.switcher) == len(settings.LANGUAGES) == 13
    for code, _name in settings.LANGUAGES:
        link = html.switcher[bcp47(code)]
        assert link["name"] == names[code]
        assert link["hreflang"] == bcp47(code)
    assert html.switcher["en"]["aria-current"] == "page"
    assert "aria-current" not in html.switcher["fr"]
    # The real translation where one is live ...
    assert target(html.switcher["fr"]) == french.url == f"/fr/villes/{city.slug}/"
    # ... else the same page under the language's prefix (an alias), never a home page.
    assert target(html.switcher["de"]) == f"/de/cities/{city.slug}/"
    assert target(html.switcher["ja"]) == f"/ja/cities/{city.slug}/"

    # From the French page, back to English and on to German: the same page again.
    html = page(client, french.url)
    assert html.html_lang == "fr"
    assert html.switcher["fr"]["aria-current"] == "page"
    assert target(html.switcher["en"]) == city.url
    assert target(html.switcher["de"]) == f"/de/cities/{city.slug}/"
    # Every target answers.
    for link in html.switcher.values():
        assert client.get(target(link)).status_code == 200


@pytest.mark.django_db
def test_a_page_written_only_in_french_leads_other_languages_to_their_home(
    client, portal, city, french
):
    """No English version to serve as an alias: the switcher still names every
    language, and leads where that language has something to read."""
    only_french = NewsPageFactory(parent=french, title="Rencontre à Clermont")
    assert only_french.locale.language_code == "fr"
    html = page(client, only_french.url)
    assert html.html_lang == "fr"
    assert len(html.switcher) == 13
    assert html.switcher["fr"]["aria-current"] == "page"
    assert target(html.switcher["en"]) == "/en/"
    assert target(html.switcher["de"]) == "/de/"
    assert client.get(f"/en/cities/{city.slug}/{only_french.slug}/").status_code == 404


@pytest.mark.django_db
def test_untranslated_page_is_served_as_an_alias(client, portal, city, french):
    # No German home at all: the English page under /de/.
    html = page(client, f"/de/cities/{city.slug}/")
    # The notice is in the visitor's language (locale/de), the language named in itself.
    assert html.notice.strip() == "Diese Seite ist noch nicht auf Deutsch verfügbar."
    assert html.html_lang == "de"
    assert html.content_lang == "en"
    assert html.canonical == f"http://testserver{city.url}"
    assert html.alternates == []
    assert html.switcher["de"]["aria-current"] == "page"
    assert target(html.switcher["fr"]) == french.url
    # The chrome stays under /de/.
    assert html.menu and all(href.startswith("/de/") for href in html.menu)
    assert [c["href"] for c in html.crumbs] == ["/de/", "/de/cities/", f"/de/cities/{city.slug}/"]
    assert (
        page(client, "/de/").notice.strip() == "Diese Seite ist noch nicht auf Deutsch verfügbar."
    )

    # In French, the directory is translated but another city is not: its French
    # address is under the French directory, with the French menu and breadcrumb.
    other = CityPageFactory(parent=portal.cityindex)
    html = page(client, f"/fr/villes/{other.slug}/")
    assert html.notice.strip() == "Cette page n’est pas encore disponible en français."
    assert html.html_lang == "fr" and html.content_lang == "en"
    assert html.canonical == f"http://testserver{other.url}"
    assert [c["href"] for c in html.crumbs] == ["/fr/", "/fr/villes/", f"/fr/villes/{other.slug}/"]
    assert all(href.startswith("/fr/") for href in html.menu)

    # A translated page is not an alias: no notice, canonical to itself.
    html = page(client, french.url)
    assert html.notice is None and html.content_lang is None
    assert html.canonical == f"http://testserver{french.url}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "notice"),
    [
        ("es", "Esta página aún no está disponible en español."),
        ("it", "Questa pagina non è ancora disponibile in italiano."),
        ("pt-br", "Esta página ainda não está disponível em português (Brasil)."),
        ("ro", "Această pagină nu este încă disponibilă în limba română."),
        ("hu", "Ez az oldal még nem érhető el a következő nyelven: magyar."),
        ("pl", "Ta strona nie jest jeszcze dostępna w języku: polski."),
        ("sr", "Ова страница још није доступна на језику: српски."),
        ("ja", "このページはまだ日本語でご覧いただけません。"),
        ("zh-hans", "本页面尚无简体中文版本。"),
        ("th", "หน้านี้ยังไม่มีให้บริการในภาษาไทย"),
    ],
)
def test_the_alias_notice_names_the_language_mid_sentence(client, portal, city, code, notice):
    """Inside a sentence a language is named the way that language writes it there:
    lowercase in the Romance and Slavic languages and Hungarian, no space in Thai."""
    assert page(client, f"/{code}/cities/{city.slug}/").notice.strip() == notice


def test_language_names_in_sentences_and_on_their_own():
    # Mid-sentence, in the reader's language (CLDR's names through Babel).
    assert language_in_sentence("en", "fr") == "anglais"
    assert language_in_sentence("en", "de") == "Englisch"
    assert language_in_sentence("de", "es") == "alemán"
    assert language_in_sentence("fr", "it") == "francese"
    assert language_in_sentence("en", "pl") == "angielski"
    assert language_in_sentence("en", "hu") == "angol"
    assert language_in_sentence("en", "sr") == "енглески"
    assert language_in_sentence("pt-br", "fr") == "portugais brésilien"
    assert language_in_sentence("zh-hans", "en") == "Simplified Chinese"
    assert language_in_sentence("fr", "ja") == "フランス語"
    assert language_in_sentence("en", "th") == "อังกฤษ"
    # On its own (the switcher, a result's badge): in itself, as a label.
    assert [language_label(code) for code in ("fr", "de", "pl", "sr", "ja")] == [
        "Français",
        "Deutsch",
        "Polski",
        "Српски",
        "日本語",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "footer", "shanghai"),
    [
        ("fr", "Les dates et échéances sont indiquées en heure de Paris.", "heure de Shanghai"),
        ("de", "Zeitangaben für Termine und Fristen: Ortszeit Paris.", "Ortszeit Shanghai"),
        ("ja", "日付と締切はパリ時間で表示しています。", "上海時間"),
    ],
)
def test_time_zones_are_named_in_the_visitors_language(client, portal, code, footer, shanghai):
    """The footer names the portal's zone by its city, in the visitor's language."""
    html = client.get(f"/{code}/").content.decode()
    assert footer in html
    with translation.override(code):
        assert time_zone_name("Asia/Shanghai") == shanghai
        assert time_zone_name("UTC") == "UTC"


@pytest.mark.django_db
def test_alias_addresses_of_translated_pages_lead_to_the_translation(client, portal, city, french):
    # Moved for good (tests/test_old_slugs.py has the other old addresses).
    response = client.get(f"/fr/cities/{city.slug}/")
    assert response.status_code == 301
    assert response["Location"] == french.url


@pytest.mark.django_db
def test_nothing_unpublished_or_private_reaches_a_visitor_through_an_alias(client, portal, city):
    translate(portal.home, "fr")
    translate(portal.cityindex, "fr")
    draft = city.copy_for_translation(locale("fr"))
    draft.title = "Brouillon secret"
    draft.save_revision()
    # A draft translation: the visitor gets the live English page, not the draft.
    response = client.get(f"/fr/cities/{city.slug}/")
    assert response.status_code == 200
    assert "Brouillon secret" not in response.content.decode()
    assert city.title in response.content.decode()
    # A draft source page has no alias; a private one asks for its password.
    unpublished = CityPageFactory(parent=portal.cityindex, live=False)
    assert client.get(f"/de/cities/{unpublished.slug}/").status_code == 404
    assert client.get(f"/fr/cities/{unpublished.slug}/").status_code == 404
    private = CityPageFactory(parent=portal.cityindex, summary="Only for members")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    response = client.get(f"/de/cities/{private.slug}/")
    assert "Only for members" not in response.content.decode()
    assert 'name="password"' in response.content.decode()
    # An address that exists nowhere is still a 404.
    assert client.get("/de/cities/no-such-city/").status_code == 404


@pytest.mark.django_db
def test_wagtail_localize_aliases_are_marked_and_left_out(client, portal, city, french):
    german_alias = city.copy_for_translation(locale("de"), copy_parents=True, alias=True)
    assert german_alias.alias_of_id == city.pk and german_alias.live
    html = page(client, german_alias.url)
    assert "Deutsch" in html.notice
    assert html.content_lang == "en"
    assert html.canonical == f"http://testserver{city.url}"
    assert html.alternates == []
    # The English page's hreflang names the real translations only.
    html = page(client, city.url)
    assert sorted(html.alternates) == sorted(
        [
            ("en", f"http://testserver{city.url}"),
            ("fr", f"http://testserver{french.url}"),
            ("x-default", f"http://testserver{city.url}"),
        ]
    )
    assert target(html.switcher["de"]) == german_alias.url
    # Search finds the page once: in German at the address German serves it (the alias,
    # marked as English), in English as the original; the alias is never a second hit.
    found = client.get("/de/search/", {"q": city.title}).content.decode()
    german = found[found.index("<main") :]
    assert german.count(f'href="{german_alias.url}" hreflang="en"') == 1
    assert f'href="{city.url}"' not in german
    found = client.get("/en/search/", {"q": city.title}).content.decode()
    english = found[found.index("<main") :]
    assert english.count(f'href="{city.url}"') == 1
    assert f'href="{german_alias.url}"' not in english


@pytest.mark.django_db
def test_hreflang_on_translated_and_untranslated_pages(client, portal, city, french):
    html = page(client, french.url)
    assert ("fr", f"http://testserver{french.url}") in html.alternates
    assert ("en", f"http://testserver{city.url}") in html.alternates
    assert ("x-default", f"http://testserver{city.url}") in html.alternates
    assert len(html.alternates) == 3
    untranslated = CityPageFactory(parent=portal.cityindex)
    html = page(client, untranslated.url)
    assert html.alternates == []
    assert html.canonical == f"http://testserver{untranslated.url}"


@pytest.mark.django_db
def test_sitemap_lists_live_public_pages_with_real_translations(client, portal, city, french):
    city.copy_for_translation(locale("de"), copy_parents=True, alias=True)
    untranslated = CityPageFactory(parent=portal.cityindex)
    draft = CityPageFactory(parent=portal.cityindex, live=False)
    private = CityPageFactory(parent=portal.cityindex)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    entries = {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }
    base = "http://testserver"
    expected = {"en": base + city.url, "fr": base + french.url, "x-default": base + city.url}
    assert entries[base + city.url] == expected
    assert entries[base + french.url] == expected
    assert entries[base + untranslated.url] == {}
    # Aliases are left out (under /de/ only the numbers page, a view of every language).
    assert [loc for loc in entries if "/de/" in loc] == [f"{base}/de/numbers/"]
    assert base + draft.url not in entries and base + private.url not in entries
    assert base + portal.home.url in entries

    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


@pytest.mark.django_db
def test_root_follows_accept_language_then_the_remembered_choice(client, portal, city, french):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/ja/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="xx").headers["Location"] == "/en/"

    # Choosing Français in the switcher remembers it, then opens the same page.
    html = page(client, city.url, HTTP_ACCEPT_LANGUAGE="ja")
    response = client.get(html.switcher["fr"]["href"], HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 302 and response["Location"] == french.url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response["Location"] == "/fr/"
    assert "Cookie" in response["Vary"]

    # The choice view sends nobody off the site.
    response = client.get("/i18n/choose/de/?next=https://evil.example/")
    assert response["Location"] == "/de/"


@pytest.mark.django_db
def test_404s_outside_the_pages_stay_404s(admin_client, client, portal):
    assert admin_client.get("/admin/no-such-thing/").status_code == 404
    for path in ("/documents/999999/missing.pdf", "/media/none.jpg", "/static/none.css"):
        response = client.get(path)
        assert response.status_code == 404, path
    # A page's 404 under a language is still a 404 (with the site's chrome).
    assert client.get("/en/no-such-page/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "dates", "country"),
    [
        ("fr", "29 novembre 2017", "Allemagne"),
        ("de", "29. November 2017", "Deutschland"),
        ("ja", "2017年11月29日", "ドイツ"),
    ],
)
def test_dates_and_countries_follow_the_visitors_language(client, portal, code, dates, country):
    conference_index = portal.conferenceindex
    host = CityPageFactory(parent=portal.cityindex, country="DE")
    conference = ConferencePageFactory(
        parent=conference_index,
        start_date=datetime.date(2017, 11, 29),
        end_date=datetime.date(2017, 12, 1),
    )
    translated = translate(conference, code)
    html = client.get(translated.url).content.decode()
    assert dates in html
    # The English page keeps English dates; an alias uses the visitor's formats too.
    assert "29 November 2017" in client.get(conference.url).content.decode()
    city = translate(host, code)
    assert country in client.get(city.url).content.decode()


@pytest.mark.django_db
def test_search_and_not_found_pages_have_the_switcher(client, portal, french):
    html = page(client, "/fr/search/?q=volcans")
    assert html.switcher["fr"]["aria-current"] == "page"
    assert target(html.switcher["de"]) == "/de/search/?q=volcans"
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    html = Html(response.content.decode())
    assert html.html_lang == "fr"
    assert html.switcher["fr"]["aria-current"] == "page"
    assert target(html.switcher["ja"]) == "/ja/no-such-page/"
