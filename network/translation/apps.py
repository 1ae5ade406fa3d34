from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    """The translators' workflow (wagtail-localize): roles, guards, report, dashboard."""

    name = "network.translation"
    label = "translation"
    verbose_name = _("Translation workflow")

    def ready(self):
        from . import signals, synchronisation

        signals.connect()
        synchronisation.install()
