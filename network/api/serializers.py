"""Pages as JSON: every ``api_fields`` entry of every page type, in a fixed number of
queries per batch however many items and StreamField blocks there are.

A batch is serialised in three steps: collect what the items link to (M2M rows in
one UNION query, children in one query per relation, ids read from foreign-key
columns, raw StreamField JSON and rich text source), load it (``References.load``:
one query per kind of object), then write each item with the batch active, so
blocks and fields only look objects up.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Value
from django.db.models.fields.related import ForeignObjectRel
from django.db.models.functions import Cast
from django.utils import timezone, translation

from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from ..models import CityPage, ConferencePage, ProjectPage
from ..references.batch import References
from ..snippets import Organisation, Person, Topic

#: Fields every item carries, whatever ``fields`` asks for.
BASE_FIELDS = (
    "id",
    "type",
    "title",
    "slug",
    "url",
    "locale",
    "first_published_at",
    "last_published_at",
    "translations",
)

#: Fields a listing shows by default beside the base fields (``fields=*`` shows all).
LISTING_FIELDS = {
    "summary",
    "hero_image",
    "intro",
    "date",
    "topics",
    "status",
    "edition",
    "country",
    "country_name",
    "continent",
    "region",
    "latitude",
    "longitude",
    "membership",
    "site_kinds",
    "lead_city",
    "start_date",
    "end_date",
    "opens_at",
    "closes_at",
    "year",
    "host_city",
    "theme",
    "venue",
    "upcoming",
}

SNIPPET_KIND = {Topic: "topic", Organisation: "organisation", Person: "person"}


@dataclass
class FieldSpec:
    """How one API field of a model is read and written."""

    name: str
    kind: str
    model_field: object = None
    children: list = field(default_factory=list)
    target: str = ""


def _classify(model, name):
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return FieldSpec(name, "property")
    if isinstance(model_field, StreamField):
        return FieldSpec(name, "stream", model_field)
    if isinstance(model_field, RichTextField):
        return FieldSpec(name, "richtext", model_field)
    if isinstance(model_field, ForeignObjectRel):
        child = model_field.related_model
        names = [f.name for f in APIField.get_fields_for_model(child)] or ["id"]
        return FieldSpec(name, "children", model_field, [_classify(child, n) for n in names])
    if model_field.many_to_many or model_field.many_to_one:
        related = model_field.related_model
        if issubclass(related, Page):
            target = "page"
        elif issubclass(related, get_image_model()):
            target = "image"
        else:
            target = SNIPPET_KIND.get(related, "")
        kind = "many" if model_field.many_to_many else "one"
        return FieldSpec(name, kind, model_field, target=target)
    if isinstance(model_field, models.DecimalField):
        return FieldSpec(name, "decimal", model_field)
    if isinstance(model_field, models.DateTimeField):
        return FieldSpec(name, "datetime", model_field)
    return FieldSpec(name, "value", model_field)


@cache
def field_specs(model):
    """The model's API fields in declaration order, each classified once."""
    names = [f.name for f in APIField.get_fields_for_model(model)]
    return [_classify(model, name) for name in names] + [
        FieldSpec(name, "extra") for name in EXTRA_FIELDS.get(model, {})
    ]


def available_fields(model):
    return list(BASE_FIELDS) + [spec.name for spec in field_specs(model)]


def _continent(page, refs):
    return page.continent or None


def _site_kinds(page, refs):
    return sorted({site.kind for site in page.michelin_sites.all()})


def _lead_city(page, refs):
    return refs.page_ref(getattr(refs.page_at_path(page.path[: -page.steplen]), "pk", None))


def _upcoming(page, refs):
    return page.is_upcoming()


#: Computed fields the API adds to some page types (name -> function(page, refs)).
EXTRA_FIELDS = {
    CityPage: {
        "continent": _continent,
        "country_name": lambda page, refs: page.country_name,
        "site_kinds": _site_kinds,
    },
    ProjectPage: {"lead_city": _lead_city},
    ConferencePage: {"upcoming": _upcoming},
}


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else None
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class PageSerializer:
    """Writes a batch of (specific) pages as JSON-ready dicts."""

    def __init__(self, request, fields=None, *, detail=False):
        self.request = request
        self.fields = fields  # None: defaults; "*": all; else a set of names
        self.detail = detail

    def wanted(self, model):
        specs = field_specs(model)
        if self.detail or self.fields == "*":
            return specs
        extra = self.fields or set()
        return [spec for spec in specs if spec.name in LISTING_FIELDS or spec.name in extra]

    def serialize(self, pages):
        refs = References(self.request)
        by_model = {}
        for page in pages:
            by_model.setdefault(type(page), []).append(page)
        m2m = {}
        for model, items in by_model.items():
            m2m.update(self._collect(model, items, refs))
        refs.load()
        out = []
        with refs.activate():
            for page in pages:
                out.append(self._write(page, refs, m2m))
        return out

    def _collect(self, model, items, refs):
        return collect(items, self.wanted(model), refs)

    def _write(self, page, refs, m2m):
        refs.locale_id = page.locale_id
        context = {"request": self.request}
        with translation.override(page.locale.language_code):
            data = {
                "id": page.pk,
                "type": page._meta.label,
                "title": page.title,
                "slug": page.slug,
                "url": page.get_full_url(self.request),
                "locale": page.locale.language_code,
                **(
                    {"fallback_from": page.locale.language_code}
                    if getattr(page, "fallback_lang", None)
                    else {}
                ),
                "first_published_at": _json_value(page.first_published_at),
                "last_published_at": _json_value(page.last_published_at),
                "translations": [
                    {
                        "locale": other.locale.language_code,
                        "id": other.pk,
                        "url": other.get_full_url(self.request),
                    }
                    for other in refs.translations(page)
                ],
            }
            for spec in self.wanted(type(page)):
                data[spec.name] = self._field(page, spec, refs, m2m, context)
        return data

    def _field(self, page, spec, refs, m2m, context):
        if spec.kind == "stream":
            value = getattr(page, spec.name)
            return value.stream_block.get_api_representation(value, context)
        if spec.kind == "richtext":
            return refs.rich_text(getattr(page, spec.name))
        if spec.kind == "one":
            return _reference(refs, spec.target, getattr(page, spec.model_field.attname))
        if spec.kind == "many":
            targets = m2m.get((spec.name, page.pk), [])
            items = (_reference(refs, spec.target, pk) for pk in targets)
            return [item for item in items if item is not None]
        if spec.kind == "children":
            return [
                {child.name: _json_value(getattr(obj, child.name)) for child in spec.children}
                for obj in getattr(page, spec.name).all()
            ]
        if spec.kind == "extra":
            return EXTRA_FIELDS[type(page)][spec.name](page, refs)
        return _json_value(getattr(page, spec.name))


def collect(items, specs, refs, *, translations=True):
    """Note in ``refs`` everything the ``specs`` fields of ``items`` (pages of one
    model) link to, prefetch their child rows, and return their many-to-many rows
    (``{(field name, page id): [target ids]}``). Nothing is loaded yet: the caller
    runs ``refs.load()`` once for the whole batch."""
    model = type(items[0]) if items else None
    if model is None:
        return {}
    for page in items:
        refs.want_locale(page.locale_id)
        if translations:
            refs.want_translations(page.translation_key)
    m2m_specs = [spec for spec in specs if spec.kind == "many"]
    rows = _m2m_rows(model, m2m_specs, [page.pk for page in items])
    for (_name, _source), targets in rows.items():
        kind = next(spec.target for spec in m2m_specs if spec.name == _name)
        for target in targets:
            refs.want(kind, target)
    child_names = [spec.name for spec in specs if spec.kind == "children"]
    if child_names or any(spec.name == "site_kinds" for spec in specs):
        names = set(child_names) | ({"michelin_sites"} if model is CityPage else set())
        models.prefetch_related_objects(items, *names)
    for spec in specs:
        for page in items:
            if spec.kind == "one":
                refs.want(spec.target, getattr(page, spec.model_field.attname))
            elif spec.kind == "stream":
                refs.collect_stream(getattr(page, spec.name))
            elif spec.kind == "richtext":
                refs.collect_rich_text(getattr(page, spec.name))
            elif spec.name == "lead_city":
                refs.want_page_path(page.path[: -page.steplen])
    return rows


def _reference(refs, kind, value):
    if value is None:
        return None
    return {
        "page": refs.page_ref,
        "image": refs.image_data,
        "document": refs.document_data,
        "topic": refs.topic_data,
        "person": refs.person_data,
        "organisation": refs.organisation_data,
    }[kind](value)


def _m2m_rows(model, specs, source_ids):
    """``{(field name, source id): [target ids]}`` for many-to-many fields, in one query."""
    if not specs or not source_ids:
        return {}
    parts = []
    for spec in specs:
        model_field = spec.model_field
        through = model_field.remote_field.through
        source = through._meta.get_field(model_field.m2m_field_name()).attname
        target = through._meta.get_field(model_field.m2m_reverse_field_name()).attname
        parts.append(
            through.objects.filter(**{f"{source}__in": source_ids})
            .annotate(
                api_field=Value(spec.name, output_field=models.CharField()),
                api_source=Cast(F(source), models.BigIntegerField()),
                api_target=Cast(F(target), models.BigIntegerField()),
                api_order=Cast(F("pk"), models.BigIntegerField()),
            )
            .values_list("api_field", "api_source", "api_target", "api_order")
        )
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows = {}
    for name, source, target, _order in sorted(query, key=lambda row: row[3]):
        rows.setdefault((name, source), []).append(target)
    return rows
