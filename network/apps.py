from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class NetworkConfig(AppConfig):
    """The network's content: cities, projects, news, calls, conferences, resources."""

    name = "network"
    # This module also holds PortalUsersConfig: Django must know which config is the app's.
    default = True
    verbose_name = _("Network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the app registry is ready (Django's rule for models and signals).
        from .api.caching import connect_signals
        from .api.wagtail_api import register_v3_field_schemas
        from .editorial import signals
        from .i18n import locales

        # Before wagtail.api.v3 builds its page schemas (on first import of its registry).
        register_v3_field_schemas()
        connect_signals()
        locales.install()
        signals.connect()


class PortalUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, whose users section limits who grants which rights
    (``network.users``). Installed in place of ``wagtail.users``."""

    user_viewset = "network.editorial.users.PortalUserViewSet"
