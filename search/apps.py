from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Portal search: the view, its API router and the backend configuration."""

    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # App loading: the models are ready; connect the index's signals (search.signals)
        # and the publish and worker ones (search.indexing).
        from . import indexing  # noqa: F401
        from .signals import register_signal_handlers

        register_signal_handlers()
