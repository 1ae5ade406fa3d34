"""Replay into Elasticsearch the changes it missed while it was unreachable.

Run it from cron (every few minutes) where ELASTICSEARCH_URL is set; ``update_index``
also replays them at the end of every rebuild. With the database backends there is
never anything to replay: they are written in the same transaction as the content.
"""

from django.core.management.base import BaseCommand, CommandError

from wagtail.search.backends import get_search_backend

from search.backends.catchup import catch_up
from search.models import PendingIndexUpdate

try:
    from search.backends.elasticsearch import PortalElasticsearchBackend
except ImportError:  # the optional Elasticsearch client (".[elasticsearch]") is not installed
    PortalElasticsearchBackend = None


class Command(BaseCommand):
    help = "Replay queued search index updates into Elasticsearch (after an outage)."

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="default", help="The backend's name.")
        parser.add_argument(
            "--limit", type=int, default=None, help="Replay at most this many updates."
        )

    def handle(self, *args, backend, limit, **options):
        search_backend = get_search_backend(backend)
        if PortalElasticsearchBackend is None or not isinstance(
            search_backend, PortalElasticsearchBackend
        ):
            self.stdout.write(f"The “{backend}” backend needs no catching up.")
            return
        done, failed = catch_up(search_backend, limit=limit)
        left = PendingIndexUpdate.objects.count()
        self.stdout.write(f"Replayed {done} update(s); {left} still pending.")
        if failed:
            last = PendingIndexUpdate.objects.exclude(last_error="").order_by("-queued_at")
            error = last.values_list("last_error", flat=True).first() or "unknown error"
            raise CommandError(f"{failed} update(s) failed again, e.g.: {error}")
