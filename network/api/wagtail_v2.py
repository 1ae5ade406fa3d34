"""Wagtail's API v2 (``/api/v2/``), kept read-only for existing clients: viewsets that
see only visible pages, images and documents, whoever asks, and write the same field
values as v3 (:func:`network.api.wagtail_api.represent`); a listing resolves what its
items link to in one batch (:func:`batch_references`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, ForeignKey, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from rest_framework import serializers

from ..public.visibility import visible_documents, visible_images, visible_pages
from ..references.batch import References
from .serializers import _classify, collect, field_specs
from .wagtail_api import represent


def batch_references(request, items, field_names, *, translations=False):
    """One :class:`References` for a whole listing: what the ``field_names`` fields of
    ``items`` link to (rich text, choosers, StreamField blocks, many-to-many rows,
    child rows, locales) is collected for every item, then loaded in one query per
    kind of object. Activated around the serialisation of the listing, it lets
    :func:`represent` and the blocks only look objects up: the listing runs the same
    number of queries for 10 items as for 100."""
    references = References(request)
    items = list(items)
    if items:
        models.prefetch_related_objects(items, "locale")
    by_model = {}
    for item in items:
        by_model.setdefault(type(item), []).append(item)
    for model, batch in by_model.items():
        specs = [spec for spec in field_specs(model) if spec.name in field_names]
        rows = collect(batch, specs, references, translations=translations)
        many = [spec.name for spec in specs if spec.kind == "many"]
        references.note_related(rows, many, [item.pk for item in batch])
    references.load()
    return references


class VisibleField(serializers.Field):
    """A v2 field written by :func:`represent` (visible, localised values only)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return represent(instance, self.field_name, self.context.get("request"))


def _check_rich_text_format(request):
    wanted = request.GET.get("rich_text_format")
    if wanted not in (None, "html"):
        raise BadRequestError("rich_text_format: the public API gives rich text as html only")


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?first_published_at=...``), with every value checked
    against its field first: Wagtail converts numbers and booleans, and hands any other
    value (a date, a decimal) to the database as it comes, a server error when it
    is not one."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields or name == "locale":
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except LookupError:
                continue
            if isinstance(field, ForeignKey):
                field = field.target_field
            try:
                field.to_python(value)
            except (ValidationError, ValueError, TypeError) as error:
                raise BadRequestError(
                    f"field filter error. '{value}' is not a valid value for {name}"
                ) from error
        return super().filter_queryset(request, queryset, view)


def _checked(filter_backends):
    return [CheckedFieldsFilter if f is FieldsFilter else f for f in filter_backends]


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """v2 pages: live, public, unexpired pages only, for every caller."""

    filter_backends = _checked(PagesAPIViewSet.filter_backends)
    _base_queryset = None

    def get_base_queryset(self):
        """The visible pages under the request's site root or one of its translations.

        Wagtail's own base reads every view restriction and the site's root page on
        each call (and a listing calls it three times); the portal hides every
        restricted page from everyone anyway (:func:`visible_pages`), so the same set
        is written as one subquery, built once per request. As an id subquery, so
        that search (which filters on indexed fields only) works."""
        if self._base_queryset is None:
            try:
                site = SiteFilterValidator(
                    site=self.request.GET.get("site"), request=self.request
                ).site_obj
            except ValueError as error:
                raise BadRequestError(str(error)) from error
            if site is None:
                return Page.objects.none()
            roots = Page.objects.filter(
                translation_key__in=Page.objects.filter(pk=site.root_page_id).values(
                    "translation_key"
                ),
                path=Substr(OuterRef("path"), 1, Length(F("path"))),
            )
            shown = visible_pages(Page.objects.filter(Exists(roots)))
            self._base_queryset = Page.objects.filter(pk__in=shown.values("pk"))
        return self._base_queryset

    def get_queryset(self):
        # Every item's locale comes with it (the listing's "locale" field).
        return super().get_queryset().select_related("locale")

    def resolve_rich_text_format(self):
        _check_rich_text_format(self.request)
        return super().resolve_rich_text_format()

    def listing_view(self, request):
        """Wagtail's listing, with the references of the whole page of items resolved
        in one batch (:func:`batch_references`) before any item is serialised."""
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        items = list(self.paginate_queryset(queryset))
        serializer = self.get_serializer(items, many=True)
        names = set(serializer.child.Meta.fields)
        with batch_references(request, items, names).activate():
            return self.get_paginated_response(serializer.data)

    @classmethod
    def get_field_serializer_overrides(cls, model):
        overrides = super().get_field_serializer_overrides(model)
        for field in cls.get_body_fields(model):
            spec = _classify(model, field.name)
            if field.name not in overrides and (
                spec.kind == "richtext" or (spec.kind in ("one", "many") and spec.target)
            ):
                overrides[field.name] = VisibleField()
        return overrides


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """v2 images: none from a restricted collection, for every caller."""

    filter_backends = _checked(ImagesAPIViewSet.filter_backends)

    def get_queryset(self):
        # As an id subquery, so that search (which filters on indexed fields only) works.
        return super().get_queryset().filter(pk__in=visible_images().values("pk"))


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """v2 documents: none from a restricted collection, for every caller."""

    filter_backends = _checked(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=visible_documents().values("pk"))
