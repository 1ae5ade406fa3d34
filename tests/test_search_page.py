"""The search page (/<language>/search/): facets, pagination, highlighting, promotions,
popular searches, documents and snippets, other languages; in a fixed number of
queries whatever the number of results."""

import datetime

from django.core.files.base import ContentFile
from django.db import connection

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model

import pytest

from network.factories import (
    CityPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    ProjectPageFactory,
    StandardPageFactory,
    TopicFactory,
)
from tests.search_helpers import body, locale, publish, translate, visible_text


@pytest.fixture
def network(portal):
    """Two cities, two topics, news and a project about "biodiversity"."""
    clermont = publish(
        CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand", country="FR")
    )
    zalau = publish(CityPageFactory(parent=portal.cityindex, title="Zalău", country="RO"))
    water = TopicFactory(name="Water", slug="water")
    energy = TopicFactory(name="Energy", slug="energy")
    for index in range(3):
        news = NewsPageFactory(
            parent=portal.newsindex,
            title=f"Biodiversity news {index}",
            summary="Biodiversity in the city.",
            date=datetime.date(2024, 3, index + 1),
        )
        news.related_cities.set([clermont])
        news.topics.set([water])
        news.save()
        publish(news)
    for index in range(2):
        news = NewsPageFactory(
            parent=zalau,
            title=f"Biodiversity report {index}",
            summary="",
            date=datetime.date(2025, 5, index + 1),
        )
        news.topics.set([energy])
        news.save()
        publish(news)
    project = ProjectPageFactory(
        parent=clermont,
        title="Urban biodiversity",
        summary="",
        start_date=datetime.date(2023, 1, 1),
    )
    project.topics.set([water, energy])
    project.save()
    publish(project)
    return portal


def facet(response, name):
    return {
        value.label: value.count
        for group in response.context["facets"]
        if group["name"] == name
        for value in group["values"]
    }


def test_facets_count_the_results_by_type_city_country_topic_and_year(network, client):
    response = client.get("/en/search/", {"q": "biodiversity"})

    assert response.context["result_count"] == 6
    assert facet(response, "type") == {"News item": 5, "Project": 1}
    assert facet(response, "city") == {"Clermont-Ferrand": 4, "Zalău": 2}
    assert facet(response, "country") == {"France": 4, "Romania": 2}
    assert facet(response, "topic") == {"Water": 4, "Energy": 3}
    assert facet(response, "year") == {"2025": 2, "2024": 3, "2023": 1}
    assert "Clermont-Ferrand (4)" in visible_text(response)


def test_a_facet_value_filters_the_results_and_the_other_facets(network, client):
    response = client.get("/en/search/", {"q": "biodiversity", "topic": "energy"})

    assert response.context["result_count"] == 3
    titles = {hit.title for hit in response.context["search_results"].object_list}
    assert titles == {"Biodiversity report 0", "Biodiversity report 1", "Urban biodiversity"}
    assert facet(response, "city") == {"Zalău": 2, "Clermont-Ferrand": 1}
    # The topic facet still counts the other topic, to switch to it.
    assert facet(response, "topic") == {"Water": 4, "Energy": 3}
    selected = [
        value
        for group in response.context["facets"]
        for value in group["values"]
        if value.selected
    ]
    assert [(value.label, value.url) for value in selected] == [("Energy", "?q=biodiversity")]


def test_filters_combine(network, client):
    response = client.get(
        "/en/search/", {"q": "biodiversity", "country": "FR", "type": "newspage", "year": "2024"}
    )

    assert response.context["result_count"] == 3


def test_an_unknown_filter_value_is_reported_and_left_out(network, client):
    response = client.get("/en/search/", {"q": "biodiversity", "year": "soon", "city": "atlantis"})

    assert response.status_code == 200
    assert response.context["result_count"] == 6
    text = visible_text(response)
    assert "“soon” is not a year." in text
    assert "There is no city “atlantis”." in text


def test_results_come_best_first_a_title_before_pages_that_mention_it(portal, client):
    # A long page titled with the words, and short pages that only mention them: on
    # SQLite the order came reversed (bm25 is lower for better matches) and a short
    # summary naming a city outranked the city's own page.
    olsztyn = publish(
        CityPageFactory(
            parent=portal.cityindex,
            title="Olsztyn",
            summary="A city of fifteen lakes in Warmia; tyres for cars and trucks since 1967.",
            body=body(
                *(
                    f"Paragraph {n} about the lakes, the old town and Olsztyn's plant."
                    for n in range(8)
                )
            ),
        )
    )
    cargo = publish(
        StandardPageFactory(
            parent=portal.home,
            title="Cargo bikes in old towns",
            body=body(*(f"Chapter {n}: deliveries, routes and vans replaced." for n in range(8))),
        )
    )
    for name in ("Braga", "Oviedo", "Aberdeen"):
        publish(
            NewsPageFactory(
                parent=portal.newsindex,
                title=f"{name} joins the network",
                summary=f"A twin town of Olsztyn: in {name}, cargo bikes deliver in the old town.",
                body=body("Olsztyn welcomes its new partner."),
                date=datetime.date(2025, 1, 1),
            )
        )

    for query, first in (("Olsztyn", olsztyn), ("cargo bikes", cargo)):
        response = client.get("/en/search/", {"q": query})
        hits = response.context["search_results"].object_list
        assert len(hits) == 4, query
        assert hits[0].title == first.title, [hit.title for hit in hits]


def test_results_are_paginated(portal, client):
    for index in range(25):
        publish(StandardPageFactory(parent=portal.home, title=f"Volcano {index}"))

    first = client.get("/en/search/", {"q": "volcano"})
    third = client.get("/en/search/", {"q": "volcano", "page": 3})
    too_far = client.get("/en/search/", {"q": "volcano", "page": 99})
    not_a_number = client.get("/en/search/", {"q": "volcano", "page": "abc"})

    assert len(first.context["search_results"].object_list) == 10
    assert len(third.context["search_results"].object_list) == 5
    assert too_far.context["search_results"].number == 3
    assert not_a_number.context["search_results"].number == 1
    first_titles = {hit.title for hit in first.context["search_results"].object_list}
    third_titles = {hit.title for hit in third.context["search_results"].object_list}
    assert not first_titles & third_titles
    assert 'rel="next"' in first.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_results(
    portal, client, django_assert_num_queries
):
    city = publish(CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand"))
    topic = TopicFactory(name="Water", slug="water")

    def add_news(count):
        for index in range(count):
            news = NewsPageFactory(parent=city, title=f"Geyser {index}", summary="geyser")
            news.topics.set([topic])
            news.related_cities.set([city])
            news.save()
            publish(news)

    add_news(2)
    client.get("/en/search/", {"q": "geyser"})  # the first request fills the caches
    # docs/README-search.md states them: PostgreSQL's backend reads its configurations.
    expected = {"sqlite": 10, "postgresql": 8}[connection.vendor]
    with django_assert_num_queries(expected):
        client.get("/en/search/", {"q": "geyser"})
    add_news(20)
    with django_assert_num_queries(expected):
        response = client.get("/en/search/", {"q": "geyser"})

    assert response.context["result_count"] == 22


def test_matched_words_are_highlighted_in_title_and_excerpt(portal, client):
    publish(
        StandardPageFactory(
            parent=portal.home,
            title="Volcanoes of Auvergne",
            summary="",
            body=body("Long introduction. " * 30 + "The Puy de Dôme is a volcano."),
        )
    )

    response = client.get("/en/search/", {"q": "volcano"})
    hit = response.context["search_results"].object_list[0]

    assert str(hit.title_html) == "<mark>Volcanoes</mark> of Auvergne"
    assert "<mark>volcano</mark>" in str(hit.excerpt)
    assert str(hit.excerpt).startswith("… ")


def test_neither_the_query_nor_the_content_can_inject_markup(portal, client):
    publish(
        StandardPageFactory(
            parent=portal.home,
            title='<img src=x onerror="alert(1)"> Volcano',
            summary="<script>alert('summary')</script> volcano",
        )
    )

    found = client.get("/en/search/", {"q": "volcano"}).content.decode()
    echoed = client.get("/en/search/", {"q": "<script>alert('q')</script>"}).content.decode()

    assert "<img src=x" not in found
    assert "&lt;img src=x onerror=" in found
    assert "<script>alert" not in found
    assert "<script>alert" not in echoed
    assert "&lt;script&gt;alert(&#x27;q&#x27;)&lt;/script&gt;" in echoed


def test_documents_topics_and_organisations_are_found(portal, client):
    Document = get_document_model()
    document = Document(title="Geothermal atlas")
    document.file.save("atlas.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    TopicFactory(name="Geothermal energy", slug="geothermal", description="")
    OrganisationFactory(name="Geothermal institute", website="https://geo.example")

    response = client.get("/en/search/", {"q": "geothermal"})
    hits = {hit.kind: hit for hit in response.context["search_results"].object_list}

    assert set(hits) == {"document", "topic", "organisation"}
    assert hits["document"].url == document.url
    assert hits["document"].excerpt == "PDF document"
    assert hits["topic"].url == "/en/projects/?topic=geothermal"
    assert hits["organisation"].url == "https://geo.example"


def test_promotions_are_shown_in_the_visitors_language(portal, client):
    report = publish(StandardPageFactory(parent=portal.home, title="Annual report 2025"))
    translate(report, "fr", title="Rapport annuel 2025")
    pick = Query.get("annual report")
    SearchPromotion.objects.create(query=pick, page=report, description="Our year.")
    SearchPromotion.objects.create(
        query=pick, external_link_url="https://example.org/report", external_link_text="PDF"
    )

    english = client.get("/en/search/", {"q": "Annual report"})
    french = client.get("/fr/search/", {"q": "annual report"})
    german = client.get("/de/search/", {"q": "annual report"})

    assert [p.title for p in english.context["promotions"]] == ["Annual report 2025", "PDF"]
    assert [p.title for p in french.context["promotions"]] == ["Rapport annuel 2025", "PDF"]
    assert [p.title for p in german.context["promotions"]] == ["PDF"]
    # A promoted page is not listed a second time among the results.
    assert english.context["result_count"] == 0
    assert "Our year." in visible_text(english)


def test_popular_searches_are_recorded(portal, client):
    publish(StandardPageFactory(parent=portal.home, title="Volcano"))

    client.get("/en/search/", {"q": "Volcano"})
    client.get("/en/search/", {"q": "  volcano "})
    client.get("/en/search/", {"q": "volcano", "page": 2})
    client.get("/api/v3/search/", {"q": "VOLCANO", "locale": "fr"})
    client.get("/api/v3/search/", {"q": "volcano", "locale": "fr", "offset": 10})

    assert Query.get("volcano").hits == 3
    assert [q.query_string for q in Query.get_most_popular()] == ["volcano"]


def test_other_languages_are_offered_when_the_visitors_has_nothing(portal, client):
    page = publish(StandardPageFactory(parent=portal.home, title="Volcano"))
    translate(page, "fr", title="Les volcans d'Auvergne", body=body("Le Puy de Dôme."))

    response = client.get("/en/search/", {"q": "Dôme"})

    assert response.context["result_count"] == 0
    offered = response.context["other_languages"]
    assert [(hit.title, hit.language_name) for hit in offered] == [
        ("Les volcans d'Auvergne", "Français")
    ]
    assert offered[0].url.startswith("/fr/")
    text = visible_text(response)
    assert "Results in other languages" in text
    assert "Français" in text


def test_an_empty_search_shows_the_form(portal, client):
    response = client.get("/en/search/")

    assert response.status_code == 200
    assert response.context["search_results"] is None
    assert Query.objects.count() == 0


def test_each_language_searches_its_own_pages(portal, client):
    page = publish(StandardPageFactory(parent=portal.home, title="Volcano"))
    translate(page, "fr", title="Volcan")

    french = client.get("/fr/search/", {"q": "volcan"})

    assert [hit.title for hit in french.context["search_results"].object_list] == ["Volcan"]
    assert french.context["search_results"].object_list[0].obj.locale == locale("fr")
