"""Keeping the words of related objects true in the index.

A page is indexed with the words of the objects it names (``search.backends.common``:
a city's partner cities and stakeholders, a news item's related cities, a page's
topics), as far as visitors may see them. So when one of those objects changes, the
objects that name it are indexed again:

- a page published (new title, now live), unpublished (or expired), deleted, or put
  behind (or out of) a view restriction: the objects naming it or any of its
  translations, and for a restriction every page of the section;
- a snippet (topic, organisation) saved or deleted: the objects naming it or any of
  its translations.

A page is also indexed again once published: modelsearch indexes it when its row is
saved, before its child objects and many-to-many links are (modelcluster commits them
afterwards), so a city's new Michelin sites or a news item's new topics were missing
until its next save.
"""

import logging
from collections import defaultdict
from functools import cache

from django.db.models.signals import post_delete, post_save, pre_delete

from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import RelatedFields, get_indexed_models
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page, PageViewRestriction, TranslatableMixin
from wagtail.signals import page_published, page_unpublished

from .languages import forget_locales
from .service import forget_promoted_queries

logger = logging.getLogger(__name__)


@cache
def naming_relations(target):
    """[(indexed model, relation name)] of the RelatedFields that point at ``target``
    (or at one of its parent classes) through a link of the naming object (a foreign
    key or a many-to-many field: not its own child objects)."""
    found = []
    for model in get_indexed_models():
        for search_field in model.get_search_fields():
            if not isinstance(search_field, RelatedFields):
                continue
            field = search_field.get_field(model)
            linked = (field.many_to_many or field.many_to_one) and not field.auto_created
            if linked and issubclass(target, field.related_model):
                found.append((model, search_field.field_name))
    return tuple(found)


def objects_naming(objs):
    """{model: queryset} of the indexed objects that name any of ``objs`` (or any
    translation of them)."""
    by_model = defaultdict(list)
    for obj in objs:
        by_model[type(obj)].append(obj)
    naming = {}
    for target, targets in by_model.items():
        for model, name in naming_relations(target):
            if issubclass(target, TranslatableMixin):
                lookup = {f"{name}__translation_key__in": {t.translation_key for t in targets}}
            else:
                lookup = {f"{name}__in": [t.pk for t in targets]}
            queryset = model.objects.filter(**lookup)
            naming[model] = naming[model] | queryset if model in naming else queryset
    return naming


def reindex(model, queryset):
    """Index the objects again in every backend that follows changes."""
    objs = list(queryset.distinct())
    if not objs:
        return
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(model, objs)
        except Exception:
            # As modelsearch's own signal handlers: a search service that is down
            # never holds up the editor's change; the database backends raise.
            logger.exception("Could not index %d %s in the %r backend", len(objs), model, name)
            if not backend.catch_indexing_errors:
                raise


def reindex_naming(objs):
    for model, queryset in objects_naming(objs).items():
        reindex(model, queryset)


def _page_state_changed(sender, instance, **kwargs):
    reindex_naming([instance.specific_deferred])


def _page_published(sender, instance, **kwargs):
    # Fresh from the database: its child objects and links are committed now.
    model = type(instance.specific_deferred)
    reindex(model, model.objects.filter(pk=instance.pk))
    _page_state_changed(sender, instance)


def _restriction_changed(sender, instance, raw=False, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None and not raw:
        reindex_naming(list(Page.objects.descendant_of(page, inclusive=True).specific()))


def _snippet_saved(sender, instance, raw=False, **kwargs):
    # Pages change for visitors when published or unpublished, not when saved.
    if not raw and not isinstance(instance, Page) and naming_relations(type(instance)):
        reindex_naming([instance])


def _before_delete(sender, instance, **kwargs):
    # Once deleted, the links naming it are gone: find the objects now.
    if naming_relations(type(instance)):
        instance._search_naming = {
            model: list(queryset.values_list("pk", flat=True).distinct())
            for model, queryset in objects_naming([instance]).items()
        }


def _after_delete(sender, instance, **kwargs):
    for model, pks in getattr(instance, "_search_naming", {}).items():
        reindex(model, model.objects.filter(pk__in=pks))


def register_signal_handlers():
    """Connect the handlers (from ``SearchConfig.ready``)."""
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(forget_locales, sender=Locale, dispatch_uid=f"search_locale_{name}")
        signal.connect(
            forget_promoted_queries, sender=SearchPromotion, dispatch_uid=f"search_promoted_{name}"
        )
    page_published.connect(_page_published, dispatch_uid="search_related_published")
    page_unpublished.connect(_page_state_changed, dispatch_uid="search_related_unpublished")
    post_save.connect(_snippet_saved, dispatch_uid="search_related_saved")
    pre_delete.connect(_before_delete, dispatch_uid="search_related_before_delete")
    post_delete.connect(_after_delete, dispatch_uid="search_related_after_delete")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_related_restriction_{name}",
        )
