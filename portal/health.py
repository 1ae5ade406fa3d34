"""``/health/``: whether this app server can serve, for load balancers and operators.

Answers 200 ``{"status": "ok", ...}`` when the database answers and the cache keeps a
value; 503 with the failing check named (``"database": "down: OperationalError"``)
otherwise. A Redis outage makes it 503 although pages are still served (from the
database): the operator should know, and a balancer may keep the server in rotation
by probing pages instead. Never cached; exempt from the HTTPS redirect.
"""

import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"health:{secrets.token_hex(8)}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise ConnectionError("the cache did not keep a value")
    cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
@require_GET
def health(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure is reported, never raised
            results[name] = f"down: {type(error).__name__}"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )
