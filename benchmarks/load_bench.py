"""Load on the production start: `make serve-prod` (gunicorn, worker, scheduler) with the
demo network, under CONNECTIONS concurrent connections for DURATION seconds per endpoint.

Prints one table: per endpoint (the public pages, search, the API listings of v3 and
v2; benchmarks/page_queries.py), requests per second, the median and 99th percentile
latency, the errors (non-2xx answers, socket errors), req/s as a ratio to a static file
served by the same stack in the same run, and the queries the endpoint costs uncached
(right after a publish). The load comes from wrk where it is installed
(`apt-get install wrk`), otherwise from a Python generator (threads with keep-alive
connections), which itself takes CPU from the server: compare ratios, not figures.

    python -m benchmarks.load_bench [--duration 60] [--connections 64] [--database sqlite]

Database: PostgreSQL by default, a database BENCH_LOAD_DATABASE_NAME (portal_load_bench)
created on BENCH_DATABASE_URL's server and dropped afterwards; SQLite when PostgreSQL
does not answer or with ``--database sqlite``.
Redis: BENCH_REDIS_URL (default TEST_REDIS_URL, else none: local-memory caches).
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

from benchmarks.backends import SERVER_URL, postgres_reachable
from tests.stack import ProductionStack, fetch

DATABASE_NAME = os.environ.get("BENCH_LOAD_DATABASE_NAME", "portal_load_bench")


def static_url(stack):
    html = fetch(f"{stack.url}/en/")[2].decode()
    return re.search(r'href="(/static/[^"]+\.css)"', html).group(1)


def run_wrk(url, duration, connections):
    threads = min(connections, os.cpu_count() or 1)
    output = subprocess.run(  # noqa: S603 - Debian's wrk, against 127.0.0.1
        # A slow answer is latency (p99), not an error: wrk's own 2 s timeout would count it.
        ["wrk", "--latency", "--timeout", "30s", f"-t{threads}", f"-c{connections}"]  # noqa: S607
        + [f"-d{duration}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if sockets:
        errors += sum(int(count) for count in sockets.groups())
        print(f"  wrk: {sockets.group(0)}", flush=True)
    return rate, latency("50"), latency("99"), errors


def run_python(url, duration, connections):
    """The same measure with threads, each on its own keep-alive connection."""
    host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
    path = "/" + url.split("//", 1)[1].split("/", 1)[1]
    deadline = time.monotonic() + duration
    latencies, errors, lock = [], [0], threading.Lock()

    def client():
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / duration, statistics.median(latencies), cuts[98], errors[0]


def postgres_database():
    """A fresh database on BENCH_DATABASE_URL's server for the stack, or None."""
    if not postgres_reachable():
        return None
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME}")
        connection.execute(f"CREATE DATABASE {DATABASE_NAME}")
    return urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{DATABASE_NAME}"))


def drop_postgres_database():
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME} WITH (FORCE)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--database",
        choices=["postgres", "sqlite"],
        default="postgres",
        help="the stack's database (PostgreSQL falls back to SQLite when unreachable)",
    )
    args = parser.parse_args()
    load = run_wrk if shutil.which("wrk") else run_python
    redis_url = os.environ.get("BENCH_REDIS_URL", os.environ.get("TEST_REDIS_URL", ""))
    env = {"GUNICORN_ACCESS_LOG": "", "LOG_LEVEL": "WARNING"}
    if redis_url:
        env.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX=f"bench-{uuid.uuid4().hex[:8]}")
    database_url = postgres_database() if args.database == "postgres" else None
    if database_url:
        env["DATABASE_URL"] = database_url
    with tempfile.TemporaryDirectory(prefix="portal-load-") as folder:
        stack = ProductionStack(folder, **env)
        print(f"Starting `make serve-prod` in {folder} (migrations, static files) ...", flush=True)
        stack.start(timeout=900)
        try:
            print("Loading the demo network ...", flush=True)
            stack.manage("load_demo_network", "--verbosity", "0")
            stack.manage("update_index")
            print("Counting each endpoint's queries (uncached) ...", flush=True)
            counted = json.loads(
                stack.python(
                    "-m",
                    "benchmarks.page_queries",
                    ALLOWED_HOSTS="testserver",
                    SECURE_SSL_REDIRECT="0",
                )
            )
            urls = [("static CSS file (baseline)", static_url(stack), 0)] + [
                tuple(row) for row in counted
            ]
            for _label, path, _queries in urls:  # warm every worker's caches
                for _ in range(20):
                    fetch(stack.url + path)
            print(
                f"\n{args.connections} connections, {args.duration} s per URL, "
                f"load from {'wrk' if load is run_wrk else 'Python threads'}, "
                f"database: {'PostgreSQL' if database_url else 'SQLite'}, "
                f"Redis: {'yes' if redis_url else 'no (local memory)'}; "
                "queries: uncached (after a publish), counted in-process\n"
            )
            columns = ("req/s", 9), ("p50 ms", 8), ("p99 ms", 8), ("errors", 7)
            columns += ("ratio", 6), ("queries", 8)
            header = f"{'endpoint':<28} " + " ".join(f"{name:>{width}}" for name, width in columns)
            print(header)
            print("-" * len(header))
            baseline = None
            for label, path, queries in urls:
                rate, p50, p99, errors = load(stack.url + path, args.duration, args.connections)
                baseline = baseline or rate
                print(
                    f"{label:<28} {rate:>9.1f} {p50:>8.1f} {p99:>8.1f} {errors:>7} "
                    f"{rate / baseline:>6.2f} {queries or '-':>8}",
                    flush=True,
                )
        finally:
            stack.stop()
            if database_url:
                drop_postgres_database()


if __name__ == "__main__":
    main()
