"""The endpoints the load benchmark measures, with the queries each costs uncached.

Run by ``benchmarks.load_bench`` with the production stack's environment (same
settings, same database, after the demo network is loaded): finds a live page of each
kind, requests it once to warm what a running worker keeps warm (content types, site
root paths, renditions), starts a new content generation (as a publish does) and counts
the queries of the next request, as tests/test_site_queries.py and
tests/test_api_queries.py do. Prints ``[[label, path, queries], ...]`` as JSON.
"""

import json
import os


def endpoints():
    """``[(label, path)]``: the pages and API listings visitors and clients use most."""
    from network.models import (
        CallForProposalsPage,
        ConferencePage,
        NewsPage,
        ProjectPage,
    )

    def first(model, order="-first_published_at", **filters):
        page = model.objects.live().public().filter(locale__language_code="en", **filters)
        return page.order_by(order).first().url

    news = first(NewsPage)
    return [
        ("home page", "/en/"),
        ("city directory", "/en/cities/"),
        ("a city page", "/en/cities/clermont-ferrand/"),
        ("a project page", first(ProjectPage)),
        ("news index", news.rsplit("/", 2)[0] + "/"),
        ("a news page", news),
        ("a call page", first(CallForProposalsPage, order="-closes_at")),
        ("a conference page", first(ConferencePage)),
        ("search page", "/en/search/?q=mobility"),
        ("API v3: cities, 20", "/api/v3/cities/"),
        ("API v3: news, 20", "/api/v3/news/"),
        ("API v3: pages, news, *", "/api/v3/pages/?type=network.NewsPage&fields=*"),
        ("API v2: pages, news, *", "/api/v2/pages/?type=network.NewsPage&fields=*"),
    ]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from network.api.caching import bump_generation

    client = Client()
    rows = []
    for label, path in endpoints():
        status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{label}: {path} answered {status}")
        bump_generation()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        rows.append([label, path, len(queries)])
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
