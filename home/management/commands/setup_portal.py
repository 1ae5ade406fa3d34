"""Create what every deployment needs before an editor can start: the locales of
LANGUAGES, the home page as the default site's root, and one index page per section.

Idempotent: what exists is left as it is, so it is safe to run on every deploy. It
ends by refreshing PostgreSQL's planner statistics (``ANALYZE``, see network/database.py).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Locale

from home.skeleton import SECTIONS, ensure_home, ensure_locales, ensure_roots, ensure_sections
from network.database import analyze


class Command(BaseCommand):
    help = "Create the locales, the home page and the section index pages (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = ensure_locales()
            ensure_roots()
            home = ensure_home()
            ensure_sections(home)
        if analyze():
            self.stdout.write("Database statistics refreshed (ANALYZE).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Portal ready: {Locale.objects.count()} locales ({created} new), "
                f"home page “{home.title}” with {len(SECTIONS)} sections."
            )
        )
