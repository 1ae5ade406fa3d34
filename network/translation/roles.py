"""The "Translators: <language>" groups, one per locale.

A translator group may, in its own locale only:

* edit and publish the pages of that locale's tree (a page permission on the locale's
  root page, so the Spanish tree is out of reach of French translators);
* edit the translatable snippets (Topic, Organisation, Person): Wagtail grants snippet
  permissions per model, so ``network.translation.permissions`` and the hooks in
  ``wagtail_hooks.py`` narrow them to the group's locale;
* submit content for translation into that locale (wagtail-localize's permission,
  narrowed to the group's locale by the portal's submit view);
* choose images and documents (a translation may swap a picture for one with text in
  its language).

They never edit source content: a page or snippet of their locale that is not the
target of a translation is refused to them (see ``permissions.py``).

The group's name is the link to its locale: "Translators: " and the language's English
name (``translator_group_name``). Renaming a group detaches it from its locale.

Each locale also has a "Lead translators: <language>" group: its members edit that
language's glossary and translation memory (export, import, correct, delete), on top
of what their translator group lets them do (a lead translator is in both groups).
The Secretariat edits every language's.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import get_language_info

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    TranslatableMixin,
)
from wagtail.snippets.models import get_snippet_models

TRANSLATOR_GROUP_PREFIX = "Translators: "
LEAD_TRANSLATOR_GROUP_PREFIX = "Lead translators: "

# (app_label, codename) of the model permissions every translator group holds.
BASE_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
]
# What a lead translator may do beyond translating: their language's glossary and memory.
LEAD_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("translation", "view_glossaryterm"),
    ("translation", "add_glossaryterm"),
    ("translation", "change_glossaryterm"),
    ("translation", "delete_glossaryterm"),
    ("translation", "view_memoryentry"),
    ("translation", "change_memoryentry"),
    ("translation", "delete_memoryentry"),
]
# Translators read the glossary (the editor shows its terms) in the admin too.
VIEW_PERMISSIONS = [("translation", "view_glossaryterm")]
PAGE_PERMISSIONS = ["change_page", "publish_page"]
COLLECTION_PERMISSIONS = [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")]


def language_code(locale_or_code):
    return getattr(locale_or_code, "language_code", locale_or_code)


def _language_name(locale_or_code):
    code = language_code(locale_or_code)
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code


def translator_group_name(locale_or_code):
    """ "Translators: French" for fr: the language's English name, as admins see it."""
    return f"{TRANSLATOR_GROUP_PREFIX}{_language_name(locale_or_code)}"


def lead_translator_group_name(locale_or_code):
    """ "Lead translators: French" for fr."""
    return f"{LEAD_TRANSLATOR_GROUP_PREFIX}{_language_name(locale_or_code)}"


def translatable_snippet_models():
    """The snippet models that have locales (Topic, Organisation, Person)."""
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def _model_permissions():
    _ensure_migration_permissions(BASE_PERMISSIONS)
    wanted = Q()
    for app_label, codename in BASE_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    for model in translatable_snippet_models():
        opts = model._meta
        wanted |= Q(
            content_type__app_label=opts.app_label,
            codename__in=[f"view_{opts.model_name}", f"change_{opts.model_name}"],
        )
    return list(Permission.objects.filter(wanted))


# Permissions that Wagtail and wagtail-localize make in data migrations, not from a
# model's Meta: a database emptied after migrating (a restore of the tables only, or a
# flush, as Django's TransactionTestCase does after each test) lacks them, and the
# roles would silently go without. They are made again as the migrations make them:
# (app label, codename) -> (content type's model, name).
MIGRATION_PERMISSIONS = {
    ("wagtailadmin", "access_admin"): ("admin", "Can access Wagtail admin"),
    ("wagtail_localize", "submit_translation"): ("translation", "Can submit translations"),
}


def _ensure_migration_permissions(pairs):
    for app_label, codename in pairs:
        if (app_label, codename) not in MIGRATION_PERMISSIONS:
            continue
        model, name = MIGRATION_PERMISSIONS[app_label, codename]
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )


def _permissions(pairs):
    _ensure_migration_permissions(pairs)
    wanted = Q()
    for app_label, codename in pairs:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(wanted))


def locale_roots(locale):
    """The root pages of a locale's tree (the home page, real or alias)."""
    return list(Page.objects.filter(depth=2, locale=locale).order_by("path"))


def ensure_page_permissions(group, locale):
    """Give the group edit and publish rights on the locale's tree; returns its roots."""
    roots = locale_roots(locale)
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    )
    for root in roots:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission
            )
    return roots


@transaction.atomic
def ensure_translator_groups(stdout=None, locales=None):
    """Create or complete one "Translators: <language>" group and one "Lead translators:
    <language>" group per locale (idempotent).

    Every locale in the database gets a group, the default one included (its
    translators translate content written first in another language). Permissions are
    added, never removed, so what an administrator added by hand stays. Returns the
    groups by locale.
    """
    locales = list(Locale.all_objects.all() if locales is None else locales)
    model_permissions = _model_permissions()
    collection_permissions = _permissions(COLLECTION_PERMISSIONS)
    root_collection = Collection.get_first_root_node()

    lead_permissions = _permissions(LEAD_PERMISSIONS)
    view_permissions = _permissions(VIEW_PERMISSIONS)
    groups = {}
    for locale in locales:
        lead, _created = Group.objects.get_or_create(name=lead_translator_group_name(locale))
        lead.permissions.add(*lead_permissions)
        group, created = Group.objects.get_or_create(name=translator_group_name(locale))
        group.permissions.add(*model_permissions, *view_permissions)
        if root_collection is not None:
            for permission in collection_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        roots = ensure_page_permissions(group, locale)
        groups[locale] = group
        if stdout is not None:
            state = "created" if created else "up to date"
            tree = (
                ", ".join(f"“{root.title}”" for root in roots)
                if roots
                else "no page in this language yet; rights follow its first page"
            )
            stdout.write(f"{group.name} ({locale.language_code}): {state}; tree: {tree}")
    return groups


def ensure_translator_group(locale):
    """One locale's translator group (idempotent): the ``builder(locale)`` form that
    ``network.roles.register_locale_role`` expects."""
    return ensure_translator_groups(locales=[locale])[locale]
