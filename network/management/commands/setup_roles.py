"""Create or repair the editors' roles: Secretariat, Moderators, one team per city,
conference hosts, the moderation workflow and the shared collections.

Idempotent: safe to run on every deploy, after ``migrate`` and ``setup_portal``.
What each role may do is described in ``network.roles`` and docs/README-editors.md.
"""

from django.core.management.base import BaseCommand

from network.editorial.roles import setup_roles


class Command(BaseCommand):
    help = "Create or repair the editors' groups, permissions and moderation workflow."

    def handle(self, *args, **options):
        summary = setup_roles()
        for warning in summary["warnings"]:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Roles ready: Secretariat, Moderators, {summary['cities']} city teams, "
                f"moderation workflow on every page; {summary['locales']} locales."
            )
        )
