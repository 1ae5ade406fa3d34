"""What every portal backend does the same way when indexing."""

from django.db.models import Manager, prefetch_related_objects

from modelsearch.index import RelatedFields, SearchField

from ..languages import locale_codes

# How much more a word in a page's own title counts than the same word in its body
# (times the title's norm: shorter titles are closer matches), on the database backends.
TITLE_WEIGHT = 5.0


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


def searchable_texts(obj, fields=None):
    """(title texts, other texts) of an object's SearchFields, following RelatedFields,
    as modelsearch's database indexer reads them."""
    titles, others = [], []
    for search_field in obj.get_search_fields() if fields is None else fields:
        if isinstance(search_field, SearchField):
            text = _prepared(search_field.get_value(obj)).strip()
            if text:
                (titles if search_field.field_name == "title" else others).append(text)
        elif isinstance(search_field, RelatedFields):
            related = search_field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for sub_obj in related:
                sub_titles, sub_others = searchable_texts(sub_obj, search_field.fields)
                # A related object's title is body text of this object.
                others.extend(sub_titles + sub_others)
    return titles, others


def prefetch_related_fields(model, objs):
    """Prefetch the many-valued relations an object's RelatedFields read, for a batch.

    modelsearch prefetches them in ``get_indexed_objects`` except ParentalManyToManyFields
    (topics, related cities): without this, indexing queries them once per object.
    """
    names = []
    for search_field in model.get_search_fields():
        if not isinstance(search_field, RelatedFields):
            continue
        field = search_field.get_field(model)
        if field.many_to_many or field.one_to_many:
            names.append(search_field.field_name)
    if names and objs:
        prefetch_related_objects(objs, *names)
    return objs
