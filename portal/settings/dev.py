"""Settings for a laptop: `make run` serves the demo network on http://127.0.0.1:8000."""

from .base import *  # noqa: F403
from .base import DEEPL_API_KEY, env_list, machine_translator, os

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-key-never-used-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Without a DeepL key, machine translation marks text "[fr] ..." so the workflow can be tried.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(DEEPL_API_KEY, offline=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405 - the SQLite file and media live here
# whitenoise serves from the finders here (DEBUG), but wants its folder to exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
