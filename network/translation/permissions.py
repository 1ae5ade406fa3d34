"""Who may translate what: the per-locale rules Wagtail's own permissions cannot say.

Wagtail gives page rights per subtree (each locale is its own tree, so page rights are
per locale already) but snippet rights per model, and wagtail-localize lets anyone with
``submit_translation`` submit into any locale. The portal narrows both for translators:

* a translator (a member of a "Translators: <language>" group) translates into their
  group's locales only;
* in those locales they edit translations only: a page or snippet that is not the
  target of a translation (source content) stays with its editors.

Rights a user holds through any other group (the secretariat, a city team) or directly
are never narrowed: the rules only stop translator groups from granting more than they
should. Superusers are never narrowed.

Each check caches what it learns on the user object, so one request asks the database
once per question.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q

from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    PagePermissionTester,
    TranslatableMixin,
)
from wagtail.snippets.permissions import user_can_edit_snippet_type
from wagtail_localize.models import Translation

from .roles import TRANSLATOR_GROUP_PREFIX, translator_group_name


def translator_locale_ids(user):
    """The ids of the locales the user translates into as a member of translator groups."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_translator_locale_ids", None)
    if cached is None:
        names = set(
            user.groups.filter(name__startswith=TRANSLATOR_GROUP_PREFIX).values_list(
                "name", flat=True
            )
        )
        cached = frozenset()
        if names:
            cached = frozenset(
                locale.pk
                for locale in Locale.all_objects.all()
                if translator_group_name(locale) in names
            )
        user._translator_locale_ids = cached
    return cached


def is_translator(user):
    return bool(translator_locale_ids(user))


def has_permission_beyond_translator_groups(user, app_label, codename):
    """True if the user holds the permission directly or through a non-translator group."""
    if user.is_superuser:
        return True
    cache = user.__dict__.setdefault("_permissions_beyond_translator_groups", {})
    key = (app_label, codename)
    if key not in cache:
        other_groups = user.groups.exclude(name__startswith=TRANSLATOR_GROUP_PREFIX)
        cache[key] = (
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            .filter(Q(user=user) | Q(group__in=other_groups))
            .exists()
        )
    return cache[key]


def translatable_locales(user):
    """The locales the user may submit translations into (a queryset)."""
    if not user.has_perm("wagtail_localize.submit_translation"):
        return Locale.objects.none()
    if not is_translator(user) or has_permission_beyond_translator_groups(
        user, "wagtail_localize", "submit_translation"
    ):
        return Locale.objects.all()
    return Locale.objects.filter(pk__in=translator_locale_ids(user))


def may_translate_into(user, locale):
    return translatable_locales(user).filter(pk=locale.pk).exists()


def is_translation_target(instance):
    """True if the page or snippet was made by translating another locale's content."""
    if isinstance(instance, Page) and instance.alias_of_id:
        return True
    return Translation.objects.filter(
        source__object_id=instance.translation_key, target_locale_id=instance.locale_id
    ).exists()


def _editor_page_paths(user):
    """The tree paths where the user holds page rights through a non-translator group,
    read once per user object."""
    cached = getattr(user, "_editor_page_paths", None)
    if cached is None:
        cached = user._editor_page_paths = tuple(
            GroupPagePermission.objects.filter(
                group__in=user.groups.exclude(name__startswith=TRANSLATOR_GROUP_PREFIX),
                permission__codename__in=["add_page", "change_page", "publish_page"],
            ).values_list("page__path", flat=True)
        )
    return cached


def _page_rights_beyond_translator_groups(user, page):
    return page.path.startswith(_editor_page_paths(user))


def translator_only(user, page):
    """True where the user's rights on the page come from a translator group alone."""
    return (
        user.is_authenticated
        and not user.is_superuser
        and page.locale_id in translator_locale_ids(user)
        and not _page_rights_beyond_translator_groups(user, page)
    )


def translator_may_change_page(user, page):
    """False where only a translator group lets the user change this page and the page
    is source content (not a translation): translators translate, editors write."""
    if user.is_superuser or page.locale_id not in translator_locale_ids(user):
        return True
    if is_translation_target(page):
        return True
    return _page_rights_beyond_translator_groups(user, page)


def may_change_snippet(user, instance):
    """Wagtail's model-wide snippet right, narrowed to the translator's locales and to
    translations (never source content) when it comes from a translator group only."""
    if not isinstance(instance, TranslatableMixin) or user.is_superuser:
        return True
    if not is_translator(user):
        return True
    opts = instance._meta
    if has_permission_beyond_translator_groups(user, opts.app_label, f"change_{opts.model_name}"):
        return True
    return instance.locale_id in translator_locale_ids(user) and is_translation_target(instance)


def snippet_locale_out_of_reach(user, instance):
    """True when the snippet's locale alone rules it out for the user (no query per row)."""
    if not isinstance(instance, TranslatableMixin) or user.is_superuser or not is_translator(user):
        return False
    opts = instance._meta
    if has_permission_beyond_translator_groups(user, opts.app_label, f"change_{opts.model_name}"):
        return False
    return instance.locale_id not in translator_locale_ids(user)


def may_edit_translation(user, translation):
    """Whether the user may work on this translation (strings, PO files, machine
    translation): edit rights on its target, in a locale they translate into."""
    instance = translation.get_target_instance()
    if isinstance(instance, Page):
        instance = instance.specific
        return instance.permissions_for_user(user).can_edit() and translator_may_change_page(
            user, instance
        )
    return user_can_edit_snippet_type(user, type(instance)) and may_change_snippet(user, instance)


class PortalPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, minus what translators may not do.

    A translator group grants "change" and "publish" on its locale's tree, which to
    Wagtail also means deleting, moving and copying pages there. A translator edits and
    publishes translations; they never delete, move, copy or add pages, nor unpublish
    source pages. The admin (its buttons, menus and views) and the API's page actions
    all ask this tester, so each refuses alike.
    """

    def _translator_only(self):
        return translator_only(self.user, self.page)

    def can_delete(self, ignore_bulk=False):
        return not self._translator_only() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return not self._translator_only() and super().can_move()

    def can_copy(self):
        return not self._translator_only() and super().can_copy()

    def can_add_subpage(self):
        return not self._translator_only() and super().can_add_subpage()

    def can_unpublish(self):
        return super().can_unpublish() and translator_may_change_page(self.user, self.page)
