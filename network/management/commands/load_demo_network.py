"""Load the demo network: the real Michelin cities and invented projects, news, calls...

See network/demo/loader.py for the stages and docs/README-demo.md for what is real.
"""

from django.core.management.base import BaseCommand, CommandError

from network.database import analyze
from network.demo.data import DemoDataError
from network.demo.loader import load_demo_network


class Command(BaseCommand):
    """``manage.py load_demo_network [-v 0|1|2]``: one line per stage, or silence."""

    help = (
        "Load the demo network (cities, topics, organisations, people, calls, conferences, "
        "projects, news, resources, images, documents) on top of setup_portal. Idempotent: "
        "a second run creates and changes nothing."
    )

    def handle(self, *args, verbosity=1, **options):
        try:
            load_demo_network(out=self.stdout, verbosity=verbosity)
        except DemoDataError as error:
            raise CommandError(f"The demo data is inconsistent: {error}") from error
        # A bulk load leaves PostgreSQL planning for empty tables until autovacuum
        # catches up: gather the statistics now (network/database.py).
        if analyze() and verbosity:
            self.stdout.write("Database statistics refreshed (ANALYZE).")
