"""Signed webhooks: other channels are told when a page is published, unpublished or deleted."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Connects the page signals that record webhook events."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        # Imported once the app registry is ready (Django's rule); connects the receivers.
        from . import signals  # noqa: F401
