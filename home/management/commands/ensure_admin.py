"""Make sure an administrator can log in to /admin/, and say how.

The login comes from ADMIN_USERNAME / ADMIN_PASSWORD / ADMIN_EMAIL when set. Otherwise
a password is generated once, kept in var/admin-login.txt (never committed) and
printed on every run, so `make run` always shows a login that works.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the administrator account if it is missing and print its login."

    def handle(self, *args, **options):
        username = os.environ.get("ADMIN_USERNAME", "admin")
        email = os.environ.get("ADMIN_EMAIL", "admin@michelin-cities.example")
        password = os.environ.get("ADMIN_PASSWORD")
        login_file = settings.VAR_DIR / "admin-login.txt"

        if password is None and login_file.exists():
            saved_username, _, saved_password = login_file.read_text().strip().partition(":")
            if saved_username == username:
                password = saved_password
        if password is None:
            password = secrets.token_urlsafe(12)
            login_file.parent.mkdir(parents=True, exist_ok=True)
            login_file.write_text(f"{username}:{password}\n")
            login_file.chmod(0o600)

        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        if created or not user.check_password(password):
            user.set_password(password)
        user.is_staff = user.is_superuser = user.is_active = True
        user.save()

        url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        self.stdout.write(
            self.style.SUCCESS(f"Admin login at {url}: user “{username}”, password “{password}”")
        )
