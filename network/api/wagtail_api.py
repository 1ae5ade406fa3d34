"""Wagtail's own endpoints, made to follow the network's rules.

* v3 (``/api/v3/pages/...``): its schema generator learns how the portal writes
  images, linked pages, snippets and rich text, so ``/api/v3/pages/{id}/`` shows
  the same visible-only values as the network endpoints. Registered from
  ``NetworkConfig.ready()``, before Wagtail builds its page schemas.
* v2 (``/api/v2/``): read-only viewsets that see only visible pages, images and
  documents, whoever asks, and the same field values.
"""

from django.db.models import ForeignKey, ManyToManyField

from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import RichTextField
from wagtail.images.api.v2.views import ImagesAPIViewSet

from rest_framework import serializers

from ..references.batch import References
from ..references.visibility import visible_documents, visible_images, visible_pages
from .serializers import _classify, _reference


def _refs(request, obj):
    references = References.current_or_new(request)
    references.locale_id = getattr(obj, "locale_id", None)
    return references


def represent(obj, name, request):
    """The API value of one relation or rich text field of ``obj``, visible parts only."""
    spec = _classify(type(obj), name)
    refs = _refs(request, obj)
    if spec.kind == "richtext":
        return refs.rich_text(getattr(obj, name))
    if spec.kind == "one":
        return _reference(refs, spec.target, getattr(obj, spec.model_field.attname))
    if spec.kind == "many":
        values = (_reference(refs, spec.target, pk) for pk in _related_pks(obj, name))
        return [value for value in values if value is not None]
    raise ValueError(f"{name} is not a relation or rich text field")


def _related_pks(obj, name):
    manager = getattr(obj, name)
    return [item.pk for item in manager.all()]


# -- v3 ---------------------------------------------------------------------------


def register_v3_field_schemas():
    """Teach Wagtail's v3 read schema generator the portal's relation and rich text
    fields; must run before ``wagtail.api.v3.registry`` is first imported."""
    # Imported during app loading (NetworkConfig.ready), in the order the registry needs.
    from wagtail.api.v3.schemas.generators.read import (
        foreign_key_schema,
        read_generator,
    )

    from .schemas import REFERENCE_SCHEMAS

    def resolver(name):
        def resolve(obj, context):
            return represent(obj, name, context.get("request"))

        return staticmethod(resolve)

    def foreign_key(generator, field):
        spec = _classify(field.model, field.name)
        schema = REFERENCE_SCHEMAS.get(spec.target)
        if schema is None:
            return foreign_key_schema(generator, field)
        return schema | None, None, resolver(field.name)

    def many_to_many(generator, field):
        spec = _classify(field.model, field.name)
        schema = REFERENCE_SCHEMAS.get(spec.target)
        if schema is None:
            return list[int], [], staticmethod(lambda obj, context: _related_pks(obj, field.name))
        return list[schema], [], resolver(field.name)

    def rich_text(generator, field):
        def resolve(obj, context):
            request = context.get("request")
            value = getattr(obj, field.name)
            wanted = request.GET.get("rich_text_format") if request else None
            # Editors with a token may ask for the stored format to round-trip it.
            if wanted and wanted != "html" and request.user.is_authenticated:
                fmt = APIRichText.resolve_format(wanted)
                return APIRichText.serialize(value, format=fmt, features=field.features)
            return represent(obj, field.name, request)

        return str | None, None, staticmethod(resolve)

    read_generator.register_field_schema(ForeignKey, foreign_key)
    read_generator.register_field_schema(ManyToManyField, many_to_many)
    read_generator.register_field_schema(RichTextField, rich_text)


# -- v2 ---------------------------------------------------------------------------


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


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """v2 pages: live, public, unexpired pages only, for every caller."""

    def get_base_queryset(self):
        # As an id subquery, so that search (which filters on indexed fields only) works.
        return super().get_base_queryset().filter(pk__in=visible_pages().values("pk"))

    def resolve_rich_text_format(self):
        _check_rich_text_format(self.request)
        return super().resolve_rich_text_format()

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

    def get_queryset(self):
        return visible_images(super().get_queryset())


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """v2 documents: none from a restricted collection, for every caller."""

    def get_queryset(self):
        return visible_documents(super().get_queryset())
