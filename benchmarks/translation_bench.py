"""Submitting for translation: one page, then a 50-page subtree, into 12 locales.

Measures what a person waits for after pressing "Submit" in wagtail-localize's
"Translate this page" form (the portal's narrowed view, through the test client):
the time and the number of queries, on SQLite and on PostgreSQL. Background tasks
(search index, reference index, the subtree job) run at once, as with the immediate
django-tasks backend: the subtree's time is what the worker spends on it when
``TASKS_BACKEND=database``. Every page's body
uses every block type of the content model (as in tests/test_translation_blocks.py).

* one page: a city page submitted into the 12 other locales (12 draft translations,
  the people of its body submitted along, parents copied as aliases);
* a 50-page subtree: a city page with 49 news pages under it, submitted with
  "Include subtree" into the same 12 locales (600 draft pages).

Each backend runs in a process of its own, in a database created for the run and
dropped after it: SQLite in memory, PostgreSQL on ``BENCH_DATABASE_URL`` (default
postgres://postgres@127.0.0.1:5432/postgres) in ``BENCH_TRANSLATION_DATABASE_NAME``
(default portal_translation_bench); PostgreSQL is skipped, with a message, when it
is not reachable. ``python -m benchmarks.translation_bench`` runs it alone.
"""

import os
import time

from benchmarks.backends import QueryCounter, backends, main, run_backend

DATABASE_NAME = os.environ.get("BENCH_TRANSLATION_DATABASE_NAME", "portal_translation_bench")
SUBTREE_PAGES = 50


def _measure(connection):
    import json as json_module

    from django.test import Client
    from django.urls import reverse

    from wagtail.models import Locale, Page

    from home.skeleton import ensure_home, ensure_locales, ensure_sections
    from network.factories import NewsPageFactory
    from network.models import CityIndexPage
    from tests.translation_helpers import Linked, body_blocks, full_city_page, make_user

    ensure_locales()
    home = ensure_home()
    sections = ensure_sections(home)
    cities = sections[CityIndexPage]
    single = full_city_page(cities)
    root = full_city_page(cities)
    linked = Linked(cities)
    for _ in range(SUBTREE_PAGES - 1):
        news = NewsPageFactory(parent=root, body=json_module.dumps(body_blocks(linked, False)))
        news.save_revision().publish()

    targets = [locale.pk for locale in Locale.objects.exclude(pk=single.locale_id)]
    client = Client()
    client.force_login(make_user("bench", superuser=True))

    results = []
    for label, page, data in [
        ("one page", single, {}),
        (f"{SUBTREE_PAGES}-page subtree", root, {"include_subtree": "on"}),
    ]:
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        pages = page.get_descendants(inclusive=True).count()
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            started = time.perf_counter()
            response = client.post(url, {"locales": targets, **data})
            seconds = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        keys = page.get_descendants(inclusive=True).values("translation_key")
        made = (
            Page.objects.filter(translation_key__in=keys, alias_of__isnull=True)
            .exclude(locale_id=page.locale_id)
            .count()
        )
        assert made == pages * len(targets), (made, pages, len(targets))
        results.append(
            {
                "case": label,
                "pages": pages,
                "locales": len(targets),
                "seconds": seconds,
                "queries": queries.count,
            }
        )
    return {"backend": connection.vendor, "results": results}


def run():
    """Print time and queries to submit one page and a 50-page subtree into 12 locales."""
    print(
        f"{'submit for translation':<24}{'backend':<12}{'pages':>6}{'locales':>8}"
        f"{'seconds':>9}{'queries':>9}{'ms/page/locale':>16}{'queries/page/locale':>21}"
    )
    failed = False
    for label, url in backends(DATABASE_NAME):
        report = run_backend("benchmarks.translation_bench", label, url)
        if report is None:
            failed = True
            continue
        for result in report["results"]:
            per = result["pages"] * result["locales"]
            print(
                f"{result['case']:<24}{label:<12}{result['pages']:>6}{result['locales']:>8}"
                f"{result['seconds']:>9.2f}{result['queries']:>9}"
                f"{1000 * result['seconds'] / per:>16.1f}{result['queries'] / per:>21.1f}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    main(_measure, run)
