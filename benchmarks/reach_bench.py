"""The numbers page and the open data files, against a static file served by the same
server, and what the content generation's cache saves.

Loads the demo network into a throw-away SQLite database (as ``api_bench`` does), then:

1. starts ``manage.py runserver`` on 127.0.0.1 and times sequential requests to the
   numbers page, a chart's CSV, the open data files and a city page (link preview and
   JSON-LD included), printing the median, the 90th percentile and the ratio to a static
   CSS file of the same server in the same run;
2. in this process, times the numbers page and ``projects.csv`` built from an empty
   cache (as after every publish) and served from it, and prints the ratio.

    python -m benchmarks.reach_bench [--requests 100]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks.api_bench import ROOT, STATIC, free_port, manage, measure, wait_until_up

URLS = [
    ("static CSS file (baseline)", STATIC),
    ("numbers page (HTML)", "/en/numbers/"),
    ("numbers page in Japanese (HTML)", "/ja/numbers/"),
    ("a chart's data (CSV)", "/en/numbers/projects-per-topic.csv"),
    ("open data: cities.geojson", "/opendata/cities.geojson"),
    ("open data: projects.csv", "/opendata/projects.csv"),
    ("open data: calls.ics", "/opendata/calls.ics"),
    ("city page with preview and JSON-LD", "/en/cities/clermont-ferrand/"),
]


def cold_and_warm(count):
    """Median ms of a request built from an empty cache and of one served from it."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    results = []
    for path in ("/en/numbers/", "/opendata/projects.csv"):
        client.get(path)
        cold, warm = [], []
        for _ in range(count):
            cache.clear()
            start = time.perf_counter()
            client.get(path)
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            client.get(path)
            warm.append(time.perf_counter() - start)
        results.append((path, statistics.median(cold), statistics.median(warm)))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per URL")
    args = parser.parse_args(argv)

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

        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own manage.py, our arguments
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(port)
            print(f"\n{args.requests} sequential requests per URL (content cache warm):")
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
            server.terminate()
            server.wait(timeout=10)

        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        count = max(args.requests // 5, 5)
        print(f"\nIn process, {count} times each: built after a publish vs served from cache")
        print(f"  {'URL':<40} {'cold ms':>8} {'warm ms':>8} {'ratio':>9}")
        for path, cold, warm in cold_and_warm(count):
            print(f"  {path:<40} {cold * 1000:8.2f} {warm * 1000:8.2f} {cold / warm:9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
