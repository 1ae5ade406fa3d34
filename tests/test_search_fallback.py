"""A search in a language finds what exists only in another language: the page not
translated yet is listed among the results at the address the visitor's language
serves it at (the on-demand alias), marked with its language (``lang`` and a visible
label on the page; ``fallback_from`` in the API), once, and never when it has a
translation in the visitor's language."""

from urllib.parse import urlsplit

import pytest

from network.factories import CityPageFactory, StandardPageFactory, TopicFactory
from search.service import PortalSearch
from tests.search_helpers import (
    body,
    locale,
    make_private,
    publish,
    translate,
    translated_tree,
    visible_text,
)


@pytest.fixture
def vitoria(portal):
    """A French home and sections; a city that exists only in English."""
    translated_tree(portal, "fr")
    return publish(
        CityPageFactory(
            parent=portal.cityindex,
            title="Vitoria-Gasteiz",
            summary="Capital of the Basque Country, European Green Capital 2012.",
        )
    )


def results(query, code):
    search = PortalSearch(query, locale(code))
    return search.hits(search.run(record=False).results)


def test_a_page_only_in_english_is_found_in_french_at_its_french_address(vitoria, client):
    (hit,) = results("Vitoria-Gasteiz", "fr")

    assert hit.title == "Vitoria-Gasteiz"
    assert (hit.language, hit.fallback_from, hit.language_name) == ("en", "en", "English")
    assert hit.url.startswith("/fr/")
    # That address serves the city to French visitors.
    page = client.get(hit.url)
    assert page.status_code == 200
    assert "European Green Capital" in visible_text(page)


def test_the_search_page_lists_it_with_its_language(vitoria, client):
    response = client.get("/fr/search/", {"q": "Vitoria"})
    html = response.content.decode()

    assert response.context["result_count"] == 1
    assert response.context["other_languages"] == []
    (hit,) = response.context["search_results"].object_list
    assert f'href="{hit.url}" hreflang="en"' in html
    assert 'class="search-result__language badge" lang="en">English<' in html
    assert 'class="search-result__title" lang="en"' in html
    # Facets count it like any other result.
    types = {v.value: v.count for f in response.context["facets"] for v in f["values"]}
    assert types["citypage"] == 1


def test_the_api_says_which_language_a_result_falls_back_from(vitoria, client):
    data = client.get("/api/v3/search/", {"q": "Basque", "locale": "fr"}).json()

    (item,) = data["items"]
    assert item["fallback_from"] == "en"
    assert item["language"] == "en"
    assert urlsplit(item["url"]).path.startswith("/fr/")
    english = client.get("/api/v3/search/", {"q": "Basque", "locale": "en"}).json()
    assert english["items"][0]["fallback_from"] is None
    schema = client.get("/api/v3/openapi.json").json()
    assert "fallback_from" in schema["components"]["schemas"]["ResultOut"]["properties"]


def test_a_translated_page_is_found_in_its_translation_only(vitoria):
    translate(vitoria, "fr", summary="Capitale du Pays basque, Capitale verte européenne 2012.")

    hits = results("Vitoria-Gasteiz", "fr")

    assert [(hit.title, hit.language, hit.fallback_from) for hit in hits] == [
        ("Vitoria-Gasteiz", "fr", "")
    ]


def test_a_draft_translation_leaves_the_source_in_the_results(vitoria):
    french = vitoria.copy_for_translation(locale("fr"), copy_parents=True)
    french.title = "Vitoria-Gasteiz (brouillon)"
    french.live = False
    french.save()

    hits = results("Vitoria-Gasteiz", "fr")

    assert [(hit.title, hit.fallback_from) for hit in hits] == [("Vitoria-Gasteiz", "en")]


def test_content_visitors_may_not_see_never_falls_back(portal, vitoria):
    secret = publish(
        StandardPageFactory(parent=portal.home, title="Basque secret", body=body("Basque"))
    )
    make_private(secret)

    assert [hit.title for hit in results("Basque", "fr")] == ["Vitoria-Gasteiz"]


def test_a_language_without_its_own_home_serves_the_page_under_its_prefix(vitoria, client):
    (hit,) = results("Vitoria-Gasteiz", "it")

    assert hit.fallback_from == "en"
    assert hit.url.startswith("/it/")
    assert client.get(hit.url).status_code == 200


def test_a_topic_only_in_english_is_found_with_its_language(vitoria):
    TopicFactory(name="Geothermal energy", slug="geothermal", description="")

    (hit,) = results("geothermal", "fr")

    assert (hit.kind, hit.fallback_from) == ("topic", "en")
    assert hit.url == "/fr/projects/?topic=geothermal"
