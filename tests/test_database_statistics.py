"""The setup commands leave PostgreSQL with fresh planner statistics (``ANALYZE``):
without them, right after a load, a listing's count with its view-restriction checks
is planned for empty tables (487 ms instead of 10.7 ms at 1,030 news pages)."""

import io

from django.core.management import call_command
from django.db import connection

import pytest

from network.database import analyze

pytestmark = pytest.mark.django_db

ONLY_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="ANALYZE and pg_stat_user_tables are PostgreSQL's; SQLite keeps no such statistics",
)


def analyze_count(table):
    """How many times PostgreSQL has analysed ``table`` (by hand, not autovacuum)."""
    with connection.cursor() as cursor:
        # Statistics views are read once per transaction unless the snapshot is cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@ONLY_POSTGRESQL
def test_setup_portal_refreshes_the_statistics_of_the_page_table(portal):
    before = analyze_count("wagtailcore_page")
    out = io.StringIO()
    call_command("setup_portal", stdout=out)
    assert analyze_count("wagtailcore_page") > before
    assert "Database statistics refreshed (ANALYZE)." in out.getvalue()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite case")
def test_on_sqlite_setup_portal_runs_no_analyze(portal):
    out = io.StringIO()
    call_command("setup_portal", stdout=out)
    assert analyze() is False
    assert "ANALYZE" not in out.getvalue()
    assert "Portal ready" in out.getvalue()
