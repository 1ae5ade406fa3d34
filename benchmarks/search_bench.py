"""Search at scale: 10,000 pages in the 13 languages, on PostgreSQL and on SQLite.

In one run, in a database of its own (created, then dropped):

1. builds the pages in bulk (``benchmarks.search_corpus``: rows inserted directly, not
   page by page through revisions), with words of each language from Faker;
2. builds the search index with ``update_index`` and times it;
3. times searches through the portal's search (``search.service``, what the search
   page runs), through the search page itself (a whole request), and the same query as
   raw SQL on the index table, and prints the percentiles and the ratio.

The portal search timed is the whole of what ``/search/?q=`` computes: the matches,
the facet counts, the promotions, and the first page of results with their highlighted
titles and excerpts. The raw SQL is the same words looked up in the same index, ranked,
top 10: ``plainto_tsquery`` (``phraseto_tsquery`` of the bigrams for CJK and Thai) on
PostgreSQL, the backend's own FTS5 ``MATCH`` string ordered by ``bm25()`` on SQLite.
Both are timed in the same run, query after query, and the ratio of their percentiles
is printed.

Environment: ``BENCH_SEARCH_DATABASE`` (``postgresql``, the default, or ``sqlite``: a
file in a temporary folder), ``BENCH_DATABASE_URL`` (a PostgreSQL server to connect to,
default postgres://postgres@127.0.0.1:5432/postgres), ``BENCH_DATABASE_NAME`` (default
portal_bench), ``BENCH_SEARCH_PAGES`` (default 10000), ``BENCH_KEEP_DATABASE`` (set: keep
the database afterwards, to look into it; on SQLite its path is printed),
``BENCH_REUSE_DATABASE`` (set: search a database a previous run kept, without building
or indexing it again; on SQLite, give the file as ``BENCH_SQLITE_PATH``). Skipped, with
a message, when PostgreSQL is not reachable.
"""

import os
import sys
import time
from collections import Counter
from urllib.parse import urlsplit, urlunsplit

from benchmarks.backends import SERVER_URL
from benchmarks.search_corpus import build_pages, progress

ENGINE = os.environ.get("BENCH_SEARCH_DATABASE", "postgresql")
REUSE = bool(os.environ.get("BENCH_REUSE_DATABASE"))
KEEP = bool(os.environ.get("BENCH_KEEP_DATABASE")) or REUSE
DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "portal_bench")
PAGES = int(os.environ.get("BENCH_SEARCH_PAGES", "10000"))
QUERIES_PER_LANGUAGE = 5
REPEATS = 3


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def database_url(name):
    parts = urlsplit(SERVER_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(psycopg):
    with psycopg.connect(SERVER_URL, autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def drop_database(psycopg):
    with psycopg.connect(SERVER_URL, autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')


def queries_for(code, words):
    """Title words (or, for CJK and Thai, two-character words) that many pages share."""
    from search.text import has_no_space_script

    if code in ("zh-hans", "ja", "th"):
        grams = Counter()
        for word, count in words.items():
            text = "".join(ch for ch in word if has_no_space_script(ch))
            for index in range(len(text) - 1):
                grams[text[index : index + 2]] += count
        return [gram for gram, _count in grams.most_common(QUERIES_PER_LANGUAGE)]
    frequent = [w for w, _c in words.most_common(200) if len(w) >= 4 and w.isalpha()]
    return frequent[:QUERIES_PER_LANGUAGE]


def raw_sql(code, query):
    """The same query, as raw SQL on the index table: its matches, ranked, top 10."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return raw_sqlite(code, query)
    return raw_postgres(code, query)


def raw_postgres(code, query):
    """PostgreSQL: the words' tsquery in the language's configuration, ranked, top 10."""
    from django.conf import settings
    from django.db import connection

    from search.languages import postgres_config
    from search.text import fold, has_no_space_script, query_run_bigrams

    if has_no_space_script(query):
        config, text, function = "simple", " ".join(query_run_bigrams(query)), "phraseto_tsquery"
    else:
        config = postgres_config(code, postgres_config(settings.LANGUAGE_CODE, "simple"))
        text, function = fold(query), "plainto_tsquery"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id FROM wagtailsearch_indexentry "  # noqa: S608 - names are ours
            f"WHERE (title || body) @@ {function}(%s::regconfig, %s) "
            f"ORDER BY ts_rank(title || body, {function}(%s::regconfig, %s)) DESC LIMIT 10",
            [config, text, config, text],
        )
        return cursor.fetchall()


_MATCH_STRINGS = {}


def raw_sqlite(code, query):
    """SQLite: the FTS5 ``MATCH`` string the backend builds for the words in the
    language (built once per query, outside the timing's concern: a string), ordered
    by ``bm25()``, top 10."""
    from django.db import connection

    from wagtail.search.backends import get_search_backend

    if (code, query) not in _MATCH_STRINGS:
        from wagtail.models import Page

        from search.query import parse_query

        backend = get_search_backend()
        parsed = parse_query(query).query
        compiler = backend.query_compiler_class(Page.objects.all(), parsed)
        _MATCH_STRINGS[code, query] = compiler.match_expression(
            parsed, (backend.language_for(code),)
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.object_id FROM wagtailsearch_indexentry_fts "
            "JOIN wagtailsearch_indexentry e ON e.id = wagtailsearch_indexentry_fts.rowid "
            "WHERE wagtailsearch_indexentry_fts MATCH %s "
            "ORDER BY bm25(wagtailsearch_indexentry_fts) LIMIT 10",
            [_MATCH_STRINGS[code, query]],
        )
        return cursor.fetchall()


def vocabulary_of_database():
    """{language code: Counter of title words}, read back from a kept database."""
    from wagtail.models import Locale, Page

    vocabulary = {}
    for locale in Locale.objects.all():
        words = Counter()
        for title in Page.objects.filter(locale=locale, depth=4).values_list("title", flat=True):
            words.update(word.strip(".,") for word in title.split())
        vocabulary[locale.language_code] = words
    return vocabulary


def time_searches(vocabulary):
    from django.test import Client

    from wagtail.models import Locale

    from search.service import PAGE_SIZE, PortalSearch

    client = Client()
    portal, page, raw = [], [], []
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    plan = [(code, q) for code, words in vocabulary.items() for q in queries_for(code, words)]
    total = len(plan) * REPEATS
    done = 0
    for code, query in plan:
        locale = locales[code]
        # Warm up once (caches, query plans); then time.
        PortalSearch(query, locale).run(record=False)
        raw_sql(code, query)
        for _ in range(REPEATS):
            started = time.perf_counter()
            search = PortalSearch(query, locale)
            outcome = search.run(record=False)
            search.hits(outcome.results[:PAGE_SIZE])
            portal.append(time.perf_counter() - started)

            started = time.perf_counter()
            response = client.get(f"/{code}/search/", {"q": query})
            page.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code

            started = time.perf_counter()
            raw_sql(code, query)
            raw.append(time.perf_counter() - started)
            done += 1
            progress("searches", done, total)
    return portal, page, raw


def analyze(connection):
    """Planner statistics, as autovacuum would gather on a live database after bulk work."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def report_line(label, values):
    p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
    print(f"  {label:<44} p50 {p50:8.1f} ms   p99 {p99:8.1f} ms")
    return p50, p99


def setup_postgresql():
    """Point Django at a fresh (or, reusing, the kept) PostgreSQL database; the function
    that drops it afterwards. None when the server is not reachable."""
    try:
        import psycopg

        if not REUSE:
            recreate_database(psycopg)
    except Exception as error:  # no server, no rights: say so and skip
        print(f"search: skipped, PostgreSQL is not reachable at {SERVER_URL} ({error}).")
        print("  Set BENCH_DATABASE_URL to a PostgreSQL server this user may create databases on.")
        return None
    os.environ["DATABASE_URL"] = database_url(DATABASE_NAME)
    return lambda: drop_database(psycopg)


def setup_sqlite():
    """Point Django at a fresh (or, reusing, the kept) SQLite file; the function that
    removes it afterwards."""
    import shutil
    import tempfile
    from pathlib import Path

    path = os.environ.get("BENCH_SQLITE_PATH")
    if path is None:
        folder = Path(tempfile.mkdtemp(prefix="portal-search-bench-"))
        path = str(folder / "bench.sqlite3")

        def cleanup():
            shutil.rmtree(folder, ignore_errors=True)

    else:

        def cleanup():
            for suffix in ("", "-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)

        if not REUSE:
            cleanup()
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["BENCH_SQLITE_PATH"] = path
    return cleanup


def run():
    cleanup = setup_sqlite() if ENGINE == "sqlite" else setup_postgresql()
    if cleanup is None:
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    settings.DEBUG = False  # no query log: it would be timed too
    vendor = connection.vendor
    where = DATABASE_NAME if vendor == "postgresql" else os.environ["BENCH_SQLITE_PATH"]
    try:
        print(f"Search benchmark: {PAGES:,} pages on {vendor}, database {where}")
        if REUSE:
            from wagtail.models import Page

            vocabulary = vocabulary_of_database()
            count, indexed_in = Page.objects.filter(depth__gt=1).count(), None
            print(f"  reusing {count:,} pages, already indexed")
        else:
            print("  migrating ...", flush=True)
            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            count, vocabulary = build_pages(PAGES)
            built_in = time.perf_counter() - started
            print(f"  {count:,} pages in {len(vocabulary)} languages built in {built_in:.1f} s")
            analyze(connection)

            print("  indexing (update_index) ...", flush=True)
            started = time.perf_counter()
            call_command("update_index", backend_name="default", chunk_size=1000, verbosity=1)
            indexed_in = time.perf_counter() - started
            analyze(connection)

        portal, page, raw = time_searches(vocabulary)
        version = (
            f"postgresql {connection.pg_version // 10000}"
            if vendor == "postgresql"
            else f"sqlite {connection.Database.sqlite_version}"
        )
        print()
        print(f"Search benchmark results ({version})")
        print(f"  {'pages indexed':<44} {count:,} in {len(vocabulary)} languages")
        if indexed_in is not None:
            print(
                f"  {'index build (update_index)':<44} {indexed_in:.1f} s"
                f" ({count / indexed_in:,.0f} pages/s)"
            )
        searches = len(portal)
        portal_p = report_line(f"portal search, as the view ({searches} searches)", portal)
        report_line("search page, whole request", page)
        raw_p = report_line("same query, raw SQL on the index table", raw)
        print(
            f"  {'ratio portal search / raw SQL':<44} p50 {portal_p[0] / raw_p[0]:6.1f}×"
            f"        p99 {portal_p[1] / raw_p[1]:6.1f}×"
        )
    finally:
        connections.close_all()
        if KEEP:
            print(f"  kept the database {where}")
        else:
            cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(run())
