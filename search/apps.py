from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Portal search: the view, its API router and the backend configuration."""

    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signals connect once the models are loaded (AppConfig.ready): publish and worker.
        from . import indexing  # noqa: F401
