"""Headless preview: a front end renders a draft with a short-lived signed token."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreviewConfig(AppConfig):
    """Snapshots of drafts, the tokens that name them and the API endpoint that reads them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "preview"
    verbose_name = _("Headless preview")
