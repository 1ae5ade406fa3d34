"""How fast the portal answers, against a static file served by the same server.

Loads the demo network into a throw-away SQLite database, starts two servers on
127.0.0.1 (``manage.py runserver`` with the development settings): one as deployed,
with the API's server-side cache, and one whose API cache keeps nothing
(``API_CACHE_TIMEOUT=0``), so every API answer is built afresh. Then it times
sequential requests to each URL and prints the median, the 90th percentile and the
ratio to the median of a static CSS file from the same server in the same run.

Then, in a throwaway test database on each backend (SQLite in memory; PostgreSQL on
``BENCH_DATABASE_URL``, default postgres://postgres@127.0.0.1:5432/postgres, in
``BENCH_API_DATABASE_NAME``, default portal_api_bench; skipped with a message when it
does not answer), it builds the portal's skeleton with ``BENCH_API_NEWS`` (default
1,000) news pages beside a view-restricted section, and prints the queries each API
listing runs at 10 and at 100 items (v2 and v3), and on PostgreSQL the ``EXPLAIN
(ANALYZE)`` plans of the v3 pages listing's count and page queries (with their
view-restriction checks), before and after ``ANALYZE``.

    python -m benchmarks.api_bench [--requests 200] [--queries-only]
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.backends import QueryCounter, backends, in_test_database, run_backend

ROOT = Path(__file__).resolve().parent.parent
STATIC = "/static/css/site.css"
URLS = [
    ("static CSS file (baseline)", STATIC),
    ("home page (HTML)", "/en/"),
    ("city directory (HTML)", "/en/cities/"),
    ("API: cities, 50, all fields", "/api/v3/cities/?limit=50&fields=*"),
    ("API: cities as GeoJSON", "/api/v3/cities/geojson/"),
    ("API: find a page by path", "/api/v3/content/find/?path=/en/cities/clermont-ferrand/"),
    ("API: news, 20", "/api/v3/news/"),
    ("Wagtail API v3: pages, 20", "/api/v3/pages/"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, quiet=True):
    output = subprocess.DEVNULL if quiet else None
    subprocess.run(  # noqa: S603 - our own manage.py, our arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=output
    )


def wait_until_up(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not start")


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}")
    return elapsed


def measure(port, path, count):
    fetch(port, path)  # the first answer builds renditions and fills caches
    timings = sorted(fetch(port, path) for _ in range(count))
    return statistics.median(timings), timings[int(len(timings) * 0.9) - 1]


DATABASE_NAME = os.environ.get("BENCH_API_DATABASE_NAME", "portal_api_bench")
NEWS = int(os.environ.get("BENCH_API_NEWS", "1000"))
LISTINGS = [
    ("v2 pages, news, fields=*", "/api/v2/pages/?type=network.NewsPage&fields=*&limit={n}"),
    ("v2 pages, news", "/api/v2/pages/?type=network.NewsPage&limit={n}"),
    ("v3 pages, news", "/api/v3/pages/?type=network.NewsPage&limit={n}"),
    ("v3 content, news, fields=*", "/api/v3/content/?type=network.NewsPage&fields=*&limit={n}"),
    ("v3 news, fields=*", "/api/v3/news/?fields=*&limit={n}"),
]
PLANNED = "/api/v3/pages/?type=network.NewsPage&limit=20"


def _build(count):
    """The skeleton, ``count`` news pages and a view-restricted section with children."""
    import datetime

    from wagtail.models import PageViewRestriction

    from home.skeleton import ensure_home, ensure_locales, ensure_roots, ensure_sections
    from network.models import NewsIndexPage, NewsPage, StandardPage

    ensure_locales()
    ensure_roots()
    home = ensure_home()
    ensure_sections(home)
    news_index = NewsIndexPage.objects.get(locale=home.locale)
    day = datetime.date(2020, 1, 1)
    for i in range(count):
        news_index.add_child(
            instance=NewsPage(
                title=f"News {i}", slug=f"news-{i}", date=day + datetime.timedelta(days=i)
            )
        )
    members = home.add_child(instance=StandardPage(title="Members only", slug="members"))
    for i in range(5):
        members.add_child(instance=StandardPage(title=f"Minutes {i}", slug=f"minutes-{i}"))
    PageViewRestriction.objects.create(page=members, restriction_type="login")


def _count(connection, client, url):
    from network.api.caching import bump_generation

    client.get(url)
    bump_generation()  # rendered again, not served from the API's cache
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return counter.count


def _plans(connection, client):
    """The EXPLAIN (ANALYZE) plans of the count and the page of ``PLANNED``."""
    from django.test.utils import CaptureQueriesContext

    from network.api.caching import bump_generation

    bump_generation()
    with CaptureQueriesContext(connection) as captured:
        client.get(PLANNED)
    sqls = [q["sql"] for q in captured.captured_queries]
    count_sql = next(sql for sql in sqls if sql.startswith("SELECT COUNT(*)"))
    page_sql = next(sql for sql in sqls if " LIMIT " in sql and "wagtailcore_page" in sql)
    plans = {}
    with connection.cursor() as cursor:
        for name, sql in (("count", count_sql), ("page", page_sql)):
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) {sql}")
            plans[name] = [row[0] for row in cursor.fetchall()]
    return plans


def _measure(connection):
    from django.test import Client

    from network.database import analyze

    _build(NEWS)
    client = Client()
    report = {"news": NEWS, "vendor": connection.vendor}
    if connection.vendor == "postgresql":
        report["before_analyze"] = _plans(connection, client)
        analyze()
        report["after_analyze"] = _plans(connection, client)
    report["queries"] = [
        (
            label,
            _count(connection, client, url.format(n=10)),
            _count(connection, client, url.format(n=100)),
        )
        for label, url in LISTINGS
    ]
    return report


def queries_and_plans():
    print(f"\nQueries per API listing, {NEWS} news pages in a throwaway database:")
    for label, url in backends(DATABASE_NAME):
        report = run_backend("benchmarks.api_bench", label, url)
        if report is None:
            continue
        print(f"\n{label}:")
        print(f"  {'listing':<32} {'10 items':>9} {'100 items':>10}")
        for name, small, large in report["queries"]:
            print(f"  {name:<32} {small:>9} {large:>10}")
        for moment in ("before_analyze", "after_analyze"):
            if moment not in report:
                continue
            for name, lines in report[moment].items():
                when = moment.replace("_", " ")
                print(f"\n  EXPLAIN (ANALYZE) of {PLANNED}, its {name} query, {when}:")
                for line in lines:
                    print(f"    {line}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per URL")
    parser.add_argument(
        "--queries-only", action="store_true", help="only the queries per listing and the plans"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        import json

        print(json.dumps(in_test_database(_measure)))
        return 0
    if args.queries_only:
        queries_and_plans()
        return 0

    with tempfile.TemporaryDirectory(prefix="portal-bench-") as var_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "PORTAL_VAR_DIR": var_dir,
            "LOG_LEVEL": "ERROR",
        }
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        print("Setting up a throw-away SQLite database with the demo network ...", flush=True)
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo_network", quiet=False)

        servers = {}
        for label, extra in (("cached", {}), ("uncached", {"API_CACHE_TIMEOUT": "0"})):
            port = free_port()
            process = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=ROOT,
                env={**env, **extra},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers[label] = (port, process)
        try:
            for port, _process in servers.values():
                wait_until_up(port)
            for label, (port, _process) in servers.items():
                print(
                    f"\n{label} server (API cache {'on' if label == 'cached' else 'off'}), "
                    f"{args.requests} sequential requests per URL:"
                )
                print(f"  {'URL':<40} {'p50 ms':>8} {'p90 ms':>8} {'x static':>9}")
                baseline = None
                for name, path in URLS:
                    p50, p90 = measure(port, path, args.requests)
                    baseline = baseline or p50
                    print(
                        f"  {name:<40} {p50 * 1000:8.2f} {p90 * 1000:8.2f} {p50 / baseline:9.1f}",
                        flush=True,
                    )
        finally:
            for _port, process in servers.values():
                process.terminate()
                process.wait(timeout=10)
    queries_and_plans()
    return 0


if __name__ == "__main__":
    sys.exit(main())
