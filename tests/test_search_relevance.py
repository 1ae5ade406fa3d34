"""The relevance set (tests/search_relevance.toml): do visitors find what they look for?

Each query of a network runs through the portal's search, in the visitor's language,
as the search page runs it; the test prints every miss with what came first instead,
and asserts the pass rate: at least 95% on PostgreSQL and on SQLite alike (both stem
each language with the same Snowball algorithms), and that the set covers the
inflected forms of every stemmed language the issue names and the Michelin sites.
"""

import tomllib
from pathlib import Path

from django.db import connection

from wagtail.models import Page

from network.models import Topic
from search.service import PortalSearch
from tests.search_helpers import build_fixture_network, locale

RELEVANCE_SET = tomllib.loads(Path(__file__).with_name("search_relevance.toml").read_text())
SETTINGS = RELEVANCE_SET["settings"]


def queries_of(network):
    return [query for query in RELEVANCE_SET.get("query", []) if query["network"] == network]


def identify(matches):
    """The relevance-set identifiers of some matches (English slug, or topic:<slug>)."""
    page_keys = dict(
        Page.objects.filter(pk__in=[m.pk for m in matches if m.source == "page"]).values_list(
            "pk", "translation_key"
        )
    )
    english = dict(
        Page.objects.filter(
            translation_key__in=page_keys.values(), locale__language_code="en"
        ).values_list("translation_key", "slug")
    )
    topics = dict(
        Topic.objects.filter(pk__in=[m.pk for m in matches if m.source == "topic"]).values_list(
            "pk", "slug"
        )
    )
    identifiers = []
    for match in matches:
        if match.source == "page":
            identifiers.append(english.get(page_keys.get(match.pk), f"page:{match.pk}"))
        elif match.source == "topic":
            identifiers.append(f"topic:{topics[match.pk]}")
        else:
            identifiers.append(f"{match.source}:{match.pk}")
    return identifiers


def evaluate(queries):
    """(passed, misses) of the queries against what is in the database now."""
    passed, misses = 0, []
    for query in queries:
        top = query.get("top", SETTINGS["top"])
        outcome = PortalSearch(query["q"], locale(query["language"])).run(record=False)
        found = identify(outcome.results[:top])
        expected = query["expect"]
        hit = [identifier in found for identifier in expected]
        if all(hit) if query.get("match", "all") == "all" else any(hit):
            passed += 1
        else:
            misses.append(
                f"[{query['language']}] {query['q']!r}: expected {expected}, got {found}"
            )
    return passed, misses


def assert_pass_rate(queries):
    assert len(queries) >= SETTINGS["minimum_queries"], (
        f"the relevance set needs at least {SETTINGS['minimum_queries']} queries"
    )
    assert {query["language"] for query in queries} >= {"en", "fr", "es", "de", "ja", "zh-hans"}
    passed, misses = evaluate(queries)
    rate = passed / len(queries)
    threshold = SETTINGS["threshold"][
        "postgresql" if connection.vendor == "postgresql" else "sqlite"
    ]
    print(f"\nRelevance on {connection.vendor}: {passed}/{len(queries)} = {rate:.0%}")
    for miss in misses:
        print("  MISS", miss)
    assert rate >= threshold, f"{rate:.0%} of the relevance set passed; {threshold:.0%} needed"


def test_the_set_covers_inflections_in_every_stemmed_language_and_michelin_sites():
    notes = [(query["language"], query.get("note", "")) for query in RELEVANCE_SET["query"]]
    inflected = {language for language, note in notes if note.startswith("inflected")}
    verbs = {language for language, note in notes if note.startswith("inflected (verb)")}
    assert inflected >= {"en", "fr", "es", "de", "it", "pt-br"}
    assert verbs >= {"en", "fr", "es", "de", "it", "pt-br"}
    assert sum(note.startswith("site") for _language, note in notes) >= 10


def test_relevance_of_the_fixture_network(portal):
    build_fixture_network(portal)
    assert_pass_rate(queries_of("fixture"))


def test_relevance_of_the_demo_network(db):
    queries = queries_of("demo")
    from django.core.management import call_command

    call_command("load_demo_network", verbosity=0)
    assert_pass_rate(queries)
