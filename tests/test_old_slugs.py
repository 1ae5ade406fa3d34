"""Old addresses (issue 10, point 3): a path in a language that carries another
language's slugs, at any depth, answers 301 to the page's own address in that
language, whether the page is translated there or served as an alias; its own address
answers 200; a page the public may not see stays a 404 at any other address.

The French tree translates the home and the city directory (``villes``); the
English tree has a city, a news page under it, and pages hidden in several ways."""

from wagtail.models import Locale, PageViewRestriction

import pytest

from network.api.caching import bump_generation
from network.factories import CityPageFactory, NewsPageFactory

# Queries of an alias under the French directory (its own address) and of an old
# address of it. Before old addresses moved, the alias cost 23 and was served at the
# old address too, for 22; the address is now worked out in the query that looked for
# the translation alone, and the page comes with its visibility (one query less).
ALIAS_QUERIES = 21
OLD_ADDRESS_QUERIES = 10


def translate(page, slug):
    """A live French translation of ``page`` under ``slug`` (parents translated first)."""
    translation = page.copy_for_translation(
        Locale.objects.get(language_code="fr"), copy_parents=True
    )
    translation.slug = slug
    translation.save_revision().publish()
    return translation


def moved(client, url, to):
    """``url`` answers 301 to ``to``, which answers 200 with no other redirect."""
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (301, to), url
    assert served(client, to)


def served(client, url):
    """``url`` answers 200 (not a redirect)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.fixture
def tree(portal):
    """The English city and news page, the French home and directory."""
    city = CityPageFactory(parent=portal.cityindex, slug="greenville")
    news = NewsPageFactory(parent=city, slug="makers-in-residence")
    translate(portal.home, "accueil")
    translate(portal.cityindex, "villes")
    return city, news


@pytest.mark.django_db
def test_untranslated_pages_move_to_their_alias_address(client, tree):
    # Depth 1 (translated), 2 and 3 (served as aliases under the French directory).
    moved(client, "/fr/cities/", "/fr/villes/")
    moved(client, "/fr/cities/greenville/", "/fr/villes/greenville/")
    moved(
        client,
        "/fr/cities/greenville/makers-in-residence/",
        "/fr/villes/greenville/makers-in-residence/",
    )
    # The query string goes along, as the browser sent it.
    response = client.get("/fr/cities/greenville/makers-in-residence/?page=2&q=v%C3%A9lo")
    assert response.status_code == 301
    assert response["Location"] == "/fr/villes/greenville/makers-in-residence/?page=2&q=v%C3%A9lo"
    # The alias's own address is served, under the French prefix.
    assert "alias-notice" in served(client, "/fr/villes/greenville/").content.decode()
    # The English addresses are the English pages' own.
    for url in (
        "/en/cities/",
        "/en/cities/greenville/",
        "/en/cities/greenville/makers-in-residence/",
    ):
        served(client, url)


@pytest.mark.django_db
def test_translated_pages_move_to_their_translation_at_any_depth(client, tree):
    city, news = tree
    translate(city, "greenville-fr")
    # Depth 2: the city is translated; depth 3: the news page below it is not yet.
    moved(client, "/fr/cities/greenville/", "/fr/villes/greenville-fr/")
    moved(client, "/fr/villes/greenville/", "/fr/villes/greenville-fr/")
    alias = "/fr/villes/greenville-fr/makers-in-residence/"
    moved(client, "/fr/cities/greenville/makers-in-residence/", alias)
    moved(client, "/fr/villes/greenville/makers-in-residence/", alias)
    served(client, alias)

    # Now the news page too: every mix of English and French slugs leads to it.
    translate(news, "makers-en-residence")
    own = "/fr/villes/greenville-fr/makers-en-residence/"
    for old in (
        "/fr/cities/greenville/makers-in-residence/",
        "/fr/villes/greenville/makers-in-residence/",
        "/fr/villes/greenville-fr/makers-in-residence/",
    ):
        moved(client, old, own)
    response = client.get("/fr/cities/greenville/makers-in-residence/?utm_source=x")
    assert (response.status_code, response["Location"]) == (301, f"{own}?utm_source=x")
    assert "alias-notice" not in served(client, own).content.decode()


@pytest.mark.django_db
def test_a_language_without_pages_serves_the_source_slugs(client, tree):
    """German has no home: its addresses are the English slugs, never moved."""
    served(client, "/de/cities/greenville/makers-in-residence/")


@pytest.mark.django_db
def test_hidden_pages_stay_404_at_old_addresses(client, portal, tree):
    city, _news = tree
    draft = NewsPageFactory(parent=city, slug="draft", live=False)
    private = NewsPageFactory(parent=city, slug="private", summary="Only for members")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    hidden_city = CityPageFactory(parent=portal.cityindex, slug="hidden-city")
    PageViewRestriction.objects.create(page=hidden_city, restriction_type="password", password="x")
    NewsPageFactory(parent=hidden_city, slug="under-hidden")
    unpublished_city = CityPageFactory(parent=portal.cityindex, slug="unpublished", live=False)
    NewsPageFactory(parent=unpublished_city, slug="under-unpublished")

    for url in (
        f"/fr/cities/greenville/{draft.slug}/",
        f"/fr/villes/greenville/{draft.slug}/",
        "/fr/cities/greenville/private/",
        "/fr/cities/hidden-city/",
        "/fr/cities/hidden-city/under-hidden/",
        "/fr/cities/unpublished/under-unpublished/",
        "/fr/villes/unpublished/under-unpublished/",
    ):
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert "Only for members" not in response.content.decode()
    # A private page's own alias address still asks for its password, as before.
    html = client.get("/fr/villes/greenville/private/").content.decode()
    assert 'name="password"' in html and "Only for members" not in html

    # A private French translation is not the page's French address: the alias is.
    french_city = translate(city, "greenville-fr")
    PageViewRestriction.objects.create(page=french_city, restriction_type="password", password="x")
    moved(client, "/fr/cities/greenville/", "/fr/villes/greenville/")


@pytest.mark.django_db
def test_old_addresses_cost_no_more_than_the_alias(client, tree, django_assert_num_queries):
    alias = "/fr/villes/greenville/makers-in-residence/"
    old = "/fr/cities/greenville/makers-in-residence/"
    for url, count, status in ((alias, ALIAS_QUERIES, 200), (old, OLD_ADDRESS_QUERIES, 301)):
        client.get(url)  # warm the caches, as test_site_queries does
        bump_generation()
        with django_assert_num_queries(count, info=url):
            assert client.get(url).status_code == status
