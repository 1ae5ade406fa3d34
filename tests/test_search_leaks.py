"""Nothing that is not live and public reaches a visitor through search.

Drafts, unpublished changes, scheduled and expired pages, private pages (and their
children), documents of restricted collections, draft cities behind facets and
untranslated aliases never appear in the results, the facets, the autocomplete, the
API, the promotions or the other-languages results; and no page appears twice.
"""

import datetime

from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page

import pytest

from network.factories import CityPageFactory, NewsPageFactory, StandardPageFactory
from search.autocomplete import autocomplete
from search.service import PortalSearch
from tests.search_helpers import (
    body,
    locale,
    make_alias,
    make_private,
    publish,
    search_backend,
    translate,
    visible_text,
)

HIDDEN = [
    "Zephyrine draft",
    "Zephyrine unpublished change",
    "Zephyrine scheduled",
    "Zephyrine expired",
    "Zephyrine private",
    "Zephyrine behind login",
    "Zephyrine internal report",
    "Draftville",
]


@pytest.fixture(params=["database", "elasticsearch"])
def network(request, portal, django_db_blocker):
    with search_backend(request.param) as refresh:
        home = portal.home
        public = publish(
            StandardPageFactory(parent=home, title="Zephyrine public", body=body("zephyrine"))
        )

        draft = StandardPageFactory(parent=home, title="Zephyrine draft", live=False)
        draft.save_revision()

        changed = publish(StandardPageFactory(parent=home, title="Northwind zephyrine"))
        changed.title = "Zephyrine unpublished change"
        changed.save_revision()

        scheduled = StandardPageFactory(parent=home, title="Zephyrine scheduled", live=False)
        scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
        scheduled.save_revision().publish()

        expired = publish(StandardPageFactory(parent=home, title="Zephyrine expired"))
        Page.objects.filter(pk=expired.pk).update(
            expire_at=timezone.now() - datetime.timedelta(hours=1)
        )

        private = publish(StandardPageFactory(parent=home, title="Zephyrine private"))
        publish(StandardPageFactory(parent=private, title="Zephyrine behind login"))
        make_private(private)

        internal = Collection.get_first_root_node().add_child(name="Internal")
        CollectionViewRestriction.objects.create(collection=internal, restriction_type="login")
        Document = get_document_model()
        Document.objects.create(title="Zephyrine internal report", collection=internal)
        Document.objects.create(
            title="Zephyrine annual report", collection=Collection.get_first_root_node()
        )

        draft_city = CityPageFactory(parent=portal.cityindex, title="Draftville", live=False)
        draft_city.save_revision()
        news = NewsPageFactory(parent=portal.newsindex, title="Zephyrine news", summary="")
        news.related_cities.set([draft_city])
        news.save()
        publish(news)

        make_alias(public, "de")
        SearchPromotion.objects.create(query=Query.get("zephyrine"), page=draft)
        refresh()
        yield public


def titles(hits):
    return [hit.title for hit in hits]


def test_search_results_hold_only_live_public_content(network):
    search = PortalSearch("zephyrine", locale("en"))
    outcome = search.run(record=False)
    shown = titles(search.hits(outcome.results))

    assert sorted(shown) == [
        "Northwind zephyrine",
        "Zephyrine annual report",
        "Zephyrine news",
        "Zephyrine public",
    ]
    assert outcome.promotions == []


def test_draft_words_of_a_published_page_are_not_searchable(network):
    search = PortalSearch("unpublished change", locale("en"))

    assert search.run(record=False).results == []


def test_facets_never_name_a_draft_city(network):
    outcome = PortalSearch("zephyrine", locale("en")).run(record=False)

    assert outcome.facets["city"] == []
    assert "Draftville" not in str(outcome.facets)


def test_the_search_page_shows_nothing_hidden(network, client):
    response = client.get("/en/search/", {"q": "zephyrine"})

    assert response.status_code == 200
    content = visible_text(response)
    assert "Zephyrine public" in content
    for title in HIDDEN:
        assert title not in content


def test_the_api_shows_nothing_hidden(network, client):
    response = client.get("/api/v3/search/", {"q": "zephyrine", "locale": "en"})

    assert response.status_code == 200
    data = response.json()
    assert sorted(item["title"] for item in data["items"]) == [
        "Northwind zephyrine",
        "Zephyrine annual report",
        "Zephyrine news",
        "Zephyrine public",
    ]
    assert all(title not in response.content.decode() for title in HIDDEN)


def test_autocomplete_suggests_nothing_hidden(network, client):
    suggestions = [s.title for s in autocomplete("zeph", locale("en"))]
    response = client.get("/api/v3/search/autocomplete/", {"q": "zeph", "locale": "en"})

    assert sorted(suggestions) == ["Northwind zephyrine", "Zephyrine news", "Zephyrine public"]
    assert sorted(item["title"] for item in response.json()["items"]) == sorted(suggestions)


def test_an_untranslated_page_is_found_once_at_its_address_in_the_visitors_language(network):
    german = PortalSearch("zephyrine", locale("de"))
    outcome = german.run(record=False)
    hits = german.hits(outcome.results)

    # The German alias of the page is not indexed: its English source is found once,
    # with the English pages that have no German translation, each marked English and
    # listed at the address German visitors are served it at.
    assert sorted(titles(hits)) == [
        "Northwind zephyrine",
        "Zephyrine annual report",
        "Zephyrine news",
        "Zephyrine public",
    ]
    pages = [hit for hit in hits if hit.kind != "document"]
    assert {(hit.language, hit.fallback_from, hit.language_name) for hit in pages} == {
        ("en", "en", "English")
    }
    assert all(hit.url.startswith("/de/") for hit in pages), [hit.url for hit in pages]
    assert outcome.other_languages == []


def test_a_translation_is_offered_once_among_other_languages(network):
    translate(network, "fr", title="Tramontane publique")
    translate(network, "es", title="Tramontane pública")
    outcome = PortalSearch("tramontane", locale("de")).run(record=False)

    assert outcome.results == []
    assert [hit.title for hit in outcome.other_languages] in (
        ["Tramontane publique"],
        ["Tramontane pública"],
    )
