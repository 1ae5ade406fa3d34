"""Database upkeep the portal's setup commands share.

PostgreSQL plans a query from the statistics ``ANALYZE`` gathers. Autovacuum gathers
them only after enough rows have changed and some time has passed, so right after a
bulk load (the demo network, a restored dump, a first deploy) the planner still
believes the tables are empty and picks plans that are fine for ten rows and slow for
a thousand: the count of a v3 listing with its view-restriction checks took 487 ms at
1,030 news pages before ``ANALYZE`` and 10.7 ms after. ``load_demo_network`` and
``setup_portal`` (run on every deploy) therefore end with :func:`analyze`.
"""

from django.db import connections


def analyze(using="default"):
    """Refresh the planner's statistics of every table (PostgreSQL ``ANALYZE``).

    Returns True when it ran; on other databases (SQLite plans without gathered
    statistics unless asked, and the portal's queries do not need them there) it does
    nothing and returns False. Run it outside a transaction that is still loading
    rows: ``ANALYZE`` samples what is committed (and the current transaction's rows).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
