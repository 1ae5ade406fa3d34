"""Wagtail's own endpoints, made to follow the network's rules.

* v3 (``/api/v3/pages/...``): its schema generator learns how the portal writes
  images, linked pages, snippets and rich text, so ``/api/v3/pages/{id}/`` shows
  the same visible-only values as the network endpoints. Registered from
  ``NetworkConfig.ready()``, before Wagtail builds its page schemas.
* v2 (``/api/v2/``): read-only viewsets in ``network.api.wagtail_v2``, writing fields
  with :func:`represent` as here.
"""

import functools

from django.db.models import ForeignKey, ManyToManyField, Q
from django.http import Http404

from wagtail.api.rich_text import APIRichText
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from ..public.visibility import visible_documents, visible_images, visible_pages
from ..references.batch import References
from .errors import ParameterError
from .serializers import _classify, _reference
from .write_checks import (
    checked_document_edit,
    checked_input,
    checked_move,
    checked_translation_copy,
)


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
    references = References.current()
    noted = references.related_ids(name, obj.pk) if references is not None else None
    if noted is not None:
        return noted
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


class RestrictedSearch:
    """Wagtail's ``SearchSchema`` of a listing, applied to what ``restrict`` leaves.

    Searching is the last step of each of Wagtail's v3 listings, so filtering here
    narrows the whole listing (and its count). As an id subquery: search backends
    filter on indexed fields only.
    """

    def __init__(self, search, restrict):
        self._search = search
        self._restrict = restrict

    def __getattr__(self, name):
        return getattr(self._search, name)

    def search_queryset(self, request, queryset):
        allowed = self._restrict(request, queryset.model.objects.all()).values("pk")
        return self._search.search_queryset(request, queryset.filter(pk__in=allowed))


def pages_for(request, queryset):
    """Anonymous readers see visible pages; a token keeps Wagtail's rule (the pages
    its owner may edit or publish, which it also writes)."""
    if request.user.is_authenticated:
        return queryset
    return visible_pages(queryset)


def _files_for(visible, model):
    def files_for(request, queryset):
        """Files outside restricted collections, plus, for a token, those its owner may
        choose or edit in the admin (Wagtail would show any logged-in user a file of a
        login-only collection)."""
        shown = Q(pk__in=visible(model.objects.all()).values("pk"))
        if request.user.is_authenticated:
            policy = policy_registry.get_by_type(model)
            editable = policy.instances_user_has_any_permission_for(
                request.user, ["choose", "change"]
            )
            shown |= Q(pk__in=editable.values("pk"))
        return queryset.filter(shown)

    return files_for


#: The page ids a listing of ``/api/v3/pages/`` may be relative to.
RELATIVE_PAGE_FILTERS = ("child_of", "descendant_of", "ancestor_of", "translation_of")


def reads_limited_to(restrict, model, id_name):
    """A Ninja operation decorator for one of Wagtail's v3 routers: its reads (a
    listing, a search, an item by id) show only what ``restrict`` leaves the caller.

    Wagtail's public tier checks ``live`` and view restrictions only: an expired page
    (before ``publish_scheduled`` runs) or one under an unpublished page would show,
    and a token whose owner has no permission would read a login-only collection's
    images. Writes are left to Wagtail's permission checks.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "GET":
                pk = kwargs.get(id_name)
                if pk is not None and not restrict(request, model.objects.filter(pk=pk)).exists():
                    raise Http404(f"No {model._meta.verbose_name} has this id.")
                filters = kwargs.get("filters")
                for name in RELATIVE_PAGE_FILTERS if filters is not None else ():
                    value = str(getattr(filters, name, None))
                    if not (value.isascii() and value.isdigit()):
                        continue  # "root", absent, or refused by Wagtail itself
                    if not restrict(request, model.objects.filter(pk=int(value))).exists():
                        raise ParameterError(name, "no published, public page has this id")
                if "search" in kwargs:
                    kwargs["search"] = RestrictedSearch(kwargs["search"], restrict)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def adapt_v3_routers():
    """Make Wagtail's v3 routers follow the portal's rules (Ninja's
    ``Router.add_decorator``, before the API's URLs are built): reads of pages,
    images and documents show only what the caller may see; ids and bodies are
    checked before they reach the database; a move or a translation copy the tree or
    the database cannot take is a 4xx."""
    # Wagtail's v3 routers build their schemas on import: only after
    # register_v3_field_schemas (app loading) has taught the generator the portal's fields.
    from wagtail.api.v3.routers.pages import router as pages_router
    from wagtail.contrib.redirects.api.v3.router import router as redirects_router
    from wagtail.documents.api.v3.router import router as documents_router
    from wagtail.images.api.v3.router import router as images_router
    from wagtail.snippets.api.v3.router import router as snippets_router

    for router in (
        pages_router,
        images_router,
        documents_router,
        snippets_router,
        redirects_router,
    ):
        router.add_decorator(checked_input, mode="view")
    image_model, document_model = get_image_model(), get_document_model()
    pages_router.add_decorator(reads_limited_to(pages_for, Page, "page_id"))
    pages_router.add_decorator(checked_move)
    pages_router.add_decorator(checked_translation_copy)
    snippets_router.add_decorator(checked_translation_copy)
    images_router.add_decorator(
        reads_limited_to(_files_for(visible_images, image_model), image_model, "image_id")
    )
    documents_router.add_decorator(checked_document_edit)
    documents_router.add_decorator(
        reads_limited_to(
            _files_for(visible_documents, document_model), document_model, "document_id"
        )
    )
