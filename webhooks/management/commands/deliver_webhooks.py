"""Deliver every webhook that is due: run it from cron every minute.

Safe to run concurrently with itself and with task workers: each delivery is claimed
under a lease (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL) before it is sent.
"""

from django.core.management.base import BaseCommand

from webhooks.delivery import deliver_due
from webhooks.models import Delivery


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due, retrying failed ones with backoff."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=100,
            help="Deliveries claimed per batch (default 100).",
        )

    def handle(self, *args, limit, **options):
        if limit < 1:
            self.stderr.write("--limit must be at least 1.")
            return
        delivered, failed = deliver_due(limit=limit)
        pending = Delivery.objects.filter(status=Delivery.Status.PENDING).count()
        self.stdout.write(
            f"{delivered} delivered, {failed} failed attempts; {pending} pending for later."
        )
