"""What every portal backend does the same way when indexing.

Related objects (a city's Michelin sites, stakeholders and partner cities, a news
item's related cities, a page's topics) are indexed as words of the object that names
them, and so are found through it. Only what a visitor may see is indexed that way
(``IndexableRelated``): a related page only while it is live, public and not expired,
and a translatable related object in the indexing object's language where it has a
translation (links are synchronised from the source locale, so a French city may still
point at the English stakeholders). When a related page's state changes, the pages that
name it are indexed again (``search.signals``).
"""

from collections import defaultdict

from django.db.models import Manager, Prefetch, prefetch_related_objects

from modelsearch.index import RelatedFields, SearchField
from wagtail.models import Page

from network.public.visibility import visible_pages

from ..languages import locale_codes


def is_alias(obj):
    """Whether the object is an alias page: a copy that follows another page (an
    untranslated page of another locale, or an alias elsewhere in the tree).

    Aliases are never indexed: their words are the source page's, so indexing them
    would return the same page twice (and in the wrong language).
    """
    return getattr(obj, "alias_of_id", None) is not None


def split_aliases(objs):
    """(objects to index, alias objects to remove from the index)."""
    kept, aliases = [], []
    for obj in objs:
        (aliases if is_alias(obj) else kept).append(obj)
    return kept, aliases


def language_codes(objs):
    """{object: language code or None} for a batch of objects, in at most one query."""
    codes = locale_codes({getattr(obj, "locale_id", None) for obj in objs})
    return {id(obj): codes.get(getattr(obj, "locale_id", None)) for obj in objs}


def _prepared(value):
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(_prepared(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_prepared(item) for item in value.values())
    return "" if value is None else str(value)


def related_values(search_field, obj):
    """The objects a RelatedFields of ``obj`` points at, as a list (none, one, many)."""
    related = search_field.get_value(obj)
    if related is None:
        return []
    if isinstance(related, Manager):
        return list(related.all())
    if callable(related):
        return [related()]
    return [related]


class IndexableRelated:
    """The related objects that the RelatedFields of a batch of objects may index.

    A related page is kept only while live, public (outside every private section) and
    not expired; a translatable related object is replaced by its translation in the
    locale of the object that names it, where it has one (a live one, for a page), as
    ``network.localization.localized`` shows it. A fixed number of queries for the
    batch: the prefetch of the relations, one per translated model, one for the
    private sections.
    """

    def __init__(self, model, objs):
        self.found = {}
        fields = [f for f in model.get_search_fields() if isinstance(f, RelatedFields)]
        if not fields or not objs:
            return
        prefetch_related_fields(model, objs)
        for obj in objs:
            for field in fields:
                self.found[(id(obj), field.field_name)] = related_values(field, obj)
        translations = self._translations(objs)
        for obj in objs:
            locale_id = getattr(obj, "locale_id", None)
            for field in fields:
                self.found[(id(obj), field.field_name)] = [
                    translations.get(_translation_of(sub_obj, locale_id), sub_obj)
                    for sub_obj in self.found[(id(obj), field.field_name)]
                ]
        visible = self._visibility()
        for key, related in self.found.items():
            self.found[key] = [sub_obj for sub_obj in related if visible(sub_obj)]

    def _translations(self, objs):
        """{(model, translation key, locale pk): translation} of the related objects
        that are in another locale than the object naming them."""
        locale_of = {id(obj): getattr(obj, "locale_id", None) for obj in objs}
        wanted = defaultdict(set)
        locales = set()
        for (obj_id, _name), related in self.found.items():
            for sub_obj in related:
                key = _translation_of(sub_obj, locale_of[obj_id])
                if key is not None:
                    wanted[type(sub_obj)].add(key[1])
                    locales.add(locale_of[obj_id])
        translations = {}
        for model, keys in wanted.items():
            queryset = model._default_manager.filter(
                translation_key__in=keys, locale_id__in=locales
            )
            if issubclass(model, Page):
                queryset = queryset.filter(live=True)
            for translation in queryset:
                translations[(model, translation.translation_key, translation.locale_id)] = (
                    translation
                )
        return translations

    def _visibility(self):
        """Whether a related object may be shown to visitors: pages as the public may
        see them (``network.public.visibility``, one query for the batch), anything
        else always."""
        pages = {
            obj.pk for related in self.found.values() for obj in related if isinstance(obj, Page)
        }
        shown = set(
            visible_pages(Page.objects.filter(pk__in=pages)).values_list("pk", flat=True)
            if pages
            else ()
        )
        return lambda obj: not isinstance(obj, Page) or obj.pk in shown

    def objects(self, obj, search_field):
        """The related objects of ``obj`` to index for one of its RelatedFields."""
        return self.found.get((id(obj), search_field.field_name), [])


def _translation_of(obj, locale_id):
    """The key of ``obj``'s translation in a locale, when ``obj`` is translatable and
    in another locale; else None."""
    obj_locale = getattr(obj, "locale_id", None)
    if locale_id is None or obj_locale is None or obj_locale == locale_id:
        return None
    return (type(obj), getattr(obj, "translation_key", None), locale_id)


def indexing_languages(model, objs):
    """({id(object): language code or None}, IndexableRelated) for a batch to index."""
    return language_codes(objs), IndexableRelated(model, objs)


class IndexableRelatedMixin:
    """For modelsearch's ObjectIndexer: RelatedFields read through ``self.related``
    (an ``IndexableRelated``) when the indexer has one."""

    related = None

    def prepare_field(self, obj, field):
        if isinstance(field, RelatedFields) and self.related is not None and obj is self.obj:
            for sub_obj in self.related.objects(obj, field):
                for sub_field in field.fields:
                    yield from self.prepare_field(sub_obj, sub_field)
            return
        yield from super().prepare_field(obj, field)


def searchable_texts(obj, fields=None):
    """(title texts, other texts) of an object's SearchFields, following RelatedFields
    (through ``obj._portal_related``, an ``IndexableRelated``, when it has one), as the
    portal's database indexers read them."""
    titles, others = [], []
    related_index = getattr(obj, "_portal_related", None)
    for search_field in obj.get_search_fields() if fields is None else fields:
        if isinstance(search_field, SearchField):
            text = _prepared(search_field.get_value(obj)).strip()
            if text:
                (titles if search_field.field_name == "title" else others).append(text)
        elif isinstance(search_field, RelatedFields):
            if related_index is not None and fields is None:
                related = related_index.objects(obj, search_field)
            else:
                related = related_values(search_field, obj)
            for sub_obj in related:
                sub_titles, sub_others = searchable_texts(sub_obj, search_field.fields)
                # A related object's title is body text of this object.
                others.extend(sub_titles + sub_others)
    return titles, others


def prefetch_related_fields(model, objs):
    """Prefetch the many-valued relations an object's RelatedFields read, for a batch.

    modelsearch prefetches them in ``get_indexed_objects`` except ParentalManyToManyFields
    (topics, related cities): without this, indexing queries them once per object.
    Related pages come without their StreamFields (their titles are what is indexed).
    """
    lookups = []
    for search_field in model.get_search_fields():
        if not isinstance(search_field, RelatedFields):
            continue
        field = search_field.get_field(model)
        if not (field.many_to_many or field.one_to_many):
            continue
        related = field.related_model
        if issubclass(related, Page):
            queryset = related._default_manager.defer_streamfields()
            lookups.append(Prefetch(search_field.field_name, queryset=queryset))
        else:
            lookups.append(search_field.field_name)
    if lookups and objs:
        prefetch_related_objects(objs, *lookups)
    return objs
