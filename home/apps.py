from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page app."""

    name = "home"
    default_auto_field = "django.db.models.BigAutoField"
