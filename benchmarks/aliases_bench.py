"""Untranslated pages with thirteen languages: automatic aliases vs aliases on demand.

What a page costs in the 12 other languages before anyone translates it:

* **automatic aliases** (what the portal does *not* do): at publish, one alias page per
  other locale (Wagtail's ``copy_for_translation(alias=True)``, as wagtail-localize
  makes them), with their parents already aliased; then every later publish of the
  source updates its 12 aliases. Time and queries of both.
* **on demand** (what the portal does, ``network.aliases``): nothing at publish; each
  visit to an alias address routes through the source tree. Time (median of several
  requests through the test client) and queries of serving a page as an alias,
  compared with serving a real translation: in a language with no pages at all
  (``/de/…``), and in one whose home and directory are translated but not the page
  (``/fr/villes/…``). A wagtail-localize alias row (``/es/…``) is served for
  comparison.

Each backend runs in a process of its own, in a throwaway database: SQLite in memory,
PostgreSQL on ``BENCH_DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/postgres)
in ``BENCH_ALIASES_DATABASE_NAME`` (default portal_aliases_bench); PostgreSQL is
skipped, with a message, when it is not reachable.
``python -m benchmarks.aliases_bench`` runs it alone.
"""

import os
import statistics
import time

from benchmarks.backends import QueryCounter, backends, main, run_backend

DATABASE_NAME = os.environ.get("BENCH_ALIASES_DATABASE_NAME", "portal_aliases_bench")
REQUESTS = 15


def _timed(connection, action):
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        started = time.perf_counter()
        result = action()
        seconds = time.perf_counter() - started
    return result, seconds, queries.count


def _serve(connection, client, url):
    """Median time and the queries of GET ``url`` (after one warm-up request)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(REQUESTS):
        response, seconds, queries = _timed(connection, lambda: client.get(url))
        assert response.status_code == 200, (url, response.status_code)
        times.append(seconds)
    return {"url": url, "ms": 1000 * statistics.median(times), "queries": queries}


def _measure(connection):
    from django.core.cache import cache
    from django.test import Client

    from wagtail.models import Locale, Page

    from home.skeleton import ensure_home, ensure_locales, ensure_sections
    from network.factories import CityPageFactory
    from network.models import CityIndexPage

    ensure_locales()
    home = ensure_home()
    cities = ensure_sections(home)[CityIndexPage]
    others = list(Locale.objects.exclude(pk=home.locale_id).order_by("language_code"))

    # Automatic aliases. A first page aliases the parents (home, directory) once.
    first = CityPageFactory(parent=cities)
    for locale in others:
        first.copy_for_translation(locale, copy_parents=True, alias=True)
    new = CityPageFactory(parent=cities)

    def alias_everywhere():
        for locale in others:
            new.copy_for_translation(locale, alias=True)

    _result, create_seconds, create_queries = _timed(connection, alias_everywhere)
    _result, publish_seconds, publish_queries = _timed(
        connection, lambda: new.save_revision().publish()
    )
    plain = CityPageFactory(parent=cities)
    _result, plain_seconds, plain_queries = _timed(
        connection, lambda: plain.save_revision().publish()
    )
    automatic = {
        "locales": len(others),
        "create_ms": 1000 * create_seconds,
        "create_queries": create_queries,
        "publish_with_aliases_ms": 1000 * publish_seconds,
        "publish_with_aliases_queries": publish_queries,
        "publish_without_aliases_ms": 1000 * plain_seconds,
        "publish_without_aliases_queries": plain_queries,
    }

    # On demand: French home and directory translated (another slug), one city
    # translated, another not; German has no page at all.
    french = Locale.objects.get(language_code="fr")
    german_site = Locale.objects.get(language_code="de")
    # Start these two languages without the aliases made above.
    Page.objects.filter(locale__in=[french, german_site], depth=2).delete()
    home.refresh_from_db()
    cities.refresh_from_db()
    fr_home = home.copy_for_translation(french)
    fr_home.save_revision().publish()
    fr_cities = cities.copy_for_translation(french)
    fr_cities.slug = "villes"
    fr_cities.save_revision().publish()
    translated = CityPageFactory(parent=cities)
    fr_city = translated.copy_for_translation(french)
    fr_city.save_revision().publish()
    untranslated = CityPageFactory(parent=cities)
    spanish_alias = untranslated.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=True, alias=True
    )

    cache.clear()
    client = Client()
    served = {
        "translated page (/fr/villes/…)": _serve(connection, client, fr_city.get_url()),
        "alias, language with its home (/fr/villes/…)": _serve(
            connection, client, f"/fr/villes/{untranslated.slug}/"
        ),
        "alias, language with no page (/de/…)": _serve(
            connection, client, f"/de/cities/{untranslated.slug}/"
        ),
        "source page (/en/…)": _serve(connection, client, untranslated.get_url()),
        "wagtail-localize alias row (/es/…)": _serve(connection, client, spanish_alias.get_url()),
    }
    return {"backend": connection.vendor, "automatic": automatic, "served": served}


def run():
    """Print both costs, and their ratios, for each backend."""
    failed = False
    for label, url in backends(DATABASE_NAME):
        report = run_backend("benchmarks.aliases_bench", label, url)
        if report is None:
            failed = True
            continue
        auto = report["automatic"]
        print(f"{label}: automatic aliases of one new page in {auto['locales']} locales")
        rows = [
            (f"create the {auto['locales']} aliases", "create"),
            ("publish, source with aliases", "publish_with_aliases"),
            ("publish, source without aliases", "publish_without_aliases"),
        ]
        for name, key in rows:
            print(f"  {name:<34}{auto[key + '_ms']:>9.1f} ms{auto[key + '_queries']:>7} queries")
        create_vs_publish = auto["create_ms"] / auto["publish_without_aliases_ms"]
        print(f"  creating the aliases: ×{create_vs_publish:.1f} the time of a plain publish")
        ratio_ms = auto["publish_with_aliases_ms"] / auto["publish_without_aliases_ms"]
        ratio_q = auto["publish_with_aliases_queries"] / auto["publish_without_aliases_queries"]
        print(f"  every publish with aliases: ×{ratio_ms:.1f} time, ×{ratio_q:.1f} queries")
        print(f"{label}: on demand (0 ms, 0 queries at publish); serving, median of {REQUESTS}")
        base = report["served"]["translated page (/fr/villes/…)"]
        for case, result in report["served"].items():
            print(
                f"  {case:<46}{result['ms']:>8.1f} ms{result['queries']:>5} queries"
                f"   ×{result['ms'] / base['ms']:.2f} time, "
                f"{result['queries'] - base['queries']:+d} queries vs translated"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    main(_measure, run)
