"""What the benchmarks that compare SQLite and PostgreSQL share.

Each backend is measured in a process of its own (``python -m benchmarks.<name>
--measure``), in a throwaway test database: SQLite in memory, PostgreSQL on
``BENCH_DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/postgres) in a
database named by the benchmark. The child prints its results as JSON on its last line.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def postgres_reachable():
    try:
        import psycopg

        with psycopg.connect(SERVER_URL, connect_timeout=3):
            return True
    except Exception as error:  # noqa: BLE001 - any failure means "skip PostgreSQL"
        print(f"  PostgreSQL skipped: {SERVER_URL} is not reachable ({error.__class__.__name__})")
        return False


def backends(database_name):
    """``[(label, DATABASE_URL)]``: SQLite, and PostgreSQL when it answers."""
    found = [("SQLite", "")]
    if postgres_reachable():
        parts = urlsplit(SERVER_URL)
        found.append(("PostgreSQL", urlunsplit(parts._replace(path=f"/{database_name}"))))
    return found


class QueryCounter:
    """Counts every query the connection runs (no cap, unlike the debug query log)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def in_test_database(measure):
    """In the child process: run ``measure(connection)`` in a fresh test database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return measure(connection)
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)


def run_backend(module, label, database_url):
    """Run ``python -m <module> --measure`` on one database; its JSON, or None (printed)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    if database_url:
        env["DATABASE_URL"] = database_url
    completed = subprocess.run(  # noqa: S603 - a module of ours, fixed arguments
        [sys.executable, "-m", module, "--measure"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        print(f"  {label} failed:\n{completed.stderr[-3000:]}")
        return None
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(measure, run):
    """A benchmark's entry point: ``--measure`` (the child) measures one backend in a
    throwaway test database and prints JSON; otherwise ``run`` compares the backends."""
    if "--measure" in sys.argv:
        print(json.dumps(in_test_database(measure)))
    else:
        sys.exit(run())
