from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    """The translators' workflow (wagtail-localize): roles, guards, report, dashboard,
    translation memory, glossary, background submissions."""

    name = "network.translation"
    label = "translation"
    verbose_name = _("Translation workflow")

    def ready(self):
        # Imported once the app registry is ready (Django's rule for models and signals).
        from network.editorial.roles import register_locale_role

        from . import signals
        from .roles import ensure_translator_group

        # setup_roles builds "Translators: <language>" for every locale, and a new
        # locale gets its group through network.signals.
        register_locale_role(ensure_translator_group)
        signals.connect()
