"""How fast the portal answers, against a static file served by the same server.

Loads the demo network into a throw-away SQLite database, starts two servers on
127.0.0.1 (``manage.py runserver`` with the development settings): one as deployed,
with the API's server-side cache, and one whose API cache keeps nothing
(``API_CACHE_TIMEOUT=0``), so every API answer is built afresh. Then it times
sequential requests to each URL and prints the median, the 90th percentile and the
ratio to the median of a static CSS file from the same server in the same run.

    python -m benchmarks.api_bench [--requests 200]
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per URL")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
