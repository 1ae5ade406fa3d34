from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    """The network's cycle: votes, proposals, reviews, decisions, host offers."""

    name = "network.cycle"
    label = "cycle"
    verbose_name = _("Network cycle")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # App loading: the models are ready, connect the signals and the cache.
        from . import notes
        from .api import connect_cache_invalidation

        connect_cache_invalidation()
        notes.connect_signals()
