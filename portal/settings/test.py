"""Settings for the pytest suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

import tempfile

from .dev import *  # noqa: F403

# Uploads of a test run go to a throw-away folder, never into var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The suite never calls DeepL, even where DEEPL_API_KEY is set in the environment.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(offline=True)  # noqa: F405
