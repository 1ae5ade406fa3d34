"""Keep the translator groups in step with the locales and their trees.

* A new locale gets its group through ``network.roles.register_locale_role`` (see
  apps.py), like every per-locale role.
* A deleted locale takes its group with it.
* A locale's first page (its home, often created by wagtail-localize as an alias when
  the first page is submitted into that language) gives the group its page rights.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save

from wagtail.models import Locale, get_page_models

from .roles import ensure_page_permissions, translator_group_name


def locale_deleted(sender, instance, **kwargs):
    Group.objects.filter(name=translator_group_name(instance)).delete()


def page_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.depth != 2:
        return
    group = Group.objects.filter(name=translator_group_name(instance.locale)).first()
    if group is not None:
        ensure_page_permissions(group, instance.locale)


def connect():
    post_delete.connect(locale_deleted, sender=Locale, dispatch_uid="translation-locale-deleted")
    for model in get_page_models():
        uid = f"translation-page-saved-{model._meta.label}"
        post_save.connect(page_saved, sender=model, dispatch_uid=uid)
