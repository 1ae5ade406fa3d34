"""``values_in(values)``: ``column IN (...)`` over a list given as *one* parameter (an
array on PostgreSQL, a JSON list on SQLite), not one placeholder per value, for
PostgreSQL and SQLite alike: a search passes ids from one query to the next, and a
thousand placeholders cost more to build, send and plan than the lookup itself.
"""

import json
import uuid

from django.db import connection
from django.db.models.expressions import RawSQL


def _plain(value):
    return value.hex if isinstance(value, uuid.UUID) else value


def values_in(values, db_type="integer"):
    """A subquery of the given values, for ``field__in=values_in(...)``.

    ``db_type`` is the PostgreSQL type of the values (``integer``, ``text``, ``uuid``).
    """
    values = list(values)
    if connection.vendor == "postgresql":
        return RawSQL(f"SELECT unnest(%s::{db_type}[])", [values])  # noqa: S611 - type is ours
    # SQLite stores UUIDs as 32 hexadecimal characters.
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps([_plain(v) for v in values])])
