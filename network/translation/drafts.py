"""A new page translation created as a draft in one save.

wagtail-localize creates a page's translation by copying the page with Wagtail's
``copy_for_translation`` (a save, and a revision: a second save), then translating the
copy (a third save) and saving a revision of it (a fourth). Each save updates the page's
search index entry and reference index again, reading every image, document and person
of its StreamFields each time: about 300 queries per page and language (profiled with
``benchmarks/translation_bench.py``; see docs/README-translators.md).

``create_page_draft`` builds the same draft in memory first, from the same parts:
Wagtail's field copy (``wagtail.models.copying._copy``, which ``copy_for_translation``
uses), wagtail-localize's ``copy_synchronised_fields`` and ``ingest_segments`` fed with
``TranslationSource._get_segments_for_translation`` (what ``create_or_update_translation``
uses), and then saves it once: ``add_child`` (one search and one reference index
update), its revision, a ``TranslationLog`` and the history's "Created" entry, by the
submitter, who owns it. It is used only where ``create_or_update_translation`` would
create a new draft page; a page that exists (an alias to convert, a translation to
update) goes through wagtail-localize's ``save_target``.

It relies on helpers that are not public API of wagtail (8.0) and wagtail-localize
(1.14); both are pinned to their minor version in pyproject.toml, and
tests/test_translation_bulk.py compares a draft made here with one made by
wagtail-localize field by field.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import Page, Revision, TranslatableMixin
from wagtail.models.copying import _copy, _copy_m2m_relations
from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.models import TranslationLog
from wagtail_localize.segments.ingest import ingest_segments

from .synchronisation import empty_emptied_links


def translated_parent(page, locale):
    """The parent the translation goes under, its alias made if missing (as Wagtail does)."""
    parent = page.get_parent().specific
    if parent.is_root():
        return parent
    translation = parent.get_translation_or_none(locale)
    if translation is None:
        return parent.copy_for_translation(locale, copy_parents=True, alias=True)
    return translation


@transaction.atomic
def create_page_draft(source, locale, user=None, logs=None):
    """Create the draft translation of a TranslationSource's page into a locale.

    With ``logs`` (a list), its ``TranslationLog`` is appended there, unsaved, for the
    caller to write with the other locales' in one ``bulk_create``."""
    original = source.as_instance()
    parent = translated_parent(original, locale)
    exclude = original.default_exclude_fields_in_copy + original.exclude_fields_in_copy
    attrs = {
        "live": False,
        "has_unpublished_changes": True,
        "live_revision": None,
        "first_published_at": None,
        "last_published_at": None,
        "alias_of": None,
        "locale": locale,
        "locked": False,
        "locked_by": None,
        "locked_at": None,
    }
    if user is not None:
        attrs["owner"] = user
    page, children = _copy(original, exclude_fields=exclude, update_attrs=attrs)
    for child in children.values():
        for item in child if isinstance(child, list) else [child]:
            if isinstance(item, TranslatableMixin):
                item.locale = locale

    copy_synchronised_fields(original, page)
    empty_emptied_links(original, page)
    segments = source._get_segments_for_translation(locale, fallback=True)
    ingest_segments(original, page, source.locale, locale, segments)
    slug = (
        slugify(page.slug) if not parent.is_root() else f"{original.slug}-{locale.language_code}"
    )
    page.slug = find_available_slug(parent, slug)
    page.draft_title = page.title
    page.latest_revision_created_at = timezone.now()

    page = parent.add_child(instance=page)
    _copy_m2m_relations(original, page, exclude_fields=exclude, update_attrs=attrs)

    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        object_str=str(page),
        content=page.serializable_data(),
        user=user,
        created_at=page.latest_revision_created_at,
    )
    # The revision is written after the page's only save; setting it on the page by an
    # update, not a save, keeps the page indexed once.
    Page.objects.filter(pk=page.pk).update(latest_revision=revision)
    page.latest_revision = revision
    source.sync_view_restrictions(original, page)
    log(
        instance=page,
        action="wagtail.create",
        user=user,
        revision=revision,
        content_changed=True,
    )
    entry = TranslationLog(source=source, locale=locale, revision=revision)
    if logs is None:
        entry.save()
    else:
        logs.append(entry)
    return page
