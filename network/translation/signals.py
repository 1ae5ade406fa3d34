"""Keep the translator groups in step with the locales and their trees.

* A new locale gets its group through ``network.roles.register_locale_role`` (see
  apps.py), like every per-locale role.
* A deleted locale takes its groups (translators, lead translators) with it.
* A locale's first page (its home, often created by wagtail-localize as an alias when
  the first page is submitted into that language) gives the group its page rights.

It also connects the workbench's receivers: every saved StringTranslation is remembered
(``memory.py``) and a draft page's slug follows its translated title
(``operations.py``); every TranslationLog empties the links the source emptied
(``synchronisation.py``).
"""

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save

from wagtail.models import Locale, get_page_models
from wagtail_localize.models import StringTranslation, TranslationLog

from .memory import remember_string_translation
from .operations import follow_translated_title
from .roles import ensure_page_permissions, lead_translator_group_name, translator_group_name
from .synchronisation import translation_logged


def locale_deleted(sender, instance, **kwargs):
    names = [translator_group_name(instance), lead_translator_group_name(instance)]
    Group.objects.filter(name__in=names).delete()


def page_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.depth != 2:
        return
    group = Group.objects.filter(name=translator_group_name(instance.locale)).first()
    if group is not None:
        ensure_page_permissions(group, instance.locale)


def connect():
    post_delete.connect(locale_deleted, sender=Locale, dispatch_uid="translation-locale-deleted")
    # Every translated segment is remembered; a draft page's slug follows its title.
    post_save.connect(
        remember_string_translation,
        sender=StringTranslation,
        dispatch_uid="translation-memory-remember",
    )
    post_save.connect(
        follow_translated_title, sender=StringTranslation, dispatch_uid="translation-slug-title"
    )
    # What a translation writes: links emptied in the source are emptied.
    post_save.connect(
        translation_logged, sender=TranslationLog, dispatch_uid="translation-emptied-links"
    )
    for model in get_page_models():
        uid = f"translation-page-saved-{model._meta.label}"
        post_save.connect(page_saved, sender=model, dispatch_uid=uid)
