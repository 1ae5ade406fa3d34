from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The network's content: cities, projects, news, calls, conferences, resources."""

    name = "network"
    verbose_name = _("Network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the app registry is ready (Django's rule for models and signals).
        from .api.caching import connect_signals
        from .api.wagtail_api import register_v3_field_schemas
        from .editorial import signals

        # Before wagtail.api.v3 builds its page schemas (on first import of its registry).
        register_v3_field_schemas()
        connect_signals()
        signals.connect()
