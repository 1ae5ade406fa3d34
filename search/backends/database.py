"""The database search backend: chosen by the database vendor, like modelsearch's own.

Use it as ``"BACKEND": "search.backends.database"`` in ``WAGTAILSEARCH_BACKENDS``.
"""

from django.db import connection

from modelsearch.backends.database import SearchBackend as stock_database_backend


def SearchBackend(params):  # noqa: N802 - modelsearch looks the factory up by this name
    """The portal's backend for the default database's vendor (PostgreSQL, SQLite FTS5),
    or modelsearch's own for any other."""
    if connection.vendor == "postgresql":
        # Each vendor's backend is imported only on that vendor's database.
        from .postgres import PortalPostgresSearchBackend

        return PortalPostgresSearchBackend(params)

    stock = stock_database_backend(params)
    if connection.vendor == "sqlite":
        # As above: the SQLite backends only on SQLite.
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(stock, SQLiteSearchBackend):
            # FTS5 is there: the portal's own SQLite backend.
            from .sqlite import PortalSQLiteSearchBackend

            return PortalSQLiteSearchBackend(params)
    return stock
