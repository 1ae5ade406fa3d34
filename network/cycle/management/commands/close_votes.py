"""Count every topic vote whose window has closed (cron, every few minutes)."""

from django.core.management.base import BaseCommand

from network.cycle.voting import close_due_votes


class Command(BaseCommand):
    """``manage.py close_votes``: results computed once, stored and published."""

    help = "Count the topic votes whose window has closed and publish their results (once)."

    def handle(self, *args, verbosity=1, **options):
        counted = close_due_votes()
        if verbosity:
            self.stdout.write(f"{len(counted)} vote(s) counted.")
