"""Submitting for translation in bulk: the source's segments written in a few queries.

wagtail-localize extracts a page's segments once per page (``TranslationSource.
get_or_create_from_instance`` calls ``refresh_segments`` only when it creates the
source), but ``refresh_segments`` writes them one by one: for every segment a
``get_or_create`` of its ``String`` (or ``Template``), of its ``TranslationContext``, an
update of the context's ``field_path`` and a ``get_or_create`` of the segment, that is
six to eight queries per segment (about 500 for a city page with every block type and
the person it links to).

``BulkTranslationSource`` is a proxy of wagtail-localize's ``TranslationSource`` whose
``refresh_segments`` writes the same rows with the same values from the same
``extract_segments``, in a constant number of queries whatever the number of segments:

* ``String``, ``Template``, ``TranslationContext`` and the ``TranslatableObject`` of
  the related objects: one ``bulk_create(ignore_conflicts=True)`` each, then one select
  (get-or-create of them all in two queries);
* the four segment tables: one select of the segments the source has already, one
  ``bulk_create`` of those it lacks, one delete of those no longer extracted (what
  ``refresh_segments`` does, row for row).

The hashes that identify strings, templates and contexts are wagtail-localize's own
(``String._get_data_hash``, ``TranslationContext._get_path_id``, the template's uuid as
``Template.from_value`` computes it); a context's ``field_path`` is computed by
wagtail-localize's ``TranslationContext.get_field_path`` on an unsaved stand-in (the
method saves the context it fills in; here the value is written with the row instead).
Those are private helpers of wagtail-localize 1.14, pinned to its minor version in
pyproject.toml; tests/test_translation_bulk.py checks the rows are those
wagtail-localize writes.
"""

import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    String,
    StringSegment,
    Template,
    TemplateSegment,
    TranslatableObject,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments


class _UnsavedContext:
    """What ``TranslationContext.get_field_path`` reads and writes, without a row."""

    def __init__(self, path):
        self.path = path
        self.field_path = ""

    def save(self, **kwargs):
        """The field path is written with the context's row (see ``contexts``)."""


def _field_path(path, instance):
    stand_in = _UnsavedContext(path)
    return TranslationContext.get_field_path(stand_in, instance)


def _template_uuid(value):
    # As Template.from_value computes it.
    namespace = uuid.uuid5(Template.BASE_UUID_NAMESPACE, value.format)
    return uuid.uuid5(namespace, value.template)


def contexts(object_id, paths, instance):
    """{path: TranslationContext} for the object's paths, created if missing."""
    ids = {path: TranslationContext._get_path_id(path) for path in paths}
    found = {
        c.path_id: c
        for c in TranslationContext.objects.filter(object_id=object_id, path_id__in=ids.values())
    }
    missing = [
        TranslationContext(
            object_id=object_id,
            path=path,
            path_id=path_id,
            field_path=_field_path(path, instance),
        )
        for path, path_id in ids.items()
        if path_id not in found
    ]
    if missing:
        TranslationContext.objects.bulk_create(missing, ignore_conflicts=True)
        found = {
            c.path_id: c
            for c in TranslationContext.objects.filter(
                object_id=object_id, path_id__in=ids.values()
            )
        }
    unfilled = [c for c in found.values() if not c.field_path]
    for context in unfilled:  # made before wagtail-localize 1.0 kept field paths
        context.field_path = _field_path(context.path, instance)
    if unfilled:
        TranslationContext.objects.bulk_update(unfilled, ["field_path"])
    return {path: found[path_id] for path, path_id in ids.items()}


def strings(locale_id, values):
    """{data: String} of the locale, created if missing (two queries)."""
    hashes = {value.data: String._get_data_hash(value.data) for value in values}
    if not hashes:
        return {}
    String.objects.bulk_create(
        [String(locale_id=locale_id, data=data, data_hash=h) for data, h in hashes.items()],
        ignore_conflicts=True,
    )
    found = {
        s.data_hash: s
        for s in String.objects.filter(locale_id=locale_id, data_hash__in=hashes.values())
    }
    return {data: found[h] for data, h in hashes.items()}


def templates(values):
    """{uuid: Template}, created if missing (two queries)."""
    made = {_template_uuid(value): value for value in values}
    if not made:
        return {}
    Template.objects.bulk_create(
        [
            Template(
                uuid=key,
                template=value.template,
                template_format=value.format,
                string_count=value.string_count,
            )
            for key, value in made.items()
        ],
        ignore_conflicts=True,
    )
    return {t.uuid: t for t in Template.objects.filter(uuid__in=made)}


def translatable_objects(values):
    """{translation_key: TranslatableObject} of related objects, created if missing."""
    made = {value.translation_key: value.content_type for value in values}
    if not made:
        return {}
    TranslatableObject.objects.bulk_create(
        [TranslatableObject(translation_key=key, content_type=ct) for key, ct in made.items()],
        ignore_conflicts=True,
    )
    return {o.pk: o for o in TranslatableObject.objects.filter(translation_key__in=made)}


def _sync(model, source, wanted, key):
    """Create the segments of ``wanted`` the source lacks, delete those not wanted."""
    existing = {key(segment): segment.pk for segment in model.objects.filter(source=source)}
    keep = set()
    missing = []
    for segment in wanted:
        found = existing.get(key(segment))
        if found is None:
            missing.append(segment)
        else:
            keep.add(found)
    if missing:
        model.objects.bulk_create(missing)
    stale = set(existing.values()) - keep
    if stale:
        model.objects.filter(pk__in=stale).delete()


class BulkTranslationSource(TranslationSource):
    """wagtail-localize's ``TranslationSource`` whose segments are written in bulk."""

    class Meta:
        proxy = True

    @transaction.atomic
    def refresh_segments(self):
        """The rows of ``TranslationSource.refresh_segments``, in bulk (see the module)."""
        instance = self.as_instance()
        values = extract_segments(instance)
        by_path = contexts(self.object_id, {value.path for value in values}, instance)
        string_values = [
            value
            for value in values
            if not isinstance(
                value, TemplateSegmentValue | RelatedObjectSegmentValue | OverridableSegmentValue
            )
        ]
        by_data = strings(self.locale_id, [value.string for value in string_values])
        by_uuid = templates([v for v in values if isinstance(v, TemplateSegmentValue)])
        by_key = translatable_objects(
            [v for v in values if isinstance(v, RelatedObjectSegmentValue)]
        )

        string_segments, template_segments, related_segments, overridable_segments = (
            [],
            [],
            [],
            [],
        )
        for value in values:
            context = by_path[value.path]
            common = {"source": self, "context": context, "order": value.order}
            if isinstance(value, TemplateSegmentValue):
                template = by_uuid[_template_uuid(value)]
                template_segments.append(TemplateSegment(template=template, **common))
            elif isinstance(value, RelatedObjectSegmentValue):
                related = by_key[value.translation_key]
                related_segments.append(RelatedObjectSegment(object=related, **common))
            elif isinstance(value, OverridableSegmentValue):
                data = json.dumps(value.data, cls=DjangoJSONEncoder)
                overridable_segments.append(OverridableSegment(data_json=data, **common))
            else:
                attrs = json.dumps(value.attrs, cls=DjangoJSONEncoder)
                string = by_data[value.string.data]
                string_segments.append(StringSegment(string=string, attrs=attrs, **common))

        def place(segment):
            return (segment.context_id, segment.order)

        _sync(
            StringSegment,
            self,
            string_segments,
            lambda s: (*place(s), s.string_id, s.attrs),
        )
        _sync(TemplateSegment, self, template_segments, lambda s: (*place(s), s.template_id))
        _sync(RelatedObjectSegment, self, related_segments, lambda s: (*place(s), s.object_id))
        _sync(
            OverridableSegment,
            self,
            overridable_segments,
            lambda s: (*place(s), s.data_json),
        )
