"""The shapes of the network endpoints' responses, for ``/api/v3/openapi.json``.

Item schemas are generated from each page type's field specs (the same ones the
serializer writes), so the document cannot drift from the output; the schemathesis
run in ``tests/test_api_openapi.py`` checks real responses against them.
"""

import datetime
from typing import Any, Literal, Union

from django.db import models

from ninja import Schema
from pydantic import Field, create_model

from .params import portal_page_models
from .serializers import EXTRA_FIELDS, field_specs

FALLBACK_HELP = (
    "Set when the item is not translated into the requested locale: the language the "
    "item is given in (the source language); its `url` is then its address under the "
    "requested language's prefix."
)


class Problem(Schema):
    """An RFC 7807 problem document (errors, with what was wrong in ``errors``)."""

    type: str
    title: str
    status: int
    detail: str = ""
    errors: list[dict[str, Any]] | None = None


class PageRef(Schema):
    """A linked page, in the linking item's language where translated."""

    id: int
    title: str
    url: str | None
    locale: str


class Translation(Schema):
    locale: str
    id: int
    url: str | None


class Rendition(Schema):
    url: str
    width: int
    height: int


class Image(Schema):
    """An image: its text alternatives and the allow-listed renditions."""

    id: int
    title: str
    alt: str
    credit: str
    renditions: dict[Literal["thumbnail", "medium", "large"], Rendition]


class TopicRef(Schema):
    id: int
    name: str
    slug: str


class PersonRef(Schema):
    id: int
    name: str
    role: str


class OrganisationRef(Schema):
    id: int
    name: str
    kind: str
    website: str


class StreamChild(Schema):
    """One block of a StreamField: its type, its typed value, its stable id."""

    type: str
    value: Any = None
    id: str | None = None


class LocaleSchema(Schema):
    code: str
    name: str
    is_default: bool
    available: bool
    home_url: str | None


class Topic(Schema):
    id: int
    name: str
    slug: str
    description: str
    locale: str


class Point(Schema):
    """A GeoJSON Point: ``[longitude, latitude]`` (RFC 7946, WGS 84)."""

    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2)


class CityProperties(Schema):
    title: str
    url: str | None
    locale: str
    fallback_from: str | None = Field(None, description=FALLBACK_HELP)
    country: str
    country_name: str
    continent: str | None
    membership: str
    membership_label: str
    site_kinds: list[str]
    population: int | None
    summary: str


class Feature(Schema):
    type: Literal["Feature"]
    id: int
    geometry: Point
    properties: CityProperties


class FeatureCollection(Schema):
    """The cities as an RFC 7946 FeatureCollection (``application/geo+json``)."""

    type: Literal["FeatureCollection"]
    features: list[Feature]


REFERENCE_SCHEMAS = {
    "page": PageRef,
    "image": Image,
    "topic": TopicRef,
    "person": PersonRef,
    "organisation": OrganisationRef,
}

EXTRA_TYPES = {"continent": str | None, "country_name": str, "site_kinds": list[str]}
PROPERTY_TYPES = {"status": str, "year": int, "lead_city": PageRef | None, "upcoming": bool}


def _value_type(model_field):
    if isinstance(model_field, models.BooleanField):
        python = bool
    elif isinstance(model_field, models.IntegerField):
        python = int
    elif isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        python = datetime.date
    else:
        python = str
    return python | None if model_field.null else python


def _annotation(spec):
    if spec.kind == "stream":
        return list[StreamChild]
    if spec.kind == "richtext":
        return str
    if spec.kind == "decimal":
        return float | None if spec.model_field.null else float
    if spec.kind == "datetime":
        return datetime.datetime | None
    if spec.kind == "one":
        return REFERENCE_SCHEMAS.get(spec.target, dict[str, Any]) | None
    if spec.kind == "many":
        return list[REFERENCE_SCHEMAS.get(spec.target, dict[str, Any])]
    if spec.kind == "children":
        return list[dict[str, Any]]
    if spec.kind == "extra":
        return EXTRA_TYPES.get(spec.name, PROPERTY_TYPES.get(spec.name, Any))
    if spec.kind == "property":
        return PROPERTY_TYPES.get(spec.name, Any)
    return _value_type(spec.model_field)


def page_item_schema(model):
    """The item schema of a page type: base fields, then its API fields (all optional,
    since a listing shows some of them unless ``fields=*``)."""
    fields = {
        "type": (Literal[model._meta.label], ...),
        "id": (int, ...),
        "title": (str, ...),
        "slug": (str, ...),
        "url": (str | None, ...),
        "locale": (str, ...),
        # Only on an item of a listing asked for in another language (``locale=``) that
        # has no translation there: the item's own language (docs/README-api.md).
        "fallback_from": (str | None, Field(None, description=FALLBACK_HELP)),
        "first_published_at": (datetime.datetime | None, None),
        "last_published_at": (datetime.datetime | None, None),
        "translations": (list[Translation], ...),
    }
    for spec in field_specs(model):
        fields[spec.name] = (_annotation(spec), Field(None))
    return create_model(f"{model.__name__}Item", __base__=Schema, **fields)


ITEM_SCHEMAS = {model: page_item_schema(model) for model in portal_page_models()}
PageItem = Union[tuple(ITEM_SCHEMAS.values())]  # noqa: UP007 - a runtime union of classes


def list_schema(name, item):
    return create_model(name, __base__=Schema, count=(int, ...), items=(list[item], ...))


PageList = list_schema("PageList", PageItem)

__all__ = ["EXTRA_FIELDS"]
