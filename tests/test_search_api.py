"""The search endpoints of the API: /api/v3/search/ and /api/v3/search/autocomplete/."""

from urllib.parse import urlsplit

from django.db import connection

import pytest

from network.factories import CityPageFactory, NewsPageFactory, StandardPageFactory
from tests.search_helpers import body, publish, translate


def absolute_path(url):
    """The path of an absolute URL (the site's own host, as API clients need)."""
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc, url
    return parts.path


@pytest.fixture
def volcanoes(portal):
    city = publish(CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand"))
    for index in range(12):
        news = NewsPageFactory(
            parent=city, title=f"Volcano news {index}", summary="A volcano erupted."
        )
        publish(news)
    return city


def test_search_answers_results_facets_and_counts(volcanoes, client):
    response = client.get("/api/v3/search/", {"q": "volcano", "locale": "en", "limit": 5})

    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "volcano"
    assert data["locale"] == "en"
    assert data["count"] == 12
    assert len(data["items"]) == 5
    item = data["items"][0]
    assert item["type"] == "newspage"
    assert item["type_label"] == "News item"
    assert absolute_path(item["url"]).startswith("/en/cities/")
    assert "<mark>volcano</mark>" in item["excerpt_html"]
    assert item["language"] == "en"
    assert [facet["name"] for facet in data["facets"]] == [
        "type",
        "city",
        "country",
        "topic",
        "year",
    ]
    assert data["facets"][1]["values"][0]["label"] == "Clermont-Ferrand"
    assert data["facets"][1]["values"][0]["count"] == 12
    assert data["notice"] == ""


def test_search_pages_with_limit_and_offset(volcanoes, client):
    first = client.get("/api/v3/search/", {"q": "volcano", "limit": 10}).json()
    second = client.get("/api/v3/search/", {"q": "volcano", "limit": 10, "offset": 10}).json()

    assert len(first["items"]) == 10
    assert len(second["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_search_filters_by_facet(volcanoes, client):
    data = client.get(
        "/api/v3/search/", {"q": "volcano", "city": volcanoes.slug, "type": "citypage"}
    ).json()

    assert data["count"] == 0
    assert [v["value"] for v in data["facets"][0]["values"]] == ["newspage"]


def test_search_in_another_locale(volcanoes, client):
    page = publish(StandardPageFactory(parent=volcanoes.get_parent().get_parent(), title="Lava"))
    translate(page, "fr", title="Lave", body=body("La lave du volcan."))

    data = client.get("/api/v3/search/", {"q": "lave", "locale": "fr"}).json()

    assert [item["title"] for item in data["items"]] == ["Lave"]
    assert absolute_path(data["items"][0]["url"]).startswith("/fr/")


@pytest.mark.parametrize(
    "params, name",
    [
        ({"q": "volcano", "locale": "xx"}, "locale"),
        ({"q": "volcano", "type": "spaceship"}, "type"),
        ({"q": "volcano", "year": "soon"}, "year"),
        ({"q": "volcano", "year": 99999}, "year"),
        ({"q": "volcano", "limit": 500}, "limit"),
        ({"q": "volcano", "offset": -1}, "offset"),
        ({"q": "volcano", "city": "atlantis"}, "city"),
        ({"q": "volcano", "country": "ZZ"}, "country"),
        ({"q": "volcano", "topic": "nothing"}, "topic"),
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "!!!"}, "q"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(volcanoes, client, params, name):
    response = client.get("/api/v3/search/", params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [error["loc"][-1] for error in response.json()["errors"]] == [name]


def test_autocomplete_suggests_titles(volcanoes, client):
    response = client.get("/api/v3/search/autocomplete/", {"q": "volc", "limit": 3})

    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 3
    assert all(item["title"].startswith("Volcano news") for item in items)
    assert all(absolute_path(item["url"]).startswith("/en/") for item in items)


def test_autocomplete_of_nothing_suggests_nothing(volcanoes, client):
    response = client.get("/api/v3/search/autocomplete/", {"q": "", "locale": "en"})

    assert response.json() == {"query": "", "items": []}


def test_autocomplete_rejects_an_unknown_locale(volcanoes, client):
    response = client.get("/api/v3/search/autocomplete/", {"q": "volc", "locale": "tlh"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == ["query", "locale"]


def test_the_endpoints_are_described_in_the_openapi_document(client, db):
    paths = client.get("/api/v3/openapi.json").json()["paths"]

    assert "/api/v3/search/" in paths
    assert "/api/v3/search/autocomplete/" in paths


def test_search_takes_a_fixed_number_of_queries(volcanoes, client, django_assert_num_queries):
    client.get("/api/v3/search/", {"q": "volcano"})  # the first request fills the caches
    # docs/README-search.md states them: PostgreSQL's backend reads its configurations.
    with django_assert_num_queries({"sqlite": 9, "postgresql": 7}[connection.vendor]):
        client.get("/api/v3/search/", {"q": "volcano", "limit": 12})
