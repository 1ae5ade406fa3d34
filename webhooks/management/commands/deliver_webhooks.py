"""Deliver every webhook that is due: run it from cron every minute.

Safe to run concurrently with itself and with task workers: each delivery is claimed
under a lease (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL) before it is sent.
``--retry-failed`` gives the deliveries that ran out of attempts one more try, e.g.
after a receiver's long outage.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from webhooks.delivery import deliver_due
from webhooks.models import Delivery
from webhooks.tasks import schedule_retry


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due, retrying failed ones with backoff."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=100,
            help="Deliveries claimed per batch (default 100).",
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="First give every delivery marked failed one more attempt.",
        )

    def handle(self, *args, limit, retry_failed, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        if retry_failed:
            count = Delivery.objects.filter(status=Delivery.Status.FAILED).update(
                status=Delivery.Status.PENDING, next_attempt_at=timezone.now()
            )
            self.stdout.write(f"{count} failed deliveries queued for one more attempt.")
        delivered, failed = deliver_due(limit=limit, on_failure=schedule_retry)
        pending = Delivery.objects.filter(status=Delivery.Status.PENDING).count()
        self.stdout.write(
            f"{delivered} delivered, {failed} failed attempts; {pending} pending for later."
        )
