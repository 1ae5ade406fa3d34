"""Run Wagtail's ``publish_scheduled`` every minute, for a worker container without cron.

    python manage.py run_publish_scheduled             # every 60 s until stopped
    python manage.py run_publish_scheduled --interval 30

Stops cleanly on SIGTERM/SIGINT (between runs). A failed run is logged and retried at
the next tick, so one bad page never stops scheduled publishing for the others.
"""

import logging
import signal
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Publish and unpublish scheduled pages every --interval seconds until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between runs")
        parser.add_argument(
            "--runs", type=int, default=0, help="stop after this many runs (0: never)"
        )

    def handle(self, *args, interval, runs, **options):
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        stop = threading.Event()
        previous = {
            signum: signal.signal(signum, lambda *_args: stop.set())
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            self.loop(stop, interval, runs)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def loop(self, stop, interval, runs):
        done = 0
        while not stop.is_set():
            refresh_connections()
            try:
                call_command("publish_scheduled", verbosity=0)
            except Exception:
                logger.exception("publish_scheduled failed; retrying in %s s", interval)
            finally:
                refresh_connections()
            done += 1
            if runs and done >= runs:
                break
            stop.wait(interval)


def refresh_connections():
    """Drop broken or expired database connections between runs, as Django does between
    requests; never one inside a transaction (the loop may run inside one in tests)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
