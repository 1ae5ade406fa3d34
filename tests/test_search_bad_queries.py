"""Whatever a visitor (or a robot) types, search answers: results or a clear message.

Quotes, boolean operators, backend query syntax, 10,000 characters, control characters
(NUL included), mixed scripts, punctuation alone, broken UTF-8 and lone surrogates in
the URL: the search page answers 200 and the API 200 or a 400 naming ``q``; never 500.
"""

from urllib.parse import quote

from wagtail.contrib.search_promotions.models import Query

import pytest

from network.factories import StandardPageFactory
from search.query import MAX_QUERY_LENGTH
from tests.search_helpers import body, publish, visible_text

SEARCHABLE = "Clermont-Ferrand Zalău 東京会議 เมืองมิชลิน Город Vulcania 2025"

QUERIES = {
    "phrase": '"Clermont-Ferrand Zalău"',
    "unbalanced quote": '"Clermont',
    "empty quotes": '""',
    "typographic quotes": "“Vulcania”",
    "and": "Vulcania AND 2025",
    "or": "Vulcania OR nowhere",
    "dangling or": "Vulcania OR",
    "not": "Vulcania NOT nowhere",
    "minus": "Vulcania -nowhere",
    "only excluded": "-Vulcania",
    "tsquery syntax": "Vulcania & !2025 | 'x':* <-> (y)",
    "fts5 syntax": 'title:Vulcania NEAR(a b) "x"* ^y',
    "elasticsearch syntax": "Vulcania~2 field:value [1 TO 5] /re.*/",
    "sql": "'; DROP TABLE wagtailcore_page; --",
    "wildcards": "Vulc* ?ulcania",
    "backslashes": "\\Vulcania\\ \\\\",
    "10000 characters": "Vulcania " * 1112,
    "one 10000-character word": "M" * 10_000,
    "nul": "Vulca\x00nia",
    "control characters": "\x01\x02\x1b[31mVulcania\x7f\t\r\n",
    "mixed scripts": "Vulcania 東京 เมือง Город",
    "punctuation only": "?!.,;:()[]{}<>*&^%$#@~`|\\/'\"",
    "emoji": "🚲 Vulcania 🛞",
    "zero-width": "Vulca\u200bnia\u200d",
    "right-to-left marks": "\u202eVulcania",
    "whitespace only": " \t ",
}

# Raw query strings: what a browser or robot may send that a str cannot hold.
RAW_QUERIES = {
    "lone surrogate": "%ED%A0%80",
    "lone surrogates around a word": "%ED%A0%80Vulcania%ED%B0%80",
    "truncated UTF-8": "Vulcania%F0%9F",
    "invalid byte": "%FF%FE",
    "nul byte": "%00",
}


@pytest.fixture
def page(portal):
    return publish(
        StandardPageFactory(parent=portal.home, title="Vulcania", body=body(SEARCHABLE))
    )


def assert_answered(response, query):
    """The search page answered with results or with a message saying why not (an
    empty query shows the search form)."""
    assert response.status_code == 200
    text = visible_text(response)
    if not query.strip():
        assert "Search the portal" in text
        return
    assert ("result" in text) or ("letters or digits" in text) or ("exclude" in text), text


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_the_search_page_answers_any_query(page, client, query):
    assert_answered(client.get("/en/search/", {"q": query}), query)


@pytest.mark.parametrize("raw", RAW_QUERIES.values(), ids=RAW_QUERIES.keys())
def test_the_search_page_answers_broken_urls(page, client, raw):
    response = client.get(f"/en/search/?q={raw}")

    assert response.status_code == 200


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_the_api_answers_any_query(page, client, query):
    response = client.get("/api/v3/search/", {"q": query, "locale": "en"})

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response["Content-Type"] == "application/problem+json"
        assert [error["loc"] for error in response.json()["errors"]] == [["query", "q"]]
        assert response.json()["errors"][0]["msg"]


@pytest.mark.parametrize("raw", RAW_QUERIES.values(), ids=RAW_QUERIES.keys())
def test_the_api_answers_broken_urls(page, client, raw):
    search = client.get(f"/api/v3/search/?q={raw}&locale=en")
    suggest = client.get(f"/api/v3/search/autocomplete/?q={raw}&locale=en")

    assert search.status_code in (200, 400)
    assert_answered_or_named_q(suggest)


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_autocomplete_answers_any_query(page, client, query):
    response = client.get("/api/v3/search/autocomplete/", {"q": query, "locale": "en"})

    assert_answered_or_named_q(response)


def assert_answered_or_named_q(response):
    """Suggestions, or (control characters: refused by every API endpoint) a 400 naming q."""
    if response.status_code == 400:
        assert [error["loc"] for error in response.json()["errors"]] == [["query", "q"]]
    else:
        assert response.status_code == 200
        assert isinstance(response.json()["items"], list)


@pytest.mark.parametrize(
    "query",
    [QUERIES["phrase"], QUERIES["or"], QUERIES["not"], QUERIES["mixed scripts"], "東京", "เมือง"],
)
def test_well_formed_queries_find_the_page(page, client, query):
    response = client.get("/api/v3/search/", {"q": query, "locale": "en"})

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Vulcania"]


def test_an_excluded_word_excludes(page, client):
    response = client.get("/api/v3/search/", {"q": "Vulcania -Zalău", "locale": "en"})

    assert response.json()["items"] == []


def test_a_query_with_nothing_to_look_for_is_told_so(page, client):
    page_response = client.get("/en/search/", {"q": QUERIES["punctuation only"]})
    api_response = client.get("/api/v3/search/", {"q": "-Vulcania", "locale": "en"})

    assert "Your search has no letters or digits to look for." in visible_text(page_response)
    assert api_response.status_code == 400
    assert "cannot only exclude" in api_response.json()["errors"][0]["msg"]


def test_a_long_query_is_cut_and_the_visitor_told(page, client):
    long_query = "Vulcania " * 1112
    response = client.get("/en/search/", {"q": long_query})
    api = client.get("/api/v3/search/", {"q": long_query, "locale": "en"}).json()

    assert f"shortened to its first {MAX_QUERY_LENGTH} characters" in visible_text(response)
    assert len(response.context["search_query"]) <= MAX_QUERY_LENGTH
    assert len(api["query"]) <= MAX_QUERY_LENGTH
    assert "shortened" in api["message"]
    # Popular searches record the query as searched, never the 10,000 characters.
    assert all(
        len(q) <= MAX_QUERY_LENGTH for q in Query.objects.values_list("query_string", flat=True)
    )


def test_control_characters_are_dropped_from_the_recorded_query(page, client):
    client.get("/en/search/", {"q": "Vulca\x00nia\x1b"})

    assert list(Query.objects.values_list("query_string", flat=True)) == ["vulca nia"]


def test_broken_utf8_around_a_word_still_finds_the_page(page, client):
    response = client.get(f"/en/search/?q=%ED%A0%80{quote('Vulcania')}%F0%9F")

    assert response.status_code == 200
    assert "1 result" in visible_text(response)
