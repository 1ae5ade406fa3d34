"""Redis as a cache, never a dependency.

With ``REDIS_URL`` set, Django's cache is django-redis configured by ``redis_cache()``:

* short connect and socket timeouts (``REDIS_CONNECT_TIMEOUT``, ``REDIS_TIMEOUT``), no
  retries, and ``IGNORE_EXCEPTIONS``: an unreachable Redis is a cache miss and a lost
  write, never an error page;
* a per-process breaker (``GuardedConnection``): after one failure, this process stops
  asking Redis for ``REDIS_RETRY_AFTER`` seconds, so a frozen Redis costs one timeout
  per process and period instead of one per cache call.

What must survive an outage (the content generation) is also kept in the database:
see ``network.api.caching``.

This module is imported by the settings: it must not import Django's settings itself.
"""

import logging
import os
import threading
import time

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)


class Breaker:
    """Whether this process should leave Redis alone for a while after a failure."""

    def __init__(self, retry_after):
        self.retry_after = retry_after
        self.down_until = 0.0
        self.lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self.down_until

    def trip(self, error):
        with self.lock:
            if not self.is_open():
                logger.warning(
                    "Redis unreachable (%s); serving without the cache for %s s",
                    error,
                    self.retry_after,
                )
            self.down_until = time.monotonic() + self.retry_after

    def reset(self):
        self.down_until = 0.0


breaker = Breaker(float(os.environ.get("REDIS_RETRY_AFTER", "5")))


class GuardedConnection(redis.connection.Connection):
    """A Redis connection that fails at once while the breaker is open, and opens it on
    a connection error or a timeout."""

    failures = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    def connect(self):
        if breaker.is_open():
            raise redis.exceptions.ConnectionError("Redis marked unreachable (breaker open)")
        try:
            return super().connect()
        except self.failures as error:
            breaker.trip(error)
            raise

    def send_packed_command(self, *args, **kwargs):
        try:
            return super().send_packed_command(*args, **kwargs)
        except self.failures as error:
            breaker.trip(error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except self.failures as error:
            breaker.trip(error)
            raise


def redis_cache(url, key_prefix="portal"):
    """The ``CACHES["default"]`` of a deployment with Redis at ``url``."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25")),
            "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
            "IGNORE_EXCEPTIONS": True,
            "CONNECTION_POOL_KWARGS": {
                "connection_class": GuardedConnection,
                "retry": Retry(NoBackoff(), 0),
            },
        },
    }
