"""Production settings: base.py plus a refusal to start half-configured."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DEBUG, SECRET_KEY, task_backends

# Webhooks, subtree translations and search indexing run on `manage.py run_worker`,
# never inside an editor's request.
TASKS_BACKEND, TASKS = task_backends("database")

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production; unset DEBUG.")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or "insecure" in SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names the portal answers to "
        "(comma-separated), e.g. ALLOWED_HOSTS=michelin-cities.org."
    )
