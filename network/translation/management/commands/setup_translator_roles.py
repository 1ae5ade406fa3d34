"""Create or complete the "Translators: <language>" groups, one per locale (idempotent).

A stop-gap until ``setup_roles`` (Secretariat, City teams, Moderators) calls
``network.translation.roles.ensure_translator_groups`` itself.
"""

from django.core.management.base import BaseCommand

from network.translation.roles import ensure_translator_groups


class Command(BaseCommand):
    help = "Create or complete one “Translators: <language>” group per locale (idempotent)."

    def handle(self, *args, **options):
        groups = ensure_translator_groups(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"{len(groups)} translator groups ready."))
