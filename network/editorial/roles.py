"""The editors' roles: who may edit, submit, approve and publish what.

``python manage.py setup_roles`` calls :func:`setup_roles`, which builds every role from
scratch or brings it back in step (idempotent). Signals (``network.signals``) keep the
roles in step between runs: a new city gets its team, a conference's new host gets its
page, a new locale gets the per-locale roles.

The roles (group names are data, kept in English so that they stay stable):

* **Secretariat** -- every permission of the CMS: all pages of every locale, all
  collections, snippets, users and groups, sites, locales, workflows, translations.
* **Moderators** -- approve, request changes or reject submissions; no page
  permission of their own (the moderation task opens the editor to them).
* **City team: <city>** -- one per city, on the city's *source-locale* page: edit it,
  add and edit its projects and news, submit for moderation, never publish. Images and
  documents in the city's own collection (``Cities / <city>``), choosing from ``Shared``.
* **Host city of a conference** -- not a group: the host city's team gets "edit" on that
  conference page (source locale) while its city hosts it; see :func:`sync_conference_host`.

Per-locale roles (the translators' groups, "Translators: <language>") plug in through
:func:`register_locale_role`; none is registered here.
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from ..models import CityPage, CityTeam, ConferencePage, ModerationTask

logger = logging.getLogger(__name__)

SECRETARIAT = "Secretariat"
MODERATORS = "Moderators"
CITY_TEAM_PREFIX = "City team: "
WORKFLOW_NAME = "Network moderation"
TASK_NAME = "Review by the moderators or the secretariat"
SHARED_COLLECTION = "Shared"
CITIES_COLLECTION = "Cities"
# Wagtail's installation creates these; setup_roles takes them over (see setup_roles).
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
WAGTAIL_DEFAULT_EDITORS = "Editors"

ALL_PAGE_PERMISSIONS = ("add", "bulk_delete", "change", "lock", "publish", "unlock")
CITY_PAGE_PERMISSIONS = ("add", "change")
HOST_PAGE_PERMISSIONS = ("change",)
MEDIA_APPS = {"image": "wagtailimages", "document": "wagtaildocs"}
# Permissions that mean nothing in the Wagtail admin: Django's own admin and internals.
NOT_CMS_PERMISSIONS = Q(content_type__app_label__in=["admin", "contenttypes", "sessions"]) | Q(
    content_type__app_label="auth", content_type__model="permission"
)

_locale_roles = []


def register_locale_role(builder):
    """Register ``builder(locale)``, called for every locale by setup_roles and whenever a
    locale is added; it must be idempotent. This is where "Translators: <language>"
    groups plug in::

        @register_locale_role
        def translators(locale):
            group, _ = Group.objects.get_or_create(name=f"Translators: {locale}")
            ...
    """
    _locale_roles.append(builder)
    return builder


def ensure_locale_roles(locale):
    """Build every registered per-locale role for one locale."""
    for builder in _locale_roles:
        builder(locale)


# Permissions -------------------------------------------------------------------------


def page_permission(action):
    """Wagtail's page permission for an action ("add", "change", "publish", ...)."""
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")


def access_admin_permission():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def grant_page_permissions(group, page, actions):
    """Give a group these permissions on a page and its subtree (nothing else changes)."""
    for action in actions:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=page_permission(action)
        )


def set_collection_permissions(group, collection, actions):
    """Give a group exactly these image and document permissions on a collection."""
    wanted = Permission.objects.filter(
        Q(content_type__app_label="wagtailimages", content_type__model="image")
        | Q(content_type__app_label="wagtaildocs", content_type__model="document"),
        codename__in=[f"{action}_{model}" for action in actions for model in MEDIA_APPS],
    )
    GroupCollectionPermission.objects.filter(group=group, collection=collection).exclude(
        permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


# Collections -------------------------------------------------------------------------


def ensure_collection(parent, name):
    """The child collection of ``parent`` with this name, created if missing."""
    existing = parent.get_children().filter(name=name).first()
    return existing or parent.add_child(instance=Collection(name=name))


def shared_collection():
    return ensure_collection(Collection.get_first_root_node(), SHARED_COLLECTION)


def cities_collection():
    return ensure_collection(Collection.get_first_root_node(), CITIES_COLLECTION)


# Network-wide groups -----------------------------------------------------------------


def ensure_secretariat():
    """Every permission of the CMS, on every page and collection."""
    group, _created = Group.objects.get_or_create(name=SECRETARIAT)
    group.permissions.set(Permission.objects.exclude(NOT_CMS_PERMISSIONS))
    grant_page_permissions(group, Page.get_first_root_node(), ALL_PAGE_PERMISSIONS)
    set_collection_permissions(
        group, Collection.get_first_root_node(), ("add", "change", "choose", "delete")
    )
    return group


def ensure_moderators():
    """Reviewers: admin access and image/document choosers, no page permission.

    Wagtail's installation gives its own "Moderators" group add/edit/publish on the
    whole tree; those page permissions are removed so that moderators decide through
    the workflow and never publish around it.
    """
    group, _created = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.set([access_admin_permission()])
    GroupPagePermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=Collection.get_first_root_node()
    ).delete()
    set_collection_permissions(group, Collection.get_first_root_node(), ("choose",))
    return group


def retire_wagtail_editors_group():
    """Delete Wagtail's stock "Editors" group (add/edit on every page) while nobody is in it.

    Left in place it would be a back door around the city teams; with members it is
    kept and reported, for the secretariat to empty first.
    """
    group = Group.objects.filter(name=WAGTAIL_DEFAULT_EDITORS).first()
    if group is None:
        return None
    if group.user_set.exists():
        return f"the group “{group.name}” still has members; it was left as it is"
    group.delete()
    return None


# City teams --------------------------------------------------------------------------


def is_source_page(page):
    """Whether a page is the original of its translations (not a translation or alias).

    The source is the first page created with the translation key: wagtail-localize
    creates translations and aliases after their source.
    """
    if page.alias_of_id:
        return False
    return not Page.objects.filter(translation_key=page.translation_key, pk__lt=page.pk).exists()


def source_page(page):
    """The source-locale page of a page's translations."""
    if page is None:
        return None
    first = (
        Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
        .order_by("pk")
        .first()
    )
    return first.specific if first and first.pk != page.pk else page


def team_group_names(city):
    """The names a city's team may take: "City team: <title>", then variants with the
    country code and the page id, for two cities of the same name."""
    max_length = Group._meta.get_field("name").max_length
    return [
        name[:max_length]
        for name in (
            f"{CITY_TEAM_PREFIX}{city.title}",
            f"{CITY_TEAM_PREFIX}{city.title} ({city.country})",
            f"{CITY_TEAM_PREFIX}{city.title} #{city.pk}",
        )
    ]


def team_group_name(city, taken_by_other):
    """The first of the city's team names that no other group has."""
    names = team_group_names(city)
    return next((name for name in names if not taken_by_other(name)), names[-1])


def ensure_city_team(city, full=True):
    """The team of a (source-locale) city: group, collection and permissions.

    With ``full=False`` (on every save of a city) only what is missing is created and
    names follow the city's title; ``full=True`` also resets the permissions.
    """

    team = CityTeam.objects.select_related("group", "collection").filter(city=city).first()
    created = team is None
    if created:
        name = team_group_name(city, lambda name: Group.objects.filter(name=name).exists())
        group = Group.objects.create(name=name)
        team = CityTeam.objects.create(city=city, group=group)
    else:
        group = team.group
        if group.name not in team_group_names(city):
            group.name = team_group_name(
                city, lambda name: Group.objects.filter(name=name).exclude(pk=group.pk).exists()
            )
            group.save(update_fields=["name"])
    if team.collection is None:
        team.collection = ensure_collection(cities_collection(), city.title)
        team.save(update_fields=["collection"])
        full = True
    elif team.collection.name != city.title:
        team.collection.name = city.title
        team.collection.save(update_fields=["name"])
    if created or full:
        group.permissions.add(access_admin_permission())
        grant_page_permissions(group, city, CITY_PAGE_PERMISSIONS)
        set_collection_permissions(group, team.collection, ("add", "change", "choose"))
        set_collection_permissions(group, shared_collection(), ("choose",))
    return team


def remove_city_team(team):
    """Delete a team's group; its collection goes too unless it still holds media."""
    collection = team.collection
    Group.objects.filter(pk=team.group_id).delete()
    if collection is None:
        return
    in_use = (
        get_image_model().objects.filter(collection=collection).exists()
        or get_document_model().objects.filter(collection=collection).exists()
        or collection.get_children().exists()
    )
    if not in_use:
        collection.delete()


# Conference hosts --------------------------------------------------------------------


def sync_conference_host(conference):
    """Give the host city's team "edit" on its (source-locale) conference, and only it.

    Teams of former hosts lose the permission; translations are left to translators.
    """

    if not is_source_page(conference):
        return None
    host = source_page(conference.host_city)
    host_group_id = (
        CityTeam.objects.filter(city=host).values_list("group_id", flat=True).first()
        if host
        else None
    )
    GroupPagePermission.objects.filter(page=conference, group__city_team__isnull=False).exclude(
        group_id=host_group_id
    ).delete()
    if host_group_id:
        grant_page_permissions(Group(pk=host_group_id), conference, HOST_PAGE_PERMISSIONS)
    return host_group_id


# The moderation workflow -------------------------------------------------------------


def ensure_workflow(reviewers):
    """The "Network moderation" workflow, reviewed by the given groups, on the whole tree.

    It is assigned to the root page, so every locale's home and everything under it
    (present and future) is moderated; a more specific workflow assigned lower down
    (e.g. for translations) takes precedence there. Wagtail's stock workflow is
    deactivated once nothing uses it any more.
    """

    task = ModerationTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ModerationTask.objects.create(name=TASK_NAME)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set(reviewers)

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )

    stock = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True).first()
    if (
        stock
        and not stock.workflow_pages.exists()
        and not WorkflowState.objects.active().filter(workflow=stock).exists()
    ):
        stock.deactivate()
    return workflow


# Everything --------------------------------------------------------------------------


@transaction.atomic
def setup_roles():
    """Build or repair every role; returns a summary and warnings for the command."""

    secretariat = ensure_secretariat()
    moderators = ensure_moderators()
    shared_collection()
    warnings = [warning for warning in [retire_wagtail_editors_group()] if warning]

    cities = [city for city in CityPage.objects.order_by("pk") if is_source_page(city)]
    for city in cities:
        ensure_city_team(city, full=True)
    # A team whose city became a translation's page or an alias has no room any more.
    for team in CityTeam.objects.exclude(city__in=cities).select_related("collection"):
        remove_city_team(team)

    for conference in ConferencePage.objects.order_by("pk"):
        sync_conference_host(conference)

    ensure_workflow([moderators, secretariat])

    locales = list(Locale.objects.all())
    for locale in locales:
        ensure_locale_roles(locale)

    return {"cities": len(cities), "locales": len(locales), "warnings": warnings}
